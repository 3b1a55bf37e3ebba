package topic

import (
	"slices"
	"strings"
)

// ProperNouns extracts capitalised name phrases from text: "North Korea",
// "Shinzo Abe", "Moon Jae-in", "Bank of Japan", "U.S.", "Pyeongchang Winter
// Olympics". It is Herald's first entity extractor and the fallback when no
// trained tagger is loaded. It returns the mentions in text order, without
// overlaps, each with Text == text[Start:End].
//
// A phrase is a run of capitalised words separated only by spaces. It may
// span the name particles de, van, von, bin, al… between capitalised words,
// "of" after heads such as Bank, University, Ministry, Republic or Prince,
// "&" and, when the result is a known place, "and" ("Trinidad and Tobago").
// Phrases are cut and cleaned this way:
//
//   - Function words ("The", "But", "However", "In") never belong to a
//     phrase; day and month names are dropped from its front, and on their own
//     count only if the same word is part of a longer name elsewhere in the
//     text ("May" after "Theresa May").
//   - A word that only ever appears capitalised at the start of a sentence is
//     not a name ("Dialogue for the sake of dialogue"), unless it is a known
//     place or demonym, an acronym, or part of a longer name in the text.
//   - Titles and honorifics are cut off and make the rest a person: "US
//     President Donald Trump" gives "US" and "Donald Trump" (PER); "Bank of
//     Japan Governor Haruhiko Kuroda" gives "Bank of Japan" and "Haruhiko
//     Kuroda". A lower-case title just before a phrase ("leader Kim Jong-un")
//     also makes it a person.
//   - Compounds of known places split: "Japan-US" gives "Japan" and "US".
//   - Lines in capitals ("BREAKING NEWS UPDATE") yield nothing. In Title Case
//     lines (headlines, menus) only names also found in ordinary sentences of
//     the text, or known places and organisations, are taken.
//
// Types are guesses: a title → PER; a known country, city or region → LOC
// (demonyms such as "Japanese" → MISC); a known organisation or a last word
// such as Inc, Corp, Party, Ministry, Agency, University → ORG; a last word
// such as Olympics, Summit, Games, Cup → MISC; otherwise "".
func ProperNouns(text string) []Mention {
	sc := getScratch()
	defer sc.release()
	return sc.properNouns(text, builtin(), nil)
}

// properNouns is ProperNouns with the catalogue that types known names and
// vouches for sentence-initial ones. The mentions are appended to dst[:0];
// a nil dst means a new slice. It returns nil when text has no words.
func (sc *scratch) properNouns(text string, cat *Catalogue, dst []Mention) []Mention {
	sc.toks = tokenize(sc.toks, text)
	if len(sc.toks) == 0 {
		return nil
	}
	return sc.x.reset(text, sc.toks, cat).run(dst)
}

// extractor holds the state of one ProperNouns call. It lives in a scratch:
// reset readies it for a text, release empties it.
type extractor struct {
	text    string
	toks    []token
	gaz     *Catalogue
	style   []uint8         // per line
	midCap  map[string]bool // words seen capitalised inside a sentence of a normal line
	lowSeen map[string]bool // words seen in lower case; see seenLower
	lowDone bool            // lowSeen is built
	multi   map[string]string
	inMulti map[string]bool // words that are part of a multi-word name
	alone   map[string]bool // see typePersons
	cands   []cand
}

// cand is a mention that may still need corroboration.
type cand struct {
	m     Mention
	ts    []token // its words
	low   string  // the word, for single-word candidates
	needs uint8   // needSentence or needMulti
}

const (
	needSentence = 1 << iota // a sentence-initial word: needs to be seen capitalised elsewhere
	needMulti                // a day or month name: needs to be part of a longer name elsewhere
)

// reset readies x to extract from text, whose tokens are toks.
func (x *extractor) reset(text string, toks []token, cat *Catalogue) *extractor {
	x.text, x.toks, x.gaz = text, toks, cat
	x.midCap = emptyMap(x.midCap, 64)
	x.multi = emptyMap(x.multi, 16)
	x.inMulti = emptyMap(x.inMulti, 64)
	x.lowDone = false
	x.cands = x.cands[:0]
	if cap(x.cands) < len(toks)/4 {
		x.cands = make([]cand, 0, len(toks)/4)
	}
	x.style = lineStyles(x.style, toks)
	for _, t := range toks {
		if t.cap && !t.sent && x.style[t.line] == lineNormal {
			x.midCap[t.low] = true
		}
	}
	return x
}

// release empties x for the next call.
func (x *extractor) release() {
	x.text, x.toks, x.gaz = "", nil, nil
	x.midCap = resetMap(x.midCap)
	x.lowSeen = resetMap(x.lowSeen)
	x.multi = resetMap(x.multi)
	x.inMulti = resetMap(x.inMulti)
	x.alone = resetMap(x.alone)
	x.cands = resetSlice(x.cands)
	if cap(x.style) > maxKeptSlice {
		x.style = nil
	}
}

