package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxSentence caps the tokens of one sentence; longer runs are cut.
const maxSentence = 200

// abbreviations end with a period that does not end a sentence by itself.
// Titles never end a sentence; the others do when a typical sentence opener
// follows.
var (
	titles = set("Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt",
		"Maj", "Sgt", "Adm", "Cmdr", "Cpl", "Pte", "Gen'l", "Rev", "Hon", "Messrs", "Mme", "Mlle", "St", "Mt",
		"Ft", "No", "Nos", "Vol", "vs", "Pres", "Supt", "Insp", "Det", "Fr", "Sr", "Sra", "Dir")
	abbrevs = set("Jr", "Inc", "Corp", "Ltd", "Co", "Bros", "Plc", "plc", "etc", "Jan", "Feb", "Mar", "Apr",
		"Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Calif", "Ariz", "Fla", "Mass", "Ill",
		"Penn", "Wash", "Mich", "Conn", "Md", "Va", "Ga", "Tenn", "Ky", "La", "Ala", "Okla", "Ore",
		"Nev", "Colo", "Minn", "Wis", "Mo", "Neb", "Kan", "Miss", "Del", "Ind", "Wyo", "Ark", "Mont",
		"approx", "est", "dept", "Dept", "Univ", "Assn", "Ave", "Blvd", "Rd", "cf", "al", "ca", "Gov't")
	openers = set("The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But", "And", "In", "On",
		"At", "This", "That", "These", "Those", "There", "His", "Her", "Their", "Its", "Our", "After",
		"Before", "When", "While", "However", "Meanwhile", "Also", "So", "If", "As", "For", "Yet", "Some",
		"Many", "Most", "Officials", "Analysts", "Last", "Earlier", "Later", "Other", "One", "Two")
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// isAbbreviation reports whether w (without its final period) is a known
// abbreviation such as "Mr" or "Inc".
func isAbbreviation(w string) bool { return titles[w] || abbrevs[w] }

// SplitSentences splits tokens of text into sentences, returned as
// [start, end) ranges of token indices. Blank lines always end a sentence, a
// single line break ends one unless the line runs on into lower-case text,
// and ".", "!", "?" end one unless a lower-case word follows. A period that
// belongs to a title ("Mr.") never ends a sentence; one that belongs to an
// abbreviation ("U.S.", "Inc.") does when a typical sentence opener follows.
func SplitSentences(text string, toks []Token) [][2]int {
	var out [][2]int
	start := 0
	for i := range toks {
		if i > start && (i-start >= maxSentence || breaksBefore(text, toks, i)) {
			out = append(out, [2]int{start, i})
			start = i
		}
	}
	if start < len(toks) {
		out = append(out, [2]int{start, len(toks)})
	}
	return out
}

// breaksBefore reports whether a sentence ends between toks[i-1] and toks[i].
func breaksBefore(text string, toks []Token, i int) bool {
	gap := text[toks[i-1].End:toks[i].Start]
	if nl := strings.Count(gap, "\n"); nl >= 2 {
		return true
	} else if nl == 1 && !runsOn(text, toks, i) {
		return true
	}
	if isCloser(toks[i].Text) && toks[i].Start == toks[i-1].End {
		return false // a closing quote or bracket stays with its sentence
	}
	// Find the last token that is not a closing quote or bracket.
	j := i - 1
	for j > 0 && isCloser(toks[j].Text) {
		j--
	}
	if j < i-1 && !endsSentence(toks[j].Text) {
		return false
	}
	return sentenceEnd(toks[j].Text, toks[i].Text)
}

// sentenceEnd reports whether the token prev ends a sentence that next follows.
func sentenceEnd(prev, next string) bool {
	if lowerStart(next) {
		return false
	}
	if endsSentence(prev) {
		return true
	}
	if len(prev) < 2 || prev[len(prev)-1] != '.' {
		return false
	}
	stem := prev[:len(prev)-1]
	switch {
	case titles[stem], utf8.RuneCountInString(stem) == 1:
		return false
	case abbrevs[stem], strings.Contains(stem, "."):
		return openers[next]
	}
	return false
}

// endsSentence reports whether tok is terminal punctuation ("." "?!" "...").
func endsSentence(tok string) bool {
	if tok == "" {
		return false
	}
	for _, r := range tok {
		if r != '.' && r != '!' && r != '?' && r != '…' {
			return false
		}
	}
	return true
}

func isCloser(tok string) bool {
	switch tok {
	case `"`, "'", "''", "”", "’", ")", "]", "»":
		return true
	}
	return false
}

func lowerStart(tok string) bool {
	r, _ := utf8.DecodeRuneInString(tok)
	return unicode.IsLower(r)
}

// runsOn reports whether the single line break before toks[i] is a wrapped
// line inside a sentence: the line before is long and does not end with
// sentence punctuation, and either the next line starts in lower case, or
// the line before ends with a lower-case word or a comma and the next line
// reads as prose (long, or ending a sentence) rather than as a short
// navigation or caption line, or the line before ends with a capitalised
// word inside a paragraph of long lines (a name broken by the wrap).
func runsOn(text string, toks []Token, i int) bool {
	prev := toks[i-1]
	lineStart := strings.LastIndexByte(text[:prev.End], '\n') + 1
	if prev.End-lineStart < 40 || endsSentence(prev.Text) || isCloser(prev.Text) {
		return false
	}
	if lowerStart(toks[i].Text) {
		return true
	}
	next := lineAt(text, toks[i].Start)
	prose := len(next) >= 40 || strings.ContainsAny(next[max(len(next)-1, 0):], ".!?\"”'")
	if lowerStart(prev.Text) || prev.Text == "," {
		return prose
	}
	// A capitalised word at the end of a hard-wrapped line may be a name
	// broken across lines ("Prime Minister Kiichi\nMiyazawa said"): it runs
	// on inside a paragraph of long lines, not after a headline.
	line := text[lineStart:prev.End]
	if !prose || strings.ToUpper(line) == line {
		return false
	}
	before := strings.TrimRightFunc(text[:lineStart], unicode.IsSpace)
	above := before[strings.LastIndexByte(before, '\n')+1:]
	after := ""
	if end := strings.IndexByte(text[toks[i].Start:], '\n'); end >= 0 {
		after = lineAt(text, toks[i].Start+end+1)
	}
	return len(before) == lineStart-1 && len(above) >= 40 || len(next) >= 40 && after != ""
}

// lineAt returns the line of text that starts at from, without its end.
func lineAt(text string, from int) string {
	line := text[from:]
	if end := strings.IndexByte(line, '\n'); end >= 0 {
		line = line[:end]
	}
	return strings.TrimRightFunc(line, unicode.IsSpace)
}
