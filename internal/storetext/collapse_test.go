package storetext

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// collapseSpec is collapse written rune by rune: cleaned, white space runs
// folded into one space, trimmed, and cut before the rune that would pass
// MaxSearchBytes.
func collapseSpec(s string) string {
	s = Clean(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		n := utf8.RuneLen(r)
		if space {
			n++
		}
		if b.Len()+n > MaxSearchBytes {
			break
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestCollapseMatchesSpec(t *testing.T) {
	pieces := []string{"a", "Word", " ", "  ", "\t", "\n", "\x00", "\x01", "\u0085", "\u00a0", "\u3000", "é", "東京", "\xff", "—", "🙂"}
	r := rand.New(rand.NewPCG(9, 4))
	check := func(in string) {
		t.Helper()
		if got, want := collapse(in), collapseSpec(in); got != want {
			t.Fatalf("collapse(%.200q…) differs from its definition:\n got %d bytes %.120q…\nwant %d bytes %.120q…", in, len(got), got, len(want), want)
		}
	}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(30) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		check(b.String())
	}
	// Around the cap: every way a run, a space or a multi-byte rune can meet it.
	for _, tail := range []string{"abcdef", " abc", "€€€", " €", "x€", "\u00a0y", "  "} {
		for pad := MaxSearchBytes - 8; pad <= MaxSearchBytes+2; pad++ {
			check(strings.Repeat("w", pad) + tail)
			check(strings.Repeat("w ", pad/2) + tail)
		}
	}
}

func FuzzCollapse(f *testing.F) {
	for _, s := range []string{"", " a  b ", "\xff\xfe", "x\u00a0y", "\t\x00z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapse(s), collapseSpec(s); got != want {
			t.Fatalf("collapse(%q) = %q, want %q", s, got, want)
		}
	})
}
