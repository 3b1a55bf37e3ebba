package section

import (
	"unicode"
	"unicode/utf8"
)

// Token rules. A token is a maximal run of letters, digits and combining marks,
// lower-cased. Apostrophes and all other characters separate tokens, so "Obama's"
// gives "obama" (the lone "s" is dropped). Tokens shorter than minTokenRunes carry
// almost no topical signal; tokens longer than maxTokenRunes are almost always
// encoded binaries, hashes or URLs run together, and are dropped too.
const (
	minTokenRunes = 2
	maxTokenRunes = 30
)

// scanTokens calls emit with each token of s in order. The slice passed to emit
// is only valid during the call. buf is scratch space; scanTokens returns it,
// possibly grown, for reuse.
func scanTokens(s string, buf []byte, emit func(tok []byte)) []byte {
	buf = buf[:0]
	runes := 0
	flush := func() {
		if runes >= minTokenRunes && runes <= maxTokenRunes {
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

// tokens returns the tokens of s as strings; it is the readable form of scanTokens
// used by tests and tools, not by the hot path.
func tokens(s string) []string {
	var out []string
	scanTokens(s, nil, func(tok []byte) { out = append(out, string(tok)) })
	return out
}
