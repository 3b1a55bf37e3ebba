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
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				buf = append(buf, c)
				runes++
			case 'A' <= c && c <= 'Z':
				buf = append(buf, c+'a'-'A')
				runes++
			default:
				flush()
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
			runes++
			continue
		}
		flush()
	}
	flush()
	return buf
}

// Tokens returns the tokens of s as strings; it is the readable form of Scan
// for tests and tools, not for hot paths.
func Tokens(s string) []string {
	var out []string
	Scan(s, nil, func(tok []byte) { out = append(out, string(tok)) })
	return out
}
