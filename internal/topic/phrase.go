package topic

import "strings"

// phrase turns one capitalised run from a normal line into mentions.
func (x *extractor) phrase(ts []token) {
	ts = trimLead(ts)
	for len(ts) > 1 && ts[0].is(lexDayMonth) {
		ts = trimLead(ts[1:])
	}
	if len(ts) == 0 {
		return
	}
	if typ, ok := x.known(ts); ok {
		x.emit(ts, typ)
		return
	}
	if x.splitHyphens(ts) || x.splitTitle(ts) {
		return
	}
	if len(ts) > 1 && x.commonStart(ts[0]) {
		x.phrase(ts[1:])
		return
	}
	x.emit(ts, guessType(ts, x.afterRole(ts[0])))
}

// trimLead drops leading words that cannot begin a name (particles, "of", "&").
func trimLead(ts []token) []token {
	for len(ts) > 0 && (!ts[0].cap || ts[0].amp) {
		ts = ts[1:]
	}
	return ts
}

// emit records ts as a mention; single words may still need corroboration.
func (x *extractor) emit(ts []token, typ string) {
	s, e := ts[0].start, ts[len(ts)-1].end
	m := Mention{Text: x.text[s:e], Type: typ, Start: s, End: e}
	if len(ts) > 1 {
		for _, t := range ts {
			x.inMulti[t.low] = true
		}
		x.cands = append(x.cands, cand{m: m, ts: ts})
		return
	}
	t := ts[0]
	c := cand{m: m, ts: ts, low: t.low}
	switch {
	case isStop(t), t.is(lexCompass), letters(t.low) < 2, isTitleWord(t) && typ == "":
		return
	case t.is(lexDayMonth):
		c.needs = needMulti
	case t.sent && typ == "" && !t.allCaps:
		c.needs = needSentence
	}
	x.cands = append(x.cands, c)
}

// known returns the type of ts when the catalogue knows it.
func (x *extractor) known(ts []token) (string, bool) {
	if !x.mayBeKnown(ts) {
		return "", false
	}
	m, ok := x.lookupSpan(ts[0].start, ts[len(ts)-1].end)
	if !ok {
		return "", false
	}
	if m.Demonym {
		return "MISC", true
	}
	return nerType(m.Kind), true
}

// mayBeKnown is a quick test that rules out most spans before they are
// folded for a lookup: a plain lower-case ASCII first word must begin a key.
func (x *extractor) mayBeKnown(ts []token) bool {
	w := ts[0].low
	if w == "the" && len(ts) > 1 {
		w = ts[1].low
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return true // needs folding: let the lookup decide
		}
	}
	return x.gaz.mayStart(w)
}

func (x *extractor) lookupSpan(start, end int) (Match, bool) {
	return x.gaz.Lookup(x.text[start:end])
}

// splitHyphens splits a compound of known names ("Japan-US", "US-South
// Korea") into its parts. It reports whether it did.
func (x *extractor) splitHyphens(ts []token) bool {
	var segs [][]token
	start := 0
	for i := 1; i < len(ts); i++ {
		if ts[i].hyph {
			segs = append(segs, ts[start:i])
			start = i
		}
	}
	if start == 0 {
		return false
	}
	segs = append(segs, ts[start:])
	types := make([]string, len(segs))
	for i, sg := range segs {
		typ, ok := x.known(sg)
		if !ok {
			return false
		}
		types[i] = typ
	}
	for i, sg := range segs {
		x.emit(sg, types[i])
	}
	return true
}

// splitTitle finds a title block ("US Vice President", "Bank of Japan
// Governor") and emits what precedes it and the person's name after it. It
// reports whether it found one.
func (x *extractor) splitTitle(ts []token) bool {
	for b := 0; b < len(ts); {
		if !isTitleWord(ts[b]) {
			b++
			continue
		}
		k, strong, weak := x.titleBlock(ts, b)
		if k == b {
			b++
			continue
		}
		name, left := ts[k:], trimTail(ts[:b])
		if !titleQualifies(ts[b:k], strong, weak, len(name)) || (len(name) > 0 && !validName(name)) ||
			len(left) < b || (len(left) > 0 && len(name) == 1 && !x.knownLeft(left)) {
			// Not a title: "Office of the High Commissioner" (the block
			// follows "of the"), "Larry King Live" (one word after a block
			// inside an unknown name).
			b = k
			continue
		}
		if len(left) > 0 {
			x.phrase(left)
		}
		if len(name) == 0 {
			x.titleOnly(ts[b:k])
		} else {
			x.emit(name, "PER")
		}
		return true
	}
	return false
}

// knownLeft reports whether the words before a title are something a title
// can follow: a known place, demonym or organisation ("US", "Japanese",
// "Bank of Japan", "Apple Inc").
func (x *extractor) knownLeft(left []token) bool {
	if _, ok := x.known(left); ok {
		return true
	}
	return guessType(left, false) == "ORG"
}

