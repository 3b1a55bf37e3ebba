package topic

import (
	"iter"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Zones of a story text. Mentions in boilerplate zones produce no topics.
type zone uint8

const (
	zoneProse   zone = iota // sentences of the story
	zoneHeading             // a short line standing alone: headline, kicker, subhead
	zoneCaption             // a photo caption (a line that carries a credit)
	zoneChrome              // navigation, promotions, bylines, calls to action
	zoneCredit              // the credit itself: "Photo: AFP", "AP Photo/Evan Vucci"
)

// zoneWeights says how much a mention in each zone counts.
var zoneWeights = [...]float64{
	zoneProse:   1,
	zoneHeading: 1,
	zoneCaption: 0.6, // about the picture, which is usually about the story
	zoneChrome:  0,
	zoneCredit:  0,
}

// shortLineRunes is the length under which an unpunctuated line is "short":
// menu items, labels and promotions are short; hard-wrapped prose lines are
// longer (and usually continue in lower case, which is checked separately).
const shortLineRunes = 60

// span is a byte range [start, end) of the text.
type span struct{ start, end int }

// line is one line of the text and what it is.
type line struct {
	span
	zone    zone
	credits []span
}

// layout is the structure of a text: its lines, classified. It lives in a
// scratch: analyse fills it, release empties it.
type layout struct {
	lines []line
	feats []lineFeatures // per line, while classifying
	words []lineWord     // the words of a line, while finding credits
}

// analyse classifies every line of text by structure: length, punctuation,
// capitalisation, calls to action and credit patterns, never by particular
// strings of a particular site.
func analyse(text string) *layout { return new(layout).analyse(text) }

// analyse is the function analyse, reusing l's memory.
func (l *layout) analyse(text string) *layout {
	l.lines = splitLines(l.lines[:0], text)
	feats := slices.Grow(l.feats[:0], len(l.lines))[:len(l.lines)]
	l.feats = feats
	for i := range l.lines {
		ln := &l.lines[i]
		ln.credits = findCreditsIn(text, ln.span, &l.words)
		feats[i] = features(text, ln.span, ln.credits)
	}
	for i := range feats {
		if feats[i].words > 0 && !feats[i].terminal && i+1 < len(feats) && feats[i+1].startsLower {
			feats[i].short, feats[i].continues = false, true // hard-wrapped prose
		}
	}
	for i := range l.lines {
		l.lines[i].zone = classifyLine(feats, i, len(l.lines[i].credits) > 0)
	}
	return l
}

func (l *layout) release() {
	l.lines, l.words = resetSlice(l.lines), resetSlice(l.words)
	if cap(l.feats) > maxKeptSlice {
		l.feats = nil
	}
}

// splitLines appends the lines of text, without their line ends, to dst.
func splitLines(dst []line, text string) []line {
	lines := slices.Grow(dst, strings.Count(text, "\n")+1)
	for start := 0; start <= len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		e := end
		if e > start && text[e-1] == '\r' {
			e--
		}
		lines = append(lines, line{span: span{start, e}})
		start = end + 1
	}
	return lines
}

// lineFeatures are the structural facts the classifier uses.
type lineFeatures struct {
	words       int  // words with letters, credits excluded
	caps        int  // of them capitalised
	function    int  // of them function words; counted only when menuLike needs it
	seps        int  // menu separators: | • · » ›
	terminal    bool // ends like a sentence
	short       bool // unpunctuated and short
	startsLower bool // first word is lower-case (a continuation)
	continues   bool // the sentence goes on on the next line
	cta         bool // a call to action or page-furniture label
	byline      bool // "By Jane Doe"
}

func features(text string, s span, credits []span) lineFeatures {
	var f lineFeatures
	body := strings.TrimSpace(withoutSpans(text, s, credits))
	if body == "" {
		return f
	}
	first, fields, label := "", 0, false
	for field, w := range lineFields(body) {
		fields++
		if fields <= 3 && strings.IndexByte(field, ':') >= 0 {
			label = true
		}
		if fields == 1 {
			first = w
		}
		f.countWord(w, field, fields == 1)
	}
	f.terminal = endsSentence(body)
	if !f.terminal && f.words >= 4 && f.caps == f.words {
		f.function = functionWords(body) // only such a line can be a menu
	}
	f.short = !f.terminal && utf8.RuneCountInString(body) < shortLineRunes
	label = label || fields <= 3
	f.cta = lexOf(first)&lexCTA != 0 && (f.short || label) && fields <= 12
	f.byline = inSet(byWord, first) && fields <= 8 && f.caps >= 1 && !f.terminal
	return f
}

