package ingest

import (
	"html"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// summarizeSpec is the definition summarize implements without collapsing a
// whole article: white space collapsed, at most summaryRunes runes, cut back
// to a word boundary with an ellipsis when the text is longer, escaped.
func summarizeSpec(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) > summaryRunes {
		text = string([]rune(text)[:summaryRunes])
		if i := strings.LastIndexByte(text, ' '); i > summaryRunes/2 {
			text = text[:i]
		}
		text += "…"
	}
	return html.EscapeString(text)
}

func TestSummarizeMatchesItsDefinition(t *testing.T) {
	words := []string{"a", "Seoul", "été", "東京", "<b>", "&", "word", "longerwordwithoutanyspaceinit", "\u00a0", "\n\n", " \t "}
	r := rand.New(rand.NewPCG(7, 11))
	cases := []string{"", "   ", "short text", strings.Repeat("x", 400), strings.Repeat("ab ", 160), strings.Repeat("ab ", 161)}
	for range 3000 {
		var b strings.Builder
		for range r.IntN(200) {
			b.WriteString(words[r.IntN(len(words))])
			if r.IntN(3) > 0 {
				b.WriteByte(' ')
			}
		}
		cases = append(cases, b.String())
	}
	for _, c := range cases {
		if got, want := summarize(c), summarizeSpec(c); got != want {
			t.Fatalf("summarize(%q)\n got %q\nwant %q", c, got, want)
		}
	}
}
