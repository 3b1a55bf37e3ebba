package topic

import (
	"strings"
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
//     letters ("AT&T" → "att").
//   - A '.' that closes a one-letter segment vanishes, so dotted initialisms
//     fold into their plain form ("U.S." → "us", "N. Korea" → "n-korea").
//   - Every other run of characters that are not letters or digits becomes one
//     '-'; leading and trailing '-' are dropped ("Moon Jae-in" → "moon-jae-in").
//   - The result is at most 96 bytes, cut at a '-' boundary when possible.
//
// Slug returns "" when name holds no letter or digit.
func Slug(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	seg := 0     // letters/digits in the current segment
	sep := false // a separator is pending
	for i, r := range name {
		switch {
		case isApostrophe(r):
			continue
		case r == '&' && seg > 0 && i+1 < len(name) && isLetterAt(name, i+1):
			continue
		case r == '.' && seg == 1:
			seg = 0 // "U.S.A." folds to "usa"
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if sep && b.Len() > 0 {
				b.WriteByte('-')
			}
			sep = false
			seg++
			writeFolded(&b, r)
		case unicode.Is(unicode.Mn, r):
			continue // a combining mark: the base letter was already written
		default:
			sep = true
			seg = 0
		}
	}
	return capSlug(b.String())
}

// capSlug cuts s to maxSlugLen bytes, at the last '-' when there is one.
func capSlug(s string) string {
	if len(s) <= maxSlugLen {
		return s
	}
	s = s[:maxSlugLen]
	if i := strings.LastIndexByte(s, '-'); i > 0 {
		return s[:i]
	}
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == 'ʼ' || r == '‘' || r == '`'
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// writeFolded writes r lower-cased, with Latin diacritics removed.
func writeFolded(b *strings.Builder, r rune) {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteByte(byte(r))
		return
	}
	if s, ok := latinFold[unicode.ToLower(r)]; ok {
		b.WriteString(s)
		return
	}
	b.WriteRune(unicode.ToLower(r))
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
