package topic

import (
	"strings"
	"testing"
)

// benchStory is a 600-word story: the hand-written stories and some filler
// prose, with their page furniture.
func benchStory() string {
	s := earningsStory + "\n\n" + footballStory + "\n\n" + euStory
	for len(strings.Fields(s)) < 600 {
		s += "\n\nOfficials in Washington said the talks would continue next week, and that President Joe Biden had spoken to Chancellor Olaf Scholz by phone."
	}
	return s
}

func BenchmarkResolve(b *testing.B) {
	text := benchStory()
	r := NewResolver(Options{})
	in := Input{Title: "Macron and Scholz call for EU to speed up defence spending", Text: text, Categories: []string{"World", "Europe"}}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		r.Resolve(in)
	}
}

func BenchmarkProperNouns(b *testing.B) {
	text := benchStory()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		ProperNouns(text)
	}
}
