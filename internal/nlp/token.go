package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one token of a text. Start and End are byte offsets into the text
// given to Tokenize, so text[Start:End] is the token as written. Text is the
// token itself; it differs from text[Start:End] only where HTML character
// references were decoded ("&amp;" gives the Text "&").
type Token struct {
	Text       string
	Start, End int
}

// Tokenize splits news text into tokens in the style of CoNLL-2003 (Penn
// Treebank conventions): punctuation and quotes are tokens of their own,
// possessives and clitics are split ("Abe's" gives "Abe" and "'s", "don't"
// gives "do" and "n't"), while hyphenated names ("Jae-in"), initials ("J."),
// abbreviations ("U.S.", "Mr."), numbers ("1,250.5", "1996-08-22") and
// names with apostrophes ("O'Brien") stay whole. A number glued to a unit is
// split ("5km" gives "5" and "km"). HTML character references are decoded.
// Tokenize never fails; it returns nil for text without tokens.
func Tokenize(text string) []Token {
	src, offs := decodeEntities(text)
	var toks []Token
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRuneInString(src[i:])
		if isSpace(r) {
			i += size
			continue
		}
		end := scanToken(src, i)
		toks = appendToken(toks, src, offs, i, end)
		i = end
	}
	return toks
}

// appendToken adds src[start:end] to toks, splitting a number from a glued unit.
func appendToken(toks []Token, src string, offs []int, start, end int) []Token {
	if cut := unitSplit(src[start:end]); cut > 0 {
		toks = append(toks, makeToken(src, offs, start, start+cut))
		start += cut
	}
	return append(toks, makeToken(src, offs, start, end))
}

func makeToken(src string, offs []int, start, end int) Token {
	if offs == nil {
		return Token{Text: src[start:end], Start: start, End: end}
	}
	return Token{Text: src[start:end], Start: offs[start], End: offs[end]}
}

