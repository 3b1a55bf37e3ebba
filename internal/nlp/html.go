package nlp

import (
	"html"
	"strings"
	"unicode/utf8"
)

// decodeEntities decodes HTML character references ("&amp;", "&#8217;",
// "&nbsp;") in text. It returns text itself and nil when there is nothing to
// decode; otherwise the decoded string and, for every byte of it plus one
// past the end, the offset in text where that byte came from.
func decodeEntities(text string) (string, []int) {
	first := strings.IndexByte(text, '&')
	if first < 0 {
		return text, nil
	}
	var b strings.Builder
	offs := make([]int, 0, len(text)+1)
	b.Grow(len(text))
	for i := 0; i < len(text); {
		if text[i] == '&' {
			if n := entityLen(text[i:]); n > 0 {
				if dec, ok := decodeEntity(text[i : i+n]); ok {
					b.WriteString(dec)
					offs = appendEntityOffsets(offs, dec, i, n)
					i += n
					continue
				}
			}
		}
		b.WriteByte(text[i])
		offs = append(offs, i)
		i++
	}
	offs = append(offs, len(text))
	return b.String(), offs
}

// decodeEntity decodes one character reference, reporting false when it is
// not one that decodes whole (such as "&amp0;").
func decodeEntity(ref string) (string, bool) {
	dec := html.UnescapeString(ref)
	partial := len(dec) > 1 && strings.HasSuffix(dec, ";") // "&amp0;" gives "&0;"
	if dec == ref || dec == "" || partial || utf8.RuneCountInString(dec) > 2 {
		return "", false
	}
	return dec, true
}

// appendEntityOffsets maps the bytes of dec, decoded from the n-byte reference
// at i: the first rune to i, a second rune to the reference's last byte, so
// that a token of either rune alone keeps a non-empty span.
func appendEntityOffsets(offs []int, dec string, i, n int) []int {
	_, first := utf8.DecodeRuneInString(dec)
	for k := range len(dec) {
		if k < first {
			offs = append(offs, i)
		} else {
			offs = append(offs, i+n-1)
		}
	}
	return offs
}

// entityLen returns the length of the character reference at the start of s
// ("&amp;", "&#39;", "&#x2019;"), or 0 when s does not start with one.
func entityLen(s string) int {
	if len(s) < 3 || s[0] != '&' {
		return 0
	}
	i := 1
	if s[1] == '#' {
		i = 2
		hex := i < len(s) && (s[i] == 'x' || s[i] == 'X')
		if hex {
			i++
		}
		start := i
		for i < len(s) && i-start < 8 && (isDigitByte(s[i]) || hex && isHexLetter(s[i])) {
			i++
		}
		if i == start {
			return 0
		}
	} else {
		for i < len(s) && i < 33 && (isDigitByte(s[i]) || isASCIILetter(s[i])) {
			i++
		}
		if i == 1 {
			return 0
		}
	}
	if i < len(s) && s[i] == ';' {
		return i + 1
	}
	return 0
}

func isDigitByte(c byte) bool   { return c >= '0' && c <= '9' }
func isHexLetter(c byte) bool   { return c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
