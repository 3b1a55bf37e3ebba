package topic

// Line styles that change how the extractor reads a line.
const (
	lineNormal = iota
	lineTitle  // Title Case: capitalisation says little
	lineShout  // ALL CAPS: capitalisation says nothing
)

// lineStyles classifies each line as normal, Title Case or ALL CAPS. A line
// is Title Case when its capitals follow headline style rather than names:
// function words capitalised inside it ("Agree To Keep"; one is not enough in
// a sentence that names "The Dick Van Dyke Show"), or every content
// word of four or more capitalised ("Michelle Obama Makes Vogue Cover"; a
// sentence has a lower-case verb), or every word of a short label capitalised
// ("Physical Features"). The result reuses dst's memory when it is large
// enough.
func lineStyles(dst []uint8, toks []token) []uint8 {
	n := toks[len(toks)-1].line + 1
	if cap(dst) < n {
		dst = make([]uint8, n)
	}
	style := dst[:n]
	clear(style)
	for i := 0; i < len(toks); {
		line := toks[i].line
		var words, caps, upper, capStops, content, capContent int
		for ; i < len(toks) && toks[i].line == line; i++ {
			t := toks[i]
			if t.amp || !startsLetter(t.low) {
				continue
			}
			words++
			stop := isStop(t)
			if !stop {
				content++
			}
			if t.cap {
				caps++
				switch {
				case stop && !t.sent:
					capStops++
				case !stop:
					capContent++
				}
			}
			if t.allCaps {
				upper++
			}
		}
		switch {
		case words >= 3 && upper*5 >= words*4:
			style[line] = lineShout
		case words >= 4 && caps*10 >= words*8 && (capStops >= 2 || capStops == 1 && caps == words),
			content >= 4 && capContent == content,
			words >= 2 && caps == words:
			style[line] = lineTitle
		}
	}
	return style
}

// titlePhrase takes from a Title Case run only the spans that ordinary
// sentences or the catalogue vouch for: the longest first, left to right.
func (x *extractor) titlePhrase(ts []token) {
	for s := 0; s < len(ts); {
		if e := x.vouched(ts, s); e > s {
			s = e
		} else {
			s++
		}
	}
}

// vouched emits the longest vouched-for span starting at s and returns its
// end, or s when there is none.
func (x *extractor) vouched(ts []token, s int) int {
	if !ts[s].cap || ts[s].amp || isStop(ts[s]) {
		return s
	}
	for e := min(len(ts), s+maxPhraseWords); e > s; e-- {
		span := ts[s:e]
		if typ, ok := x.known(span); ok {
			x.emit(span, typ)
			return e
		}
		if e-s >= 2 {
			var buf [64]byte
			if typ, ok := x.multi[string(appendKey(buf[:0], x.text[span[0].start:span[len(span)-1].end]))]; ok {
				x.emit(span, typ)
				return e
			}
		} else if x.midCap[ts[s].low] && !isTitleWord(ts[s]) {
			x.emit(span, "")
			return e
		}
	}
	return s
}
