package web

import (
	"fmt"
	"strings"
	"time"
	"unicode"
)

// relTime describes t relative to now for a reader: "just now", "5 minutes ago",
// "3 hours ago", "yesterday", "4 days ago", "in 20 minutes"; beyond four weeks,
// the date ("2 Mar", or "2 Mar 2024" in another year).
func relTime(t, now time.Time) string {
	d := now.Sub(t)
	future := d < 0
	if future {
		d = -d
	}
	var s string
	switch {
	case d < time.Minute:
		if future {
			return "in under a minute"
		}
		return "just now"
	case d < time.Hour:
		s = count(int(d/time.Minute), "minute", "minutes")
	case d < 24*time.Hour:
		s = count(int(d/time.Hour), "hour", "hours")
	case d < 48*time.Hour && !future:
		return "yesterday"
	case d < 28*24*time.Hour:
		s = count(int(d/(24*time.Hour)), "day", "days")
	default:
		if t.Year() == now.Year() {
			return t.Format("2 Jan")
		}
		return t.Format("2 Jan 2006")
	}
	if future {
		return "in " + s
	}
	return s + " ago"
}

// count returns "1 story", "3 stories": n with the right form of the noun.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// snippet shortens text to at most max runes, cutting at a word boundary and
// adding "…" when it cuts.
func snippet(text string, max int) string {
	r := []rune(text)
	if len(r) <= max {
		return text
	}
	cut := max
	for cut > max*2/3 && !unicode.IsSpace(r[cut]) {
		cut--
	}
	if cut <= max*2/3 {
		cut = max
	}
	return strings.TrimRightFunc(string(r[:cut]), func(c rune) bool {
		return unicode.IsSpace(c) || unicode.IsPunct(c)
	}) + "…"
}
