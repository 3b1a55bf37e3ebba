package extract

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

// collapseSpacesSpec is collapseSpaces written rune by rune: white space runs
// become one space, control characters, BOM and zero-width spaces go, and the
// ends are trimmed.
func collapseSpacesSpec(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r) || r == '\uFEFF' || r == '\u200B':
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func TestCollapseSpacesMatchesSpec(t *testing.T) {
	pieces := []string{"a", "Word", " ", "  ", "\t", "\n", "\r\n", "\v", "\f", "\x00", "\x01", "\x7f", "\u0085", "\u00a0",
		"\u2003", "\u3000", "\uFEFF", "\u200B", "é", "東京", "\xff", "\xe2\x82", "—", "&", "<b>", ".", "🙂"}
	r := rand.New(rand.NewPCG(3, 5))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(30) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		in := b.String()
		if got, want := collapseSpaces(in), collapseSpacesSpec(in); got != want {
			t.Fatalf("collapseSpaces(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzCollapseSpaces(f *testing.F) {
	for _, s := range []string{"", " a  b ", "\xff\xfe", "x\u00a0y", "\t\u200B\uFEFFz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapseSpaces(s), collapseSpacesSpec(s); got != want {
			t.Fatalf("collapseSpaces(%q) = %q, want %q", s, got, want)
		}
	})
}
