package textvec

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"lower-cases", "Apple SHARES Rise", []string{"apple", "shares", "rise"}},
		{"punctuation splits", "profits, (up 76%)!", []string{"profits", "up", "76"}},
		{"apostrophe splits, drops single letters", "Obama's plan isn't new", []string{"obama", "plan", "isn", "new"}},
		{"hyphen splits", "e-mail long-term", []string{"mail", "long", "term"}},
		{"digits kept", "Windows 3.1 in 1993", []string{"windows", "in", "1993"}},
		{"accents kept", "Café Zürich ÉTÉ", []string{"café", "zürich", "été"}},
		{"combining mark kept", "cafe\u0301 x", []string{"cafe\u0301"}},
		{"non-latin", "Москва Ελλάδα", []string{"москва", "ελλάδα"}},
		{"email split", "<mathew@mantis.co.uk>", []string{"mathew", "mantis", "co", "uk"}},
		{"overlong dropped", "begin " + strings.Repeat("M", 31) + " end", []string{"begin", "end"}},
		{"longest kept", strings.Repeat("a", 30), []string{strings.Repeat("a", 30)}},
		{"empty", "", nil},
		{"invalid utf-8", "ab\xffcd", []string{"ab", "cd"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, Tokens(tc.in)); diff != "" {
				t.Errorf("Tokens(%q) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func FuzzTokens(f *testing.F) {
	f.Add("Apple's SHARES rose 5% in Zürich")
	f.Add("ab\xffcd\u0301")
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range Tokens(s) {
			n := utf8.RuneCountInString(tok)
			if n < MinTokenRunes || n > MaxTokenRunes {
				t.Fatalf("token %q has %d runes", tok, n)
			}
			if strings.ContainsAny(tok, " \t\n.,'") {
				t.Fatalf("token %q holds a separator", tok)
			}
		}
	})
}
