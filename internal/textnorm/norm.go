package textnorm

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Story normalises a story's title and text for tagging; see the package
// documentation for the rules. len(ntitle) == len(title) and len(ntext) ==
// len(text) always. The title is re-cased with the text's evidence.
func Story(title, text string) (ntitle, ntext string) {
	b := []byte(text)
	blankCredits(b)
	blankTickers(b)
	blankRatings(b)
	unwrap(b)
	ev := gatherEvidence(b)
	recaseDatelines(b, ev)
	recaseShouting(b, ev)
	tb := []byte(title)
	if shouting(tb) {
		recaseRun(tb, ev, true)
	}
	return string(tb), string(b)
}

// Text is Story without a title.
func Text(text string) string {
	_, t := Story("", text)
	return t
}

// blank overwrites b[i:j] with spaces, keeping line ends so that the lines
// of the text stay where they were.
func blank(b []byte, i, j int) {
	for k := i; k < j; k++ {
		if b[k] != '\n' {
			b[k] = ' '
		}
	}
}

// isWordByte reports an ASCII letter or digit, or a byte of a multi-byte rune
// (non-ASCII letters).
func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}

func isUpperByte(c byte) bool { return 'A' <= c && c <= 'Z' }
func isLowerByte(c byte) bool { return 'a' <= c && c <= 'z' }

// lines calls fn with the start and end (exclusive, line end excluded) of
// every line of b.
func lines(b []byte, fn func(start, end int)) {
	for start := 0; start <= len(b); {
		end := start
		for end < len(b) && b[end] != '\n' {
			end++
		}
		fn(start, end)
		start = end + 1
	}
}

// trimSpan returns [i, j) without surrounding white space.
func trimSpan(b []byte, i, j int) (int, int) {
	for i < j && isSpace(b[i]) {
		i++
	}
	for j > i && isSpace(b[j-1]) {
		j--
	}
	return i, j
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'
}

// hasLetters reports whether s holds a letter.
func hasLetters(s []byte) bool {
	for _, r := range string(s) {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// lowerWord reports whether w has a lower-case letter.
func hasLower(w []byte) bool {
	for i := 0; i < len(w); {
		r, n := utf8.DecodeRune(w[i:])
		if unicode.IsLower(r) {
			return true
		}
		i += n
	}
	return false
}

// lowerASCII returns s lower-cased (ASCII letters only).
func lowerASCII(s string) string { return strings.Map(asciiLower, s) }

func asciiLower(r rune) rune {
	if 'A' <= r && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}
