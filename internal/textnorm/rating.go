package textnorm

import (
	"bytes"
	"regexp"
)

// ratingGrade matches the grades of the credit rating agencies: S&P and
// Fitch long-term ("AAA", "BBB-minus", "AA+"), Moody's ("Aaa", "Baa-2",
// "Ba1"), and short-term grades ("A-1-plus", "P-1", "MIG-1", "F-1").
var ratingGrade = regexp.MustCompile(`\b(AAA|AA|BBB|BB|CCC|CC|Aaa|Aa|Baa|Ba|Caa|Ca|MIG|VMIG|Prime-[123]|A-[123]|P-[123]|F-?[123]|[ABC]-?[123]|[ABC][+-])((-?[123])?(-?plus|-?minus|[+-])?)?\b[+-]?`)

// ratingWords mark a paragraph that talks about credit ratings.
var ratingWords = [][]byte{[]byte("rat"), []byte("grade"), []byte("Moody"), []byte("Standard"), []byte("S&P"), []byte("Fitch"), []byte("debt"), []byte("paper")}

// blankRatings blanks rating grades in paragraphs that talk about ratings:
// "AAA" and "Baa-2" are capitalised but name nothing a reader follows.
func blankRatings(b []byte) {
	paragraphs(b, func(start, end int) {
		p := b[start:end]
		if !mentionsRatings(p) {
			return
		}
		for _, m := range ratingGrade.FindAllIndex(p, -1) {
			if isGradeContext(p, m[0], m[1]) {
				blank(b, start+m[0], start+m[1])
			}
		}
	})
}

func mentionsRatings(p []byte) bool {
	for _, w := range ratingWords {
		if bytes.Contains(p, w) {
			return true
		}
	}
	return false
}

// isGradeContext rejects matches inside longer words or names: the grade
// must stand alone between spaces, punctuation or line ends.
func isGradeContext(p []byte, i, j int) bool {
	if i > 0 && (isWordByte(p[i-1]) || p[i-1] == '-' || p[i-1] == '.') {
		return false
	}
	return j == len(p) || !isWordByte(p[j]) && p[j] != '-'
}

// paragraphs calls fn for each paragraph of b: runs of lines separated by a
// blank line or a line that starts indented.
func paragraphs(b []byte, fn func(start, end int)) {
	start := 0
	for i := 0; i < len(b); i++ {
		if b[i] != '\n' {
			continue
		}
		if i+1 >= len(b) || b[i+1] == '\n' || b[i+1] == ' ' || b[i+1] == '\t' || b[i+1] == '\r' {
			fn(start, i)
			start = i + 1
		}
	}
	if start < len(b) {
		fn(start, len(b))
	}
}
