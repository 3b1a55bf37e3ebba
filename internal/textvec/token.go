// Package textvec turns text into tokens and sparse term vectors: the one
// tokenizer that the section classifier, story clustering and the reader
// model share, so that a word means the same thing to each of them.
package textvec

import (
	"unicode"
	"unicode/utf8"
)

// Token rules. A token is a maximal run of letters, digits and combining marks,
// lower-cased. Apostrophes and all other characters separate tokens, so "Obama's"
// gives "obama" (the lone "s" is dropped). Tokens shorter than MinTokenRunes carry
// almost no topical signal; tokens longer than MaxTokenRunes are almost always
// encoded binaries, hashes or URLs run together, and are dropped too.
const (
	MinTokenRunes = 2
	MaxTokenRunes = 30
)

// Scan calls emit with each token of s in order. The slice passed to emit
// is only valid during the call. buf is scratch space; Scan returns it,
// possibly grown, for reuse.
func Scan(s string, buf []byte, emit func(tok []byte)) []byte {
	buf = buf[:0]
	runes := 0
	flush := func() {
		if runes >= MinTokenRunes && runes <= MaxTokenRunes {
			emit(buf)
		}
		buf = buf[:0]
		runes = 0
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if lc, ok := asciiWord(c); ok {
				buf = append(buf, lc)
				runes++
			} else {
				flush()
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if lr, ok := wordRune(r); ok {
			buf = utf8.AppendRune(buf, lr)
			runes++
			continue
		}
		flush()
	}
	flush()
	return buf
}

// asciiWord says whether the ASCII byte c belongs in a token, and gives it
// lower-cased. Scan and IDs share it (and wordRune): one set of token rules.
func asciiWord(c byte) (byte, bool) {
	switch {
	case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		return c, true
	case 'A' <= c && c <= 'Z':
		return c + 'a' - 'A', true
	}
	return 0, false
}

// wordRune says whether the non-ASCII rune r belongs in a token, and gives it
// lower-cased.
func wordRune(r rune) (rune, bool) {
	if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
		return unicode.ToLower(r), true
	}
	return 0, false
}

// Tokens returns the tokens of s as strings; it is the readable form of Scan
// for tests and tools, not for hot paths.
func Tokens(s string) []string {
	var out []string
	Scan(s, nil, func(tok []byte) { out = append(out, string(tok)) })
	return out
}
