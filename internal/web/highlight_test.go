package web

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSearchTerms(t *testing.T) {
	tests := []struct {
		name, q string
		want    []string
	}{
		{"words", "Storm Isolde", []string{"storm", "isolde"}},
		{"stems", "elections storms", []string{"election", "storm"}},
		{"phrase", `"bank of calderia" rates`, []string{"bank of calderia", "rat"}},
		{"prefix", "elect*", []string{"elect"}},
		{"exclusions and OR are not marked", "rates OR prices -sport", []string{"rat", "pric"}},
		{"punctuation only", `"" - * !!`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, searchTerms(tt.q)); d != "" {
				t.Errorf("searchTerms(%q) (-want +got):\n%s", tt.q, d)
			}
		})
	}
}

// marked renders parts with [brackets] around marked text.
func marked(parts []textPart) string {
	var b strings.Builder
	for _, p := range parts {
		if p.Mark {
			b.WriteString("[" + p.Text + "]")
		} else {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

func TestMark(t *testing.T) {
	tests := []struct {
		name, text string
		terms      []string
		want       string
	}{
		{"whole words from their start", "Storms hit the stormy coast; brainstorm", []string{"storm"}, "[Storms] hit the [stormy] coast; brainstorm"},
		{"phrase", "The Bank of Calderia held rates", []string{"bank of calderia"}, "The [Bank of Calderia] held rates"},
		{"no terms", "Nothing", nil, "Nothing"},
		{"accents", "Zürich votes", []string{"zürich"}, "[Zürich] votes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := marked(mark(tt.text, tt.terms)); got != tt.want {
				t.Errorf("mark = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAround(t *testing.T) {
	text := strings.Repeat("filler words here ", 40) + "the storm came ashore " + strings.Repeat("after words ", 40)
	got := around(text, []string{"storm"}, 120)
	if !strings.HasPrefix(got, "…") || !strings.Contains(got, "storm came ashore") || len([]rune(got)) > 125 {
		t.Errorf("around = %q", got)
	}
	if got := around("no match at all here", []string{"storm"}, 120); got != "no match at all here" {
		t.Errorf("around without a match = %q", got)
	}
}
