package topic

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// maxSlugLen caps a slug's length in bytes; longer slugs are cut at a '-'.
const maxSlugLen = 96

// Slug returns the stable, URL-friendly identifier of a topic name. Equal names
// give equal slugs on every run and every machine. The rules, in order:
//
//   - Latin letters lose their diacritics and ligatures are spelt out
//     ("Zürich" → "zurich", "Ærø" → "aero", "Straße" → "strasse"); all letters
//     are lower-cased. Letters of other scripts are kept, lower-cased.
//   - Apostrophes vanish ("O'Brien" → "obrien"), as does an '&' between two
//     letters ("AT&T" → "att"); an '&' between words is "and" ("Standard &
//     Poor's" → "standard-and-poors"), and a hyphen between a lone letter and
//     a digit vanishes ("G-7" → "g7"): the spellings of one name fold.
//   - A '.' that closes a one-letter segment vanishes, so dotted initialisms
//     fold into their plain form ("U.S." → "us", "N. Korea" → "n-korea").
//   - Every other run of characters that are not letters or digits becomes one
//     '-'; leading and trailing '-' are dropped ("Moon Jae-in" → "moon-jae-in").
//   - The result is at most 96 bytes, cut at a '-' boundary when possible.
//
// Slug returns "" when name holds no letter or digit.
func Slug(name string) string {
	var buf [64]byte
	return string(appendSlug(buf[:0], name))
}

// appendSlug appends Slug(name) to dst.
func appendSlug(dst []byte, name string) []byte {
	start := len(dst)
	seg := 0     // letters/digits in the current segment
	sep := false // a separator is pending
	for i, r := range name {
		switch {
		case isApostrophe(r):
			continue
		case r == '&' && seg > 0 && i+1 < len(name) && isLetterAt(name, i+1):
			continue
		case r == '&':
			// "Standard & Poor's" is "Standard and Poor's".
			if len(dst) > start {
				dst = append(dst, "-and"...)
			}
			sep, seg = true, 0
			continue
		case r == '-' && seg == 1 && i+1 < len(name) && isDigitAt(name, i+1) && isLetterAt(name, i-1):
			continue // "G-7" is "G7", "F-16" is "F16"
		case r == '.' && seg == 1:
			seg = 0 // "U.S.A." folds to "usa"
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if sep && len(dst) > start {
				dst = append(dst, '-')
			}
			sep = false
			seg++
			dst = appendFolded(dst, r)
		case unicode.Is(unicode.Mn, r):
			continue // a combining mark: the base letter was already written
		default:
			sep = true
			seg = 0
		}
	}
	return capSlug(dst, start)
}

// capSlug cuts the slug in dst[start:] to maxSlugLen bytes, at the last '-'
// when there is one.
func capSlug(dst []byte, start int) []byte {
	s := dst[start:]
	if len(s) <= maxSlugLen {
		return dst
	}
	s = s[:maxSlugLen]
	if i := bytes.LastIndexByte(s, '-'); i > 0 {
		return dst[:start+i]
	}
	for !utf8.Valid(s) {
		s = s[:len(s)-1]
	}
	return dst[:start+len(s)]
}

func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == 'ʼ' || r == '‘' || r == '`'
}

func isDigitAt(s string, i int) bool { return s[i] >= '0' && s[i] <= '9' }

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// appendFolded appends r lower-cased, with Latin diacritics removed.
func appendFolded(dst []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(dst, byte(r))
	}
	if s, ok := latinFold[unicode.ToLower(r)]; ok {
		return append(dst, s...)
	}
	return utf8.AppendRune(dst, unicode.ToLower(r))
}

// latinFold maps lower-case Latin letters with diacritics (Latin-1 Supplement,
// Latin Extended-A and the common Latin Extended-B/Additional letters) to ASCII.
var latinFold = buildLatinFold()

func buildLatinFold() map[rune]string {
	groups := map[string]string{
		"a":  "àáâãäåāăąǎǻạảấầẩẫậắằẳẵặ",
		"c":  "çćĉċč",
		"d":  "ďđð",
		"e":  "èéêëēĕėęěẹẻẽếềểễệ",
		"g":  "ĝğġģ",
		"h":  "ĥħ",
		"i":  "ìíîïĩīĭįıǐỉị",
		"j":  "ĵ",
		"k":  "ķ",
		"l":  "ĺļľŀł",
		"n":  "ñńņňŉ",
		"o":  "òóôõöøōŏőǒơọỏốồổỗộớờởỡợ",
		"r":  "ŕŗř",
		"s":  "śŝşšș",
		"t":  "ţťŧț",
		"u":  "ùúûüũūŭůűųǔưụủứừửữự",
		"w":  "ŵ",
		"y":  "ýÿŷỳỵỷỹ",
		"z":  "źżž",
		"ae": "æǽ",
		"oe": "œ",
		"ss": "ß",
		"th": "þ",
	}
	m := make(map[rune]string, 256)
	for ascii, letters := range groups {
		for _, r := range letters {
			m[r] = ascii
		}
	}
	return m
}
