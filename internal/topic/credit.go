package topic

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// creditWords may stand before a '/' in a photo-desk credit ("AP Photo/Evan
// Vucci", "Pool/Reuters", "File/AFP"); any all-capitals word may too.
var creditWords = wordSet(`photo photos pool file images handout`)

// lineWord is a word of a line with its byte range.
type lineWord struct {
	span
	text string
}

// findCredits returns the credit spans of the line s: picture and reporting
// credits ("Photo: Kyodo", "(Photo: Reuters)", "AP Photo/Evan Vucci",
// "Bloomberg via Getty Images", "Reporting by …", "© 2018 …") and agency
// datelines ("TOKYO (Reuters) -"). They are found by their shape: a cue word
// with ':' or "by" at the start of a line, sentence or bracket; a capitalised
// word before '/'; a name before "Images"; a copyright sign.
func findCredits(text string, s span) []span {
	var ws []lineWord
	return findCreditsIn(text, s, &ws)
}

// findCreditsIn is findCredits with a buffer for the words of the line.
func findCreditsIn(text string, s span, ws *[]lineWord) []span {
	l := text[s.start:s.end]
	var out []span
	if strings.IndexByte(l, ':') >= 0 || strings.IndexByte(l, '/') >= 0 || strings.Contains(l, "Images") || strings.Contains(l, " by ") {
		*ws = lineWords((*ws)[:0], text, s)
		out = wordCredits(text, s, *ws)
	}
	// (Not ContainsAny with "©": a non-ASCII set makes it scan rune by rune.)
	if strings.IndexByte(l, '(') >= 0 || strings.Contains(l, "©") || strings.Contains(l, "opyright") {
		if c, ok := copyrightCredit(text, s); ok {
			out = append(out, c)
		}
		if c, ok := datelineCredit(text, s); ok {
			out = append(out, c)
		}
	}
	return mergeSpans(out)
}

// wordCredits finds the credits that start at a word of ws, the words of
// the line s: cue, slash and "Images" credits.
func wordCredits(text string, s span, ws []lineWord) []span {
	var out []span
	for i := range ws {
		if c, ok := cueCredit(text, s, ws, i); ok {
			out = append(out, c)
		} else if c, ok := slashCredit(text, s, ws, i); ok {
			out = append(out, c)
		} else if c, ok := imagesCredit(text, s, ws, i); ok {
			out = append(out, c)
		}
	}
	return out
}

// lineWords appends to ws the words of the line s: letters, digits and
// inner apostrophes, hyphens and dots.
func lineWords(ws []lineWord, text string, s span) []lineWord {
	for i := s.start; i < s.end; {
		r, w := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += w
			continue
		}
		j := i + w
		for j < s.end {
			r2, w2 := utf8.DecodeRuneInString(text[j:])
			if unicode.IsLetter(r2) || unicode.IsDigit(r2) || (strings.ContainsRune("-'’.", r2) && j+w2 < s.end && isWordByteAt(text, j+w2)) {
				j += w2
				continue
			}
			break
		}
		ws = append(ws, lineWord{span: span{i, j}, text: text[i:j]})
		i = j
	}
	return ws
}

// cueCredit matches "Photo: Kyodo", "(Picture: Reuters)", "Reporting by Jane
// Doe; Editing by …" with the cue at ws[i].
func cueCredit(text string, s span, ws []lineWord, i int) (span, bool) {
	if lexOf(ws[i].text)&lexCreditCue == 0 || !creditPosition(text, s, ws[i].start) {
		return span{}, false
	}
	j := i
	if j+1 < len(ws) && lexOf(ws[j+1].text)&lexCreditCue != 0 && onlySpaces(text, ws[j].end, ws[j+1].start) {
		j++ // "Additional reporting by", "Photo illustration:"
	}
	after := strings.TrimLeft(text[ws[j].end:s.end], " \t")
	byForm := j+1 < len(ws) && inSet(byWord, ws[j+1].text) && onlySpaces(text, ws[j].end, ws[j+1].start)
	if !strings.HasPrefix(after, ":") && !byForm {
		return span{}, false
	}
	return span{openBracket(text, s, ws[i].start), creditEnd(text, s, ws[i].start, ws[j].end)}, true
}

// openBracket returns the offset of a '(' or '[' just before start (spaces
// aside), or start.
func openBracket(text string, s span, start int) int {
	before := strings.TrimRight(text[s.start:start], " \t")
	if strings.HasSuffix(before, "(") || strings.HasSuffix(before, "[") {
		return s.start + len(before) - 1
	}
	return start
}

