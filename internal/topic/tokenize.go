package topic

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word of a text, with what the proper-noun extractor needs to
// know about its surroundings.
type token struct {
	start, end int    // byte offsets of the word
	idx        int    // index in the token slice
	line       int    // index of the line it is on
	low        string // the word lower-cased
	lex        lex    // the word lists low is in
	cap        bool   // starts with a capital ("Abe"), or is a brand ("iPhone") or "al-Assad"
	allCaps    bool   // two or more letters, none lower-case ("US", "NATO")
	sent       bool   // first word of a sentence or a line
	join       bool   // only spaces separate it from the previous token on the line
	hyph       bool   // the second half of a capitalised compound ("US" in "Japan-US")
	amp        bool   // a lone "&" between words ("Procter & Gamble")
	stop       bool   // a function word; see isStopWord
}

// is reports whether the token's word is in any of the lists l.
func (t token) is(l lex) bool { return t.lex&l != 0 }

// abbrevTitles end with a '.' that is part of the word and never ends a sentence.
var abbrevTitles = wordSet(`mr mrs ms dr st mt ft gen sen rep gov prof capt col lt sgt adm cmdr maj rev hon messrs no vs`)

// abbrevSuffixes end with a '.' that is part of the word and may also end a sentence.
var abbrevSuffixes = wordSet(`inc corp co ltd jr sr bros plc etc`)

// tokenize splits text into word tokens, appended to dst[:0]. Sentences end
// at '.', '!', '?' and '…' outside abbreviations, and at line ends.
func tokenize(dst []token, text string) []token {
	low := lowerAligned(text)
	toks := dst[:0]
	if cap(toks) < len(text)/5 {
		toks = make([]token, 0, len(text)/5)
	}
	sent, join, line := true, false, 0
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			sent, join = true, false
			line++
		case isSpace(r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			end, next, stop := scanWord(text, low, i)
			toks = appendWord(toks, text, low, token{start: i, end: end, line: line, sent: sent, join: join})
			sent, join = stop, next == end && !stop // "Globex Corp. Acme" is two names
			i = next
			continue
		case r == '&' && join && i+w < len(text) && isSpaceByte(text[i+w]):
			toks = appendTok(toks, token{start: i, end: i + w, low: "&", line: line, join: true, amp: true})
		default:
			join = false
			switch r {
			case '.', '!', '?', '…':
				sent = true
			case ',', ';', ':', '—', '–', '-', '|', '/':
				sent = false
			}
		}
		i += w
	}
	return toks
}

// appendWord classifies a word and appends it, split at capitalised hyphen
// joints ("Japan-US" becomes "Japan" and a hyph "US").
func appendWord(toks []token, text, low string, t token) []token {
	for {
		j := capHyphen(text[t.start:t.end])
		if j < 0 {
			break
		}
		end := t.end
		t.end = t.start + j
		toks = appendTok(toks, t)
		classify(text, low, &toks[len(toks)-1])
		t.start, t.end, t.sent, t.join, t.hyph = t.end+1, end, false, true, true
	}
	toks = appendTok(toks, t)
	classify(text, low, &toks[len(toks)-1])
	return toks
}

func appendTok(toks []token, t token) []token {
	t.idx = len(toks)
	return append(toks, t)
}

// capHyphen returns the index of the first '-' in w that joins two
// capitalised parts, or -1.
func capHyphen(w string) int {
	if !startsUpper(w) || strings.IndexByte(w, '-') < 0 {
		return -1
	}
	for j := 1; j+1 < len(w); j++ {
		if w[j] == '-' && startsUpper(w[j+1:]) {
			return j
		}
	}
	return -1
}

