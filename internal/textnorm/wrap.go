package textnorm

import "unicode/utf8"

// Hard-wrap detection. Wire copy was wrapped at a fixed width (about 70
// columns in 1980s Reuters stories); prose from the web has one paragraph a
// line. A text is taken as hard-wrapped when its widest line is at most
// maxWrapWidth and at least half of its non-empty lines are "full" (within
// fullSlack columns of the widest).
const (
	maxWrapWidth = 100
	minWrapWidth = 30
	fullSlack    = 20
	minWrapLines = 3
)

// lineInfo is one line of a text, measured.
type lineInfo struct {
	start, end int // the line without its line end
	runes      int // runes, trailing white space excluded
	indented   bool
	empty      bool
}

// unwrap turns the line breaks of a hard-wrapped text that fall inside a
// paragraph into spaces. A break is inside a paragraph when the next line is
// not empty, not indented, not in capitals (a heading), and either its first
// word would not have fitted on the line before it (that is why the line was
// broken) or the line before it stops inside a sentence. A paragraph that
// ends short keeps its break.
func unwrap(b []byte) {
	ls := measure(b)
	width, ok := wrapWidth(ls)
	if !ok {
		return
	}
	for i := 0; i+1 < len(ls); i++ {
		cur, next := ls[i], ls[i+1]
		if cur.empty || next.empty || next.indented || shouting(b[cur.start:cur.end]) || shouting(b[next.start:next.end]) {
			continue
		}
		if cur.runes+1+firstWordRunes(b, next) > width || !endsSentence(b[cur.start:cur.end]) {
			joinAt(b, cur.end)
		}
	}
}

// endsSentence reports whether the line ends with a sentence's end (closing
// quotes and brackets aside). A line that does not, in wrapped text, goes on
// on the next line whatever its length.
func endsSentence(l []byte) bool {
	i := len(l)
	for i > 0 && (isSpace(l[i-1]) || l[i-1] == '"' || l[i-1] == '\'' || l[i-1] == ')') {
		i--
	}
	return i == 0 || l[i-1] == '.' || l[i-1] == '!' || l[i-1] == '?' || l[i-1] == ':'
}

// joinAt turns the line end at off (and a '\r' before it) into a space.
func joinAt(b []byte, off int) {
	if off < len(b) {
		b[off] = ' '
	}
	if off > 0 && b[off-1] == '\r' {
		b[off-1] = ' '
	}
}

func measure(b []byte) []lineInfo {
	var ls []lineInfo
	lines(b, func(start, end int) {
		e := end
		for e > start && isSpace(b[e-1]) {
			e--
		}
		li := lineInfo{start: start, end: end, runes: utf8.RuneCount(b[start:e]), empty: e == start}
		if !li.empty && (b[start] == ' ' || b[start] == '\t') {
			li.indented = true
		}
		if li.empty || !hasLetters(b[start:e]) {
			li.empty = true
		}
		ls = append(ls, li)
	})
	return ls
}

// wrapWidth returns the width a text was wrapped at, and whether it was.
func wrapWidth(ls []lineInfo) (int, bool) {
	width, n := 0, 0
	for _, l := range ls {
		if !l.empty {
			width = max(width, l.runes)
			n++
		}
	}
	if n < minWrapLines || width > maxWrapWidth || width < minWrapWidth {
		return 0, false
	}
	full := 0
	for _, l := range ls {
		if !l.empty && l.runes >= width-fullSlack {
			full++
		}
	}
	return width, full*2 >= n
}

// firstWordRunes is the length of the first word of line l.
func firstWordRunes(b []byte, l lineInfo) int {
	i := l.start
	for i < l.end && isSpace(b[i]) {
		i++
	}
	j := i
	for j < l.end && !isSpace(b[j]) {
		j++
	}
	return utf8.RuneCount(b[i:j])
}