// slashCredit matches "AP Photo/Evan Vucci", "REUTERS/Kim Kyung-Hoon",
// "AFP/Getty Images" at ws[i] (the word before the '/').
func slashCredit(text string, s span, ws []lineWord, i int) (span, bool) {
	w := ws[i]
	if w.end+1 >= s.end || text[w.end] != '/' || !startsUpper(text[w.end+1:]) {
		return span{}, false
	}
	if !isAllCaps(w.text) && !inSet(creditWords, w.text) {
		return span{}, false
	}
	start := w.start
	for k := i - 1; k >= 0 && k >= i-2 && startsUpper(text[ws[k].start:]) && onlySpaces(text, ws[k].end, ws[k+1].start); k-- {
		start = ws[k].start // "AP Photo/…"
	}
	return span{openBracket(text, s, start), creditEnd(text, s, start, w.end)}, true
}

// imagesCredit matches "Getty Images", "Bloomberg via Getty Images" at ws[i]
// (the word "Images").
func imagesCredit(text string, s span, ws []lineWord, i int) (span, bool) {
	if ws[i].text != "Images" || i == 0 || !startsUpper(text[ws[i-1].start:]) || !startsUpper(text[ws[i].start:]) {
		return span{}, false
	}
	k := i - 1
	for k >= 2 && ws[k-1].text == "via" && startsUpper(text[ws[k-2].start:]) {
		k -= 2 // "AFP via Getty Images"
	}
	start := ws[k].start
	end := ws[i].end
	if rest := text[end:s.end]; !moreWordsThan(rest, 3) || strings.HasPrefix(strings.TrimSpace(rest), ")") {
		end = creditEnd(text, s, start, end)
	}
	return span{openBracket(text, s, start), end}, true
}

// copyrightCredit matches "© 2018 …", "(c) …", "Copyright …" to the end of
// the line.
func copyrightCredit(text string, s span) (span, bool) {
	l := text[s.start:s.end]
	for _, cue := range [...]string{"©", "(c) ", "(C) ", "Copyright ", "copyright "} {
		if i := strings.Index(l, cue); i >= 0 && (cue[0] != 'c' && cue[0] != 'C' || i == 0 || creditPosition(text, s, s.start+i)) {
			return span{s.start + i, s.end}, true
		}
	}
	return span{}, false
}

// datelineCredit matches the agency in a dateline: "TOKYO (Reuters) - …",
// "WASHINGTON (AP) — …".
func datelineCredit(text string, s span) (span, bool) {
	l := text[s.start:s.end]
	open := strings.IndexByte(l, '(')
	if open < 0 || open > 40 {
		return span{}, false
	}
	shut := strings.IndexByte(l[open:], ')')
	if shut < 0 {
		return span{}, false
	}
	shut += open
	inner := strings.Fields(l[open+1 : shut])
	if len(inner) == 0 || len(inner) > 2 || !startsUpper(inner[0]) {
		return span{}, false
	}
	after := strings.TrimLeft(l[shut+1:], " \t")
	if !strings.HasPrefix(after, "-") && !strings.HasPrefix(after, "–") && !strings.HasPrefix(after, "—") {
		return span{}, false
	}
	return span{s.start + open, s.start + shut + 1}, true
}

// creditPosition reports whether a credit cue at off begins the line, a
// sentence or a bracket.
func creditPosition(text string, s span, off int) bool {
	p := strings.TrimRight(text[s.start:off], " \t")
	if p == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(p)
	return strings.ContainsRune(".!?([|–—-•:;”\"", r)
}

// creditEnd returns where a credit that starts at start (its cue ending at
// cueEnd) ends: the closing bracket when it is bracketed, else the end of the
// line, or the end of the next sentence when much text follows.
func creditEnd(text string, s span, start, cueEnd int) int {
	before := strings.TrimRight(text[s.start:start], " \t")
	if strings.HasSuffix(before, "(") || strings.HasSuffix(before, "[") {
		if i := strings.IndexAny(text[cueEnd:s.end], ")]"); i >= 0 {
			return cueEnd + i + 1
		}
	}
	rest := text[cueEnd:s.end]
	if moreWordsThan(rest, 10) {
		if i := strings.Index(rest, ". "); i >= 0 {
			return cueEnd + i + 1
		}
	}
	return s.end
}

// moreWordsThan reports whether s has more than n space-separated words,
// reading no further than it must.
func moreWordsThan(s string, n int) bool {
	words, in := 0, false
	for i := 0; i < len(s); i++ {
		space := s[i] == ' ' || s[i] == '\t'
		if !space && !in {
			words++
			if words > n {
				return true
			}
		}
		in = !space
	}
	return false
}

func onlySpaces(text string, a, b int) bool {
	return a <= b && strings.Trim(text[a:b], " \t") == ""
}

// mergeSpans sorts spans and merges overlapping ones.
func mergeSpans(ss []span) []span {
	if len(ss) < 2 {
		return ss
	}
	sort.Slice(ss, func(i, j int) bool { return ss[i].start < ss[j].start })
	out := ss[:1]
	for _, c := range ss[1:] {
		last := &out[len(out)-1]
		if c.start <= last.end {
			last.end = max(last.end, c.end)
			continue
		}
		out = append(out, c)
	}
	return out
}