// isSpace reports whether r separates tokens (Unicode spaces, no-break spaces,
// zero-width spaces and the byte-order mark).
func isSpace(r rune) bool {
	switch r {
	case '\u00a0', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return unicode.IsSpace(r) || unicode.Is(unicode.Zs, r) || (r < 0x20 && r != 0)
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

func isHyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' }

// runeAt decodes the rune at byte offset i, returning (utf8.RuneError, 0) at the end.
func runeAt(s string, i int) (rune, int) {
	if i >= len(s) {
		return utf8.RuneError, 0
	}
	return utf8.DecodeRuneInString(s[i:])
}

// scanToken returns the end of the token starting at src[i], which is not a space.
func scanToken(src string, i int) int {
	if end := scanURL(src, i); end > i {
		return end
	}
	r, size := runeAt(src, i)
	if isWordRune(r) {
		return scanWord(src, i)
	}
	if isApostrophe(r) {
		if end := scanClitic(src, i); end > i {
			return end
		}
	}
	return scanPunct(src, i, r, size)
}

// scanPunct returns the end of a punctuation token: runs of dots, dashes and
// paired quote characters stay together, anything else is one rune.
func scanPunct(src string, i int, r rune, size int) int {
	switch r {
	case '.', '-', '`', '\'', '?', '!', '=', '*', '_', '~':
		j := i + size
		for j < len(src) && rune(src[j]) == r {
			j++
		}
		return j
	}
	return i + size
}

// scanURL returns the end of a URL or e-mail-like run starting at i, or i.
func scanURL(src string, i int) int {
	rest := src[i:]
	if !(strings.HasPrefix(rest, "http://") || strings.HasPrefix(rest, "https://") || strings.HasPrefix(rest, "www.")) {
		return i
	}
	j := i
	for j < len(src) {
		r, size := runeAt(src, j)
		if isSpace(r) || r == '<' || r == '>' || r == '"' || r == '“' || r == '”' {
			break
		}
		j += size
	}
	for j > i && strings.ContainsRune(".,;:!?)'’", rune(src[j-1])) {
		j--
	}
	return j
}

// scanClitic recognises a clitic ("'s", "'re", "'ll", "'d", "'m", "'ve")
// at i, an apostrophe that directly follows a word, returning its end or i.
func scanClitic(src string, i int) int {
	_, asz := runeAt(src, i)
	for _, c := range clitics {
		j := i + asz
		if len(src)-j >= len(c) && strings.EqualFold(src[j:j+len(c)], c) {
			nr, _ := runeAt(src, j+len(c))
			if !isWordRune(nr) && i > 0 {
				pr, _ := utf8.DecodeLastRuneInString(src[:i])
				if isWordRune(pr) || pr == '.' {
					return j + len(c)
				}
			}
		}
	}
	return i
}

var clitics = []string{"s", "re", "ve", "ll", "d", "m"}

// scanWord scans letters and digits with the joiners that keep a token whole.
func scanWord(src string, i int) int {
	j := i
	for j < len(src) {
		r, size := runeAt(src, j)
		if isWordRune(r) {
			j += size
			continue
		}
		next := joinAt(src, i, j, r, size)
		if next == j {
			break
		}
		j = next
	}
	return trimNegation(src, i, j)
}

// joinAt decides whether the non-word rune r at src[j] continues the word that
// started at i, returning the new end (past r and what it joins) or j.
func joinAt(src string, start, j int, r rune, size int) int {
	nr, _ := runeAt(src, j+size)
	pr, _ := utf8.DecodeLastRuneInString(src[:j])
	switch {
	case isHyphen(r), r == '/' && unicode.IsDigit(pr) && unicode.IsDigit(nr):
		if isWordRune(nr) {
			return j + size
		}
	case r == ',' && unicode.IsDigit(pr) && unicode.IsDigit(nr):
		return j + size
	case r == '&' && unicode.IsUpper(pr) && unicode.IsUpper(nr) && j-start <= 4:
		return j + size
	case r == '@' && isWordRune(nr) && isWordRune(pr):
		return j + size
	case isApostrophe(r):
		return joinApostrophe(src, j, size, nr)
	case r == '.':
		return joinPeriod(src, start, j, nr)
	}
	return j
}

// joinApostrophe keeps "O'Brien" and "rock'n'roll" whole but stops before a
// clitic ("'s", "'ll") so that it becomes a token of its own.
func joinApostrophe(src string, j, size int, nr rune) int {
	if !unicode.IsLetter(nr) {
		return j
	}
	if scanClitic(src, j) > j {
		return j
	}
	return j + size
}

// joinPeriod keeps a period inside numbers ("3.5"), abbreviations ("U.S.",
// "a.m.", "Mr.", "Calif.") and domain names ("Amazon.com").
func joinPeriod(src string, start, j int, nr rune) int {
	word := src[start:j]
	switch {
	case unicode.IsDigit(nr) && isDigits(lastSegment(word)):
		return j + 1
	case unicode.IsLetter(nr) && isDottedAbbrev(word) && periodFollows(src, j+1):
		return j + 1
	case unicode.IsLetter(nr) && !unicode.IsUpper(nr) && len(lastSegment(word)) > 1 && isAlnum(word):
		return j + 1 // example.com, Yahoo.co.uk
	case !isWordRune(nr) && (isDottedAbbrev(word) || isAbbreviation(word)):
		return j + 1
	}
	return j
}

// lastSegment returns the part of w after its last period.
func lastSegment(w string) string {
	if k := strings.LastIndexByte(w, '.'); k >= 0 {
		return w[k+1:]
	}
	return w
}

// periodFollows reports whether the letter at src[i] is followed by a period,
// as the "S" in "U.S." is (and the "S" in "A.Smith" is not).
func periodFollows(src string, i int) bool {
	_, size := runeAt(src, i)
	return i+size < len(src) && src[i+size] == '.'
}

// isDottedAbbrev reports whether w has the form "U", "U.S", "a.m" (single
// letters separated by periods).
func isDottedAbbrev(w string) bool {
	n := 0
	for _, seg := range strings.Split(w, ".") {
		if utf8.RuneCountInString(seg) != 1 {
			return false
		}
		r, _ := utf8.DecodeRuneInString(seg)
		if !unicode.IsLetter(r) {
			return false
		}
		n++
	}
	return n > 0
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			if s[i] != ',' {
				return false
			}
		}
	}
	return true
}

func isAlnum(s string) bool {
	for _, r := range s {
		if !isWordRune(r) && r != '.' && r != '-' {
			return false
		}
	}
	return true
}

// trimNegation splits "n't" off a word ("don't" ends before "n't").
func trimNegation(src string, start, end int) int {
	w := src[start:end]
	for _, neg := range []string{"n't", "n’t", "N'T"} {
		if len(w) > len(neg) && strings.HasSuffix(w, neg) {
			return end - len(neg)
		}
	}
	return end
}

// unitSplit returns the length of the number in a token such as "5km" or
// "10bn" when the rest is a unit, or 0 when the token must stay whole
// ("1990s", "3rd", "F-16").
func unitSplit(tok string) int {
	k := 0
	for k < len(tok) && (tok[k] >= '0' && tok[k] <= '9' || (k > 0 && (tok[k] == '.' || tok[k] == ','))) {
		k++
	}
	if k == 0 || k == len(tok) {
		return 0
	}
	if units[strings.ToLower(tok[k:])] {
		return k
	}
	return 0
}

var units = map[string]bool{
	"km": true, "kg": true, "mm": true, "cm": true, "m": true, "g": true, "mg": true, "kw": true, "mw": true,
	"gw": true, "mph": true, "kph": true, "km/h": true, "lb": true, "lbs": true, "oz": true, "ft": true,
	"bn": true, "mn": true, "tn": true, "tr": true, "pc": true, "pct": true, "mb": true, "gb": true,
	"tb": true, "kb": true, "ghz": true, "mhz": true, "hz": true, "kwh": true, "ml": true, "l": true,
	"am": true, "pm": true, "a.m.": true, "p.m.": true, "bp": true, "yo": true, "hrs": true, "h": true,
	"min": true, "mins": true, "sec": true, "secs": true, "ms": true, "x": true,
}