// trimTail drops trailing words that cannot end a name ("of", "the",
// particles, "&").
func trimTail(ts []token) []token {
	for len(ts) > 0 && (!ts[len(ts)-1].cap || ts[len(ts)-1].amp) {
		ts = ts[:len(ts)-1]
	}
	return ts
}

// titleBlock returns the end of the title block starting at b (just past its
// last head, or past "of State"/"of London"), and whether it holds strong or
// weak heads. It returns b when there is no head.
func (x *extractor) titleBlock(ts []token, b int) (end int, strong, weak bool) {
	end = b
	afterOf := false
	for k := b; k < len(ts); {
		t := ts[k]
		switch {
		case t.is(lexTitleHead):
			if t.is(lexWeakHead) {
				weak = true
			} else {
				strong = true
			}
			k++
			end = k
		case t.is(lexTitleMod) || t.low == "affairs":
			k++
			if afterOf {
				end = k
			}
		case t.low == "of" && end > b && k+1 < len(ts):
			j := k + 1
			if ts[j].low == "the" && j+1 < len(ts) {
				j++
			}
			switch pe := x.placeEnd(ts, j); {
			case ts[j].is(lexTitleMod):
				k, end, afterOf = j+1, j+1, true
			case pe > 0:
				k, end = pe, pe
			default:
				return end, strong, weak
			}
		default:
			return end, strong, weak
		}
	}
	return end, strong, weak
}

// placeEnd returns the end of the longest known name (up to three words)
// starting at j, or 0.
func (x *extractor) placeEnd(ts []token, j int) int {
	for e := min(len(ts), j+3); e > j; e-- {
		if _, ok := x.known(ts[j:e]); ok {
			return e
		}
	}
	return 0
}

// titleOnly handles a title with no name after it: "Prince of Wales" is a
// person; "Prime Minister of Japan" mentions Japan; "Prime Minister" alone is
// nothing.
func (x *extractor) titleOnly(block []token) {
	of := -1
	for i, t := range block {
		if t.low == "of" {
			of = i
			break
		}
	}
	if of < 0 {
		return
	}
	if block[0].is(lexPersonOfHead) {
		x.emit(block, "PER")
		return
	}
	rest := trimLead(block[of+1:])
	if len(rest) > 0 {
		if typ, ok := x.known(rest); ok {
			x.emit(rest, typ)
		}
	}
}

func isTitleWord(t token) bool { return t.is(lexTitleHead | lexTitleMod) }

// titleQualifies decides whether a block is a title: a strong head
// ("President") always is; a weak one ("General", "Justice") only inside a
// longer title ("Attorney General") or before a name of two or more words.
func titleQualifies(block []token, strong, weak bool, nameLen int) bool {
	if strong {
		return true
	}
	return weak && (len(block) >= 2 || nameLen >= 2 || strings.HasSuffix(block[0].low, "."))
}

// validName reports whether the words after a title can be a person's name:
// capitalised, and not an institution or event ("General Motors Corp",
// "Justice Department", "Major League Baseball").
func validName(name []token) bool {
	if !name[0].cap || isStop(name[0]) {
		return false
	}
	for _, t := range name {
		if t.is(lexOrgSuffix | lexEvent) {
			return false
		}
	}
	return true
}

// commonStart reports whether t is an ordinary word capitalised only because
// it starts a sentence: it is seen in lower case in the text, or is an
// adverb in -ly, and never capitalised inside a sentence.
func (x *extractor) commonStart(t token) bool {
	if !t.sent || t.allCaps || x.midCap[t.low] {
		return false
	}
	return x.seenLower(t.low) || strings.HasSuffix(t.low, "ly")
}

// afterRole reports whether t follows a lower-case role word ("leader Kim
// Jong-un").
func (x *extractor) afterRole(t token) bool {
	if t.idx == 0 || !t.join {
		return false
	}
	p := x.toks[t.idx-1]
	return !p.cap && p.is(lexRole)
}

// guessType types a phrase that the catalogue does not know.
func guessType(ts []token, person bool) string {
	if person {
		return "PER"
	}
	if len(ts) < 2 {
		return ""
	}
	first, last := ts[0], ts[len(ts)-1]
	switch {
	case hasOf(ts) && first.is(lexPlaceOfHead):
		return "LOC"
	case hasOf(ts) && first.is(lexPersonOfHead):
		return "PER"
	case hasOf(ts) && first.is(lexOfHead):
		return "ORG"
	case last.is(lexEvent):
		return "MISC"
	case last.is(lexOrgSuffix), first.low == "fc", first.low == "afc":
		return "ORG"
	}
	return ""
}

func hasOf(ts []token) bool {
	for _, t := range ts {
		if t.low == "of" {
			return true
		}
	}
	return false
}

// letters counts the letters of a lower-cased word.
func letters(s string) int {
	n := 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r > 0x7f {
			n++
		}
	}
	return n
}
