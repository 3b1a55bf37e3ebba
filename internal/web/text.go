package web

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/net/html"
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

// plainText returns the visible text of an HTML fragment with runs of white space
// collapsed. Block elements separate words; script, style and template are skipped.
func plainText(fragment string) string {
	z := html.NewTokenizer(strings.NewReader(fragment))
	var b strings.Builder
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch {
			case !hiddenTags[string(name)]:
			case tt == html.StartTagToken:
				skip++
			case tt == html.EndTagToken && skip > 0:
				skip--
			}
			if !inlineTags[string(name)] {
				b.WriteByte(' ')
			}
		}
	}
}

// hiddenTags hold no visible text.
var hiddenTags = map[string]bool{"script": true, "style": true, "template": true, "noscript": true}

// inlineTags do not separate words; every other tag does.
var inlineTags = map[string]bool{
	"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "cite": true, "code": true,
	"data": true, "dfn": true, "em": true, "i": true, "kbd": true, "mark": true, "q": true,
	"s": true, "samp": true, "small": true, "span": true, "strong": true, "sub": true,
	"sup": true, "time": true, "u": true, "var": true, "wbr": true,
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