// lowerAligned returns text lower-cased with every byte offset preserved:
// a character whose lower case has a different UTF-8 length (rare: "ẞ", the
// Kelvin sign) and invalid bytes are kept as they are.
func lowerAligned(text string) string {
	i := 0
	for ; i < len(text); i++ {
		c := text[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			break
		}
	}
	if i == len(text) {
		return text
	}
	b := []byte(text) // lower-cased in place: every change keeps the length
	for i < len(b) {
		c := b[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(text[i:])
		if l := unicode.ToLower(r); l != r && r != utf8.RuneError && utf8.RuneLen(l) == w {
			utf8.EncodeRune(b[i:], l)
		}
		i += w
	}
	return string(b)
}

// classify fills in the fields of t that depend on its own letters.
func classify(text, low string, t *token) {
	w := text[t.start:t.end]
	t.low = low[t.start:t.end]
	t.cap = startsUpper(w)
	t.allCaps = t.cap && isAllCaps(w)
	if !t.cap {
		t.cap = isBrand(w) || isParticleName(w)
	}
	t.lex = lexicon[t.low]
	t.stop = isStopWord(t.low, t.lex, t.allCaps)
}

// scanWord returns the end of the word starting at i, where scanning resumes
// (past a possessive "'s"), and whether the word ends a sentence (a '.' it
// keeps that may be a full stop, as in "Inc.").
func scanWord(text, low string, i int) (end, next int, stop bool) {
	j, seg := i, 0
	for j < len(text) {
		if isAlnumByte(text[j]) { // an ASCII letter or digit: the common case
			j++
			seg++
			continue
		}
		r, w := utf8.DecodeRuneInString(text[j:])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			j += w
			seg++
			continue
		case (r == '-' || r == '\u2011') && j+w < len(text) && isWordByteAt(text, j+w):
			if adjSuffix(text, j+w) {
				_, e, _ := scanWord(text, low, j+w)
				return j, e, false // "California-based": the name ends at the hyphen
			}
			j += w
			seg = 0
			continue
		case r == '&' && j > i && j+w < len(text) && isLetterAt(text, j+w) && isLetterAt(text, j-1):
			j += w // "AT&T", "S&P"
			seg = 0
			continue
		case isApostrophe(r):
			if e, ok := possessiveEnd(text, j, w); ok {
				return j, e, false
			}
			if j+w < len(text) && isWordByteAt(text, j+w) {
				j += w
				seg = 0
				continue
			}
		case r == '.':
			if seg == 1 && isLetterAt(text, j-1) {
				j += w // an initial or an initialism: "J.", "U.S."
				seg = 0
				continue
			}
			l := lexicon[low[i:j]]
			if l&lexAbbrevTitle != 0 {
				return j + w, j + w, false
			}
			if l&lexAbbrevSuffix != 0 {
				return j + w, j + w, true
			}
		}
		break
	}
	return j, j, false
}

// adjSuffix reports whether the word at i is an adjective suffix ("based" in
// "California-based") that ends the word there.
func adjSuffix(text string, i int) bool {
	j := i
	for j < len(text) && (text[j] >= 'a' && text[j] <= 'z') {
		j++
	}
	return j > i && (j == len(text) || !isWordByteAt(text, j) && text[j] != '-') && adjSuffixes[text[i:j]]
}

// possessiveEnd reports whether the apostrophe at j (w bytes) starts a
// possessive "'s" (or closes a plural possessive "Jones'") and where it ends.
func possessiveEnd(text string, j, w int) (int, bool) {
	k := j + w
	if k < len(text) && (text[k] == 's' || text[k] == 'S') && (k+1 == len(text) || !isWordByteAt(text, k+1)) {
		return k + 1, true
	}
	if j > 0 && text[j-1] == 's' && (k == len(text) || !isWordByteAt(text, k)) {
		return k, true
	}
	return 0, false
}

func isWordByteAt(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsTitle(r)
}

// isBrand reports a lower-case-first word with a capital inside ("iPhone",
// "eBay", "myNEWS").
func isBrand(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	if !unicode.IsLower(r) || len(w) < 3 {
		return false
	}
	for _, r := range w[n:] {
		if unicode.IsUpper(r) {
			return true
		}
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return false
}

// isParticleName reports an Arabic-style name with a lower-case article
// joined by a hyphen: "al-Assad", "el-Sisi".
func isParticleName(w string) bool {
	if len(w) < 4 || w[0] != 'a' && w[0] != 'e' || strings.IndexByte(w[:4], '-') < 0 {
		return false
	}
	for _, p := range [...]string{"al-", "el-", "ad-", "as-", "ash-", "at-", "ar-", "an-", "az-"} {
		if len(w) > len(p) && w[:len(p)] == p {
			return startsUpper(w[len(p):])
		}
	}
	return false
}

// multiWord reports whether a name has a space or a hyphen in it.
func multiWord(s string) bool {
	return strings.IndexByte(s, ' ') >= 0 || strings.IndexByte(s, '-') >= 0
}

func isSpace(r rune) bool { return r != '\n' && unicode.IsSpace(r) }

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' }
