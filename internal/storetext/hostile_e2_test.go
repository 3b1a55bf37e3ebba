package storetext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// hugeArticle returns a 5 MB article as HTML and its visible text, built so
// that byte MaxSearchBytes of the text falls inside a three-byte rune.
func hugeArticle() (htmlText, text string) {
	var b strings.Builder
	for b.Len() < MaxSearchBytes-1 {
		b.WriteString("word ")
	}
	s := b.String()[:MaxSearchBytes-1] // ends "…wo" or similar: cut inside ASCII only
	b.Reset()
	b.WriteString(s)
	for b.Len() < 5<<20 {
		b.WriteString("€€€ tail ")
	}
	text = strings.TrimSpace(b.String())
	return "<p>" + text + "</p>", text
}

// TestHostileE2_SearchTextBounded: the search text of a 5 MB article is cut to
// MaxSearchBytes on a rune boundary (the cap falls inside "€"), stays valid
// UTF-8 and is a prefix of the article's text.
func TestHostileE2_SearchTextBounded(t *testing.T) {
	in, text := hugeArticle()
	if utf8.RuneStart(text[MaxSearchBytes]) {
		t.Fatalf("fixture: byte %d is a rune start; the cap must fall inside a rune", MaxSearchBytes)
	}
	got := Plain(in)
	if len(got) > MaxSearchBytes {
		t.Fatalf("Plain kept %d bytes, cap %d", len(got), MaxSearchBytes)
	}
	if !utf8.ValidString(got) {
		t.Fatalf("Plain cut inside a rune: ends %q", got[max(0, len(got)-8):])
	}
	if len(got) < MaxSearchBytes-utf8.UTFMax {
		t.Errorf("Plain kept %d bytes; want the cap less at most one rune (%d)", len(got), MaxSearchBytes)
	}
	if !strings.HasPrefix(text, got) {
		t.Errorf("Plain's text is not a prefix of the article's text")
	}
	if got != strings.TrimSpace(got) {
		t.Errorf("truncated text has leading or trailing space")
	}
}

// TestHostileE2_CapSkipsPendingSpace: a space owed before a rune that does not
// fit is not written either, so the result never ends in white space.
func TestHostileE2_CapSkipsPendingSpace(t *testing.T) {
	in := strings.Repeat("a", MaxSearchBytes-1) + "   \n b c"
	got := Plain(in)
	if got != strings.Repeat("a", MaxSearchBytes-1) {
		t.Errorf("Plain = …%q (%d bytes), want the a's alone", got[max(0, len(got)-4):], len(got))
	}
	short := "<p>Short   story.</p>"
	if got := Plain(short); got != "Short story." {
		t.Errorf("Plain(%q) = %q: text under the cap must be whole", short, got)
	}
}
