package textnorm

import (
	"bytes"
	"strings"
)

// exchanges prefix a ticker symbol: "NYSE:IBM", "(Nasdaq: AAPL)".
var exchanges = map[string]bool{
	"nyse": true, "nasdaq": true, "amex": true, "lse": true, "tse": true, "tsx": true,
	"asx": true, "otc": true, "hkex": true, "sgx": true, "nse": true, "bse": true,
}

// blankTickers blanks stock tickers: "<BUD>", "(VMNB)" after a company name,
// "NYSE:IBM"; it removes the angle brackets around a company's name
// ("<Hooper Holmes Inc>"), which 1980s wire copy uses to mark companies.
func blankTickers(b []byte) {
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '<':
			i = angle(b, i)
		case '(':
			i = paren(b, i)
		case ':':
			exchangeTicker(b, i)
		}
	}
}

// angle handles the '<' at i and returns the index to continue from.
func angle(b []byte, i int) int {
	j := bytes.IndexByte(b[i:min(len(b), i+80)], '>')
	if j < 0 || bytes.IndexByte(b[i:i+j], '\n') >= 0 {
		return i
	}
	inner := b[i+1 : i+j]
	switch {
	case isSymbol(inner) || isExchangeSymbol(inner):
		blank(b, i, i+j+1)
	case len(inner) > 0 && isUpperByte(inner[0]):
		b[i], b[i+j] = ' ', ' '
	}
	return i + j
}

// paren handles the '(' at i: a parenthesised symbol after a company name is
// a ticker, unless it spells the initials of the name before it.
func paren(b []byte, i int) int {
	j := bytes.IndexByte(b[i:min(len(b), i+40)], ')')
	if j < 0 {
		return i
	}
	inner := b[i+1 : i+j]
	if isExchangeSymbol(inner) {
		blank(b, i, i+j+1)
		return i + j
	}
	if !isSymbol(inner) || countLetters(inner) < 2 {
		return i
	}
	before := wordsBefore(b, i, 8)
	if len(before) == 0 || !isUpperByte(before[len(before)-1][0]) || IsAcronymOf(string(inner), strings.Join(before, " ")) {
		return i
	}
	if countLetters(inner) < 3 && !companyWords[strings.ToLower(strings.TrimRight(before[len(before)-1], ".,"))] {
		return i // "(UK)", "(EU)": too short to be sure without a company before it
	}
	blank(b, i, i+j+1)
	return i + j
}

// companyWords end company names; a short symbol after one is a ticker.
var companyWords = map[string]bool{
	"inc": true, "corp": true, "co": true, "ltd": true, "plc": true, "bancorp": true,
	"group": true, "holdings": true, "industries": true, "cos": true, "corporation": true,
	"company": true, "ag": true, "sa": true, "nv": true, "systems": true, "technologies": true,
}

// exchangeTicker blanks "NYSE:IBM" or "NYSE: IBM" around the ':' at i.
func exchangeTicker(b []byte, i int) {
	s := i
	for s > 0 && isWordByte(b[s-1]) {
		s--
	}
	if !exchanges[strings.ToLower(string(b[s:i]))] {
		return
	}
	e := i + 1
	for e < len(b) && b[e] == ' ' {
		e++
	}
	k := e
	for k < len(b) && (isUpperByte(b[k]) || b[k] == '.' || '0' <= b[k] && b[k] <= '9') {
		k++
	}
	if k > e {
		blank(b, s, k)
	}
}

// isSymbol reports a ticker-shaped word: 1-8 capitals, digits and dots,
// starting with a capital ("BUD", "BRK.A", "GM.N").
func isSymbol(w []byte) bool {
	if len(w) == 0 || len(w) > 8 || !isUpperByte(w[0]) {
		return false
	}
	for _, c := range w {
		if !isUpperByte(c) && c != '.' && !('0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// isExchangeSymbol reports "NYSE:IBM", "Nasdaq: AAPL".
func isExchangeSymbol(w []byte) bool {
	ex, sym, ok := bytes.Cut(w, []byte(":"))
	return ok && exchanges[strings.ToLower(string(bytes.TrimSpace(ex)))] && isSymbol(bytes.TrimSpace(sym))
}

func countLetters(w []byte) int {
	n := 0
	for _, c := range w {
		if isUpperByte(c) || isLowerByte(c) {
			n++
		}
	}
	return n
}

// wordsBefore returns up to n words (space-separated fields) on the same line
// before offset i, in text order.
func wordsBefore(b []byte, i, n int) []string {
	s := i
	for s > 0 && b[s-1] != '\n' && i-s < 200 {
		s--
	}
	fs := strings.Fields(string(b[s:i]))
	if len(fs) > n {
		fs = fs[len(fs)-n:]
	}
	return fs
}

// acronymSkip are words an acronym may leave out ("Organization of Petroleum
// Exporting Countries" is OPEC).
var acronymSkip = map[string]bool{"of": true, "and": true, "the": true, "for": true, "on": true, "in": true, "&": true, "de": true, "du": true, "des": true}

// IsAcronymOf reports whether acr (e.g. "SEC", "EC", "OPEC", "USDA") spells
// the initials of the last words of name ("the Securities and Exchange
// Commission", "European Community", "Organization of Petroleum Exporting
// Countries", "U.S. Department of Agriculture"). Function words may be left
// out; a dotted initialism ("U.S.") gives all its letters; the words used must
// reach the end of name.
func IsAcronymOf(acr, name string) bool {
	letters := strings.ToLower(strings.ReplaceAll(acr, ".", ""))
	words := strings.Fields(strings.Trim(name, " ,;:-"))
	if len(letters) < 2 || len(words) == 0 {
		return false
	}
	return matchInitials(letters, words)
}

// matchInitials matches letters against the initials of the words, right
// to left: the last word must give the last letters; a word gives its first
// one to three letters ("ICCO": International COCoa Organization), a dotted
// initialism all of its letters, and function words may give none.
func matchInitials(letters string, words []string) bool {
	if len(letters) > 12 {
		return false
	}
	var m func(li, wi int) bool
	m = func(li, wi int) bool {
		if li == 0 {
			return wi < len(words)
		}
		if wi == 0 {
			return false
		}
		w := strings.Trim(words[wi-1], ",;:\"'()")
		lw := strings.ToLower(w)
		if acronymSkip[lw] && wi < len(words) && m(li, wi-1) {
			return true
		}
		if ini := dottedLetters(w); ini != "" && strings.HasSuffix(letters[:li], ini) {
			return m(li-len(ini), wi-1)
		}
		for k := 1; k <= 3 && k <= len(lw) && k <= li; k++ {
			if letters[li-k:li] == lw[:k] && m(li-k, wi-1) {
				return true
			}
		}
		return false
	}
	return m(len(letters), len(words))
}

// dottedLetters returns the letters of a dotted initialism ("U.S." → "us"),
// or "".
func dottedLetters(w string) string {
	if strings.Count(w, ".") < 2 {
		return ""
	}
	s := strings.ToLower(strings.ReplaceAll(w, ".", ""))
	if len(s) != strings.Count(w, ".") {
		return ""
	}
	return s
}