// seenLower reports whether w appears in lower case on a normal line. The
// set is built on first use: many texts never ask.
func (x *extractor) seenLower(w string) bool {
	if !x.lowDone {
		x.lowDone = true
		x.lowSeen = emptyMap(x.lowSeen, len(x.toks)/2)
		for _, t := range x.toks {
			if !t.cap && !t.amp && x.style[t.line] == lineNormal {
				x.lowSeen[t.low] = true
			}
		}
	}
	return x.lowSeen[w]
}

// run extracts from normal lines first, so that Title Case lines can be
// checked against what ordinary sentences say. It appends the mentions to
// dst[:0]; a nil dst means a new slice.
func (x *extractor) run(dst []Mention) []Mention {
	x.phrases(lineNormal, x.phrase)
	if slices.Contains(x.style, lineTitle) {
		for _, c := range x.cands {
			if multiWord(c.m.Text) {
				x.multi[Key(c.m.Text)] = c.m.Type
			}
		}
		x.phrases(lineTitle, x.titlePhrase)
		slices.SortStableFunc(x.cands, func(a, b cand) int { return a.m.Start - b.m.Start })
	}
	kept := x.cands[:0]
	for _, c := range x.cands {
		if c.needs&needSentence != 0 && !x.midCap[c.low] && !x.inMulti[c.low] {
			continue
		}
		if c.needs&needMulti != 0 && !x.inMulti[c.low] {
			continue
		}
		kept = append(kept, c)
	}
	x.typePersons(kept)
	out := dst[:0]
	if out == nil {
		out = make([]Mention, 0, len(kept))
	}
	for _, c := range kept {
		out = append(out, c.m)
	}
	return out
}

// phrases finds the capitalised runs on lines of the given style and hands
// each to fn.
func (x *extractor) phrases(style uint8, fn func([]token)) {
	toks := x.toks
	for i := 0; i < len(toks); {
		t := toks[i]
		if x.style[t.line] != style || !x.startsPhrase(i) {
			i++
			continue
		}
		j := x.extend(i)
		fn(toks[i:j])
		i = j
	}
}

// startsPhrase reports whether token i can begin a phrase: a capitalised word
// that is not a function word. ("The Hague" yields "Hague", which the
// catalogue knows.)
func (x *extractor) startsPhrase(i int) bool {
	t := x.toks[i]
	return t.cap && !t.amp && !isStop(t)
}

// maxPhraseWords bounds a phrase: no name runs longer ("United Kingdom of
// Great Britain and Northern Ireland" has eight words), and the bound keeps
// the work per phrase constant on hostile input.
const maxPhraseWords = 10

// extend returns the end (exclusive) of the phrase starting at token i.
func (x *extractor) extend(i int) int {
	toks := x.toks
	j := i + 1
	for j < len(toks) && j-i < maxPhraseWords {
		u := toks[j]
		if !u.join || toks[j-1].line != u.line {
			break
		}
		switch {
		case u.cap && !u.amp && !isStop(u):
			j++
			continue
		case u.amp && x.capAt(j+1):
			j += 2
			continue
		case u.is(lexParticle):
			k := j + 1 // "von der Leyen": particles may chain
			for k < len(toks) && toks[k].is(lexParticle) && toks[k].join && !toks[k].cap {
				k++
			}
			if x.capAt(k) {
				j = k + 1
				continue
			}
		case u.low == "of":
			// "Bank of Japan" after a head word; "Match of the Day" after
			// any word but a lone sentence opener ("Sales of the iPhone").
			k := j + 1
			if k < len(toks) && toks[k].low == "the" && toks[k].join {
				k++
			}
			if (toks[j-1].is(lexOfHead) || k > j+1 && (j-1 > i || !toks[i].sent)) && x.capAt(k) && !isStop(toks[k]) {
				j = k + 1
				continue
			}
		case u.low == "and":
			if k := x.andPlace(i, j); k > 0 {
				j = k
				continue
			}
		}
		break
	}
	return j
}

// capAt reports whether token k exists, is joined to its predecessor and is
// capitalised.
func (x *extractor) capAt(k int) bool {
	return k < len(x.toks) && x.toks[k].join && x.toks[k].cap && !x.toks[k].amp
}

// andPlace returns the end of a known place that spans the "and" at j
// ("Bosnia and Herzegovina"), or 0.
func (x *extractor) andPlace(i, j int) int {
	for k := j + 1; k < len(x.toks) && k <= j+3 && x.capAt(k); k++ {
		if _, ok := x.lookupSpan(x.toks[i].start, x.toks[k].end); ok {
			return k + 1
		}
	}
	return 0
}

func isStop(t token) bool { return t.stop }

// isStopWord reports a function word, or a contraction of one ("I'm",
// "don't"); l is lexicon[low]. Words in capitals are acronyms, never function
// words ("US", "IT").
func isStopWord(low string, l lex, allCaps bool) bool {
	if allCaps {
		return false
	}
	if l&lexStop != 0 {
		return true
	}
	for i := 1; i < len(low); i++ {
		if low[i] == '\'' || low[i] == 0xE2 && strings.HasPrefix(low[i:], "’") {
			return stopWords[low[:i]] || contractionBases[low[:i]]
		}
	}
	return false
}

func startsLetter(s string) bool {
	return s != "" && !(s[0] >= '0' && s[0] <= '9')
}