var byWord = wordSet("by")

// lineFields yields the whitespace-separated fields of a line, each with the
// word in it: the field without leading and trailing punctuation.
func lineFields(body string) iter.Seq2[string, string] {
	return func(yield func(field, word string) bool) {
		for i := 0; i < len(body); {
			for i < len(body) && (body[i] == ' ' || body[i] == '\t') {
				i++
			}
			j := i
			for j < len(body) && body[j] != ' ' && body[j] != '\t' {
				j++
			}
			if j == i {
				return
			}
			field := body[i:j]
			i = j
			w := field
			if !isAlnumByte(w[0]) || !isAlnumByte(w[len(w)-1]) {
				w = strings.TrimFunc(w, isEdgePunct)
			}
			if !yield(field, w) {
				return
			}
		}
	}
}

// functionWords counts the function words among the words of a line.
func functionWords(body string) int {
	n := 0
	for _, w := range lineFields(body) {
		if w != "" && startsLetterRune(w) && lexOf(w)&lexStop != 0 {
			n++
		}
	}
	return n
}

// countWord adds one whitespace-separated field (w without its punctuation).
func (f *lineFeatures) countWord(w, field string, first bool) {
	if w == "" || !startsLetterRune(w) {
		if w == "" || strings.ContainsAny(field, "|•·»›") {
			f.seps++
		}
		return
	}
	f.words++
	up := startsUpper(w)
	if up {
		f.caps++
	}
	if first {
		f.startsLower = !up
	}
}

// classifyLine decides the zone of line i.
func classifyLine(feats []lineFeatures, i int, credited bool) zone {
	f := feats[i]
	switch {
	case f.words == 0:
		if credited {
			return zoneCredit
		}
		return zoneChrome
	case f.cta, f.byline, f.seps >= 2, menuLike(f):
		return zoneChrome
	case f.short && (shortAt(feats, i-1) || shortAt(feats, i+1)):
		return zoneChrome // a block of short lines: a menu, a promotion, a link list
	case credited:
		return zoneCaption
	case f.short || !f.terminal && !f.continues && f.words < 16:
		return zoneHeading
	}
	return zoneProse
}

// menuLike reports a line of capitalised words with no function word:
// "Home World Business Tech Sport".
func menuLike(f lineFeatures) bool {
	return !f.terminal && f.words >= 4 && f.function == 0 && f.caps == f.words
}

func shortAt(feats []lineFeatures, i int) bool {
	return i >= 0 && i < len(feats) && feats[i].short && feats[i].words > 0
}

// endsSentence reports whether s ends like a sentence, closing quotes and
// brackets aside.
func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"'”’»)]`, r)
	})
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '!' || r == '?' || r == '…' || r == ':'
}

// withoutSpans returns the text of s with the given sub-spans cut out.
func withoutSpans(text string, s span, cut []span) string {
	if len(cut) == 0 {
		return text[s.start:s.end]
	}
	var b strings.Builder
	at := s.start
	for _, c := range cut {
		b.WriteString(text[at:c.start])
		b.WriteByte(' ')
		at = c.end
	}
	b.WriteString(text[at:s.end])
	return b.String()
}

func isEdgePunct(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

func startsLetterRune(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// zoneOf returns the zone of the byte range [start, end).
func (l *layout) zoneOf(start, end int) zone {
	i := l.lineAt(start)
	if i < 0 {
		return zoneProse
	}
	ln := &l.lines[i]
	// Credits are sorted and disjoint: find the first that ends after start.
	k := sort.Search(len(ln.credits), func(k int) bool { return ln.credits[k].end > start })
	if k < len(ln.credits) && ln.credits[k].start < end {
		return zoneCredit
	}
	return ln.zone
}

// lineAt returns the index of the line holding byte offset off, or -1.
func (l *layout) lineAt(off int) int {
	lo, hi := 0, len(l.lines)
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case off < l.lines[m].start:
			hi = m
		case off > l.lines[m].end:
			lo = m + 1
		default:
			return m
		}
	}
	return -1
}
