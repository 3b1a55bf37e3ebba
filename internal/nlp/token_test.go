package nlp

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain sentence", "Abe met Trump in Tokyo.", []string{"Abe", "met", "Trump", "in", "Tokyo", "."}},
		{"possessive", "Abe's plan", []string{"Abe", "'s", "plan"}},
		{"curly possessive", "Abe’s plan", []string{"Abe", "’s", "plan"}},
		{"plural possessive", "the Joneses' house", []string{"the", "Joneses", "'", "house"}},
		{"negation", "didn't go", []string{"did", "n't", "go"}},
		{"clitics", "they're here, I'll go", []string{"they", "'re", "here", ",", "I", "'ll", "go"}},
		{"hyphenated name", "Moon Jae-in and Kim Jong-un", []string{"Moon", "Jae-in", "and", "Kim", "Jong-un"}},
		{"apostrophe name", "O'Brien and D'Alema", []string{"O'Brien", "and", "D'Alema"}},
		{"initials", "J. K. Rowling and J.R.R. Tolkien", []string{"J.", "K.", "Rowling", "and", "J.R.R.", "Tolkien"}},
		{"country abbreviation", "the U.S. and U.K. economies", []string{"the", "U.S.", "and", "U.K.", "economies"}},
		{"title", "Mr. Smith and Dr. Jones", []string{"Mr.", "Smith", "and", "Dr.", "Jones"}},
		{"sentence period", "He left. She stayed.", []string{"He", "left", ".", "She", "stayed", "."}},
		{"double quotes", `"Yes," he said.`, []string{`"`, "Yes", ",", `"`, "he", "said", "."}},
		{"curly quotes", "“Dialogue,” Abe said.", []string{"“", "Dialogue", ",", "”", "Abe", "said", "."}},
		{"decimal number", "rose 3.5 percent to 1,250.75", []string{"rose", "3.5", "percent", "to", "1,250.75"}},
		{"money and units", "$5.6bn for 5km", []string{"$", "5.6", "bn", "for", "5", "km"}},
		{"percent", "up 12% today", []string{"up", "12", "%", "today"}},
		{"ordinals and decades stay whole", "the 3rd game of the 1990s", []string{"the", "3rd", "game", "of", "the", "1990s"}},
		{"date", "on 1996-08-22 in", []string{"on", "1996-08-22", "in"}},
		{"score", "won 3-1", []string{"won", "3-1"}},
		{"html entities", "AT&amp;T&nbsp;and S&amp;P", []string{"AT&T", "and", "S&P"}},
		{"numeric entities", "Abe&#8217;s &#x201C;plan&#x201D;", []string{"Abe", "’s", "“", "plan", "”"}},
		{"non-ASCII names", "Łódź, Zürich and São Paulo", []string{"Łódź", ",", "Zürich", "and", "São", "Paulo"}},
		{"CJK", "東京 Tokyo", []string{"東京", "Tokyo"}},
		{"ellipsis and dashes", "wait... no -- yes", []string{"wait", "...", "no", "--", "yes"}},
		{"url", "see https://example.com/a?b=1. Then", []string{"see", "https://example.com/a?b=1", ".", "Then"}},
		{"domain", "Amazon.com shares", []string{"Amazon.com", "shares"}},
		{"brackets", "(Reuters) -", []string{"(", "Reuters", ")", "-"}},
		{"empty", "", nil},
		{"only spaces", " \n\t\u00a0", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, tok := range Tokenize(tt.in) {
				got = append(got, tok.Text)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Tokenize(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestTokenizeOffsets(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Token
	}{
		{"plain", "Abe's café", []Token{{"Abe", 0, 3}, {"'s", 3, 5}, {"café", 6, 11}}},
		{"entity spans its reference", "AT&amp;T x", []Token{{"AT&T", 0, 8}, {"x", 9, 10}}},
		{"entity at end", "x &quot;", []Token{{"x", 0, 1}, {`"`, 2, 8}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Tokenize(tt.in)); diff != "" {
				t.Errorf("Tokenize(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// checkTokens asserts the invariants every tokenization must keep.
func checkTokens(t *testing.T, text string, toks []Token) {
	t.Helper()
	prev := 0
	for _, tok := range toks {
		if tok.Start < prev || tok.End <= tok.Start || tok.End > len(text) {
			t.Fatalf("token %+v out of order or range (prev end %d, len %d)", tok, prev, len(text))
		}
		if tok.Text == "" {
			t.Fatalf("empty token %+v", tok)
		}
		if !strings.Contains(text[tok.Start:tok.End], "&") && tok.Text != text[tok.Start:tok.End] {
			t.Fatalf("token %+v is not text[%d:%d] = %q", tok, tok.Start, tok.End, text[tok.Start:tok.End])
		}
		prev = tok.End
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"Abe's U.S. plan", "AT&amp;T &#x27;", "Moon Jae-in’s 5km", "J.R.R. don't", "\xff\xfe&", "http://x.y/z."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		toks := Tokenize(text)
		checkTokens(t, text, toks)
		if utf8.ValidString(text) {
			for _, tok := range toks {
				if !utf8.ValidString(tok.Text) {
					t.Fatalf("invalid UTF-8 token %q", tok.Text)
				}
			}
		}
	})
}
