package topic

import (
	"slices"
	"strings"
	"unicode"
)

// Mention is one entity mention: Text is exactly the text between the byte
// offsets Start and End of the text it was found in. Type is PER, LOC, ORG,
// MISC, or "" when the extractor could not tell.
type Mention struct {
	Text  string `json:"text"`
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

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
	toks := tokenize(text)
	if len(toks) == 0 {
		return nil
	}
	x := newExtractor(text, toks)
	return x.run()
}

// Line styles that change how the extractor reads a line.
const (
	lineNormal = iota
	lineTitle  // Title Case: capitalisation says little
	lineShout  // ALL CAPS: capitalisation says nothing
)

// extractor holds the state of one ProperNouns call.
type extractor struct {
	text    string
	toks    []token
	gaz     *Catalogue
	style   []uint8         // per line
	midCap  map[string]bool // words seen capitalised inside a sentence of a normal line
	lowSeen map[string]bool // words seen in lower case; built on first use, see seenLower
	multi   map[string]string
	inMulti map[string]bool // words that are part of a multi-word name
	cands   []cand
}

// cand is a mention that may still need corroboration.
type cand struct {
	m     Mention
	low   string // the word, for single-word candidates
	needs uint8  // needSentence or needMulti
}

const (
	needSentence = 1 << iota // a sentence-initial word: needs to be seen capitalised elsewhere
	needMulti                // a day or month name: needs to be part of a longer name elsewhere
)

func newExtractor(text string, toks []token) *extractor {
	x := &extractor{
		text:    text,
		toks:    toks,
		gaz:     builtin(),
		midCap:  make(map[string]bool, 64),
		multi:   make(map[string]string, 16),
		inMulti: make(map[string]bool, 64),
	}
	x.style = lineStyles(toks)
	for _, t := range toks {
		if t.cap && !t.sent && x.style[t.line] == lineNormal {
			x.midCap[t.low] = true
		}
	}
	return x
}

// seenLower reports whether w appears in lower case on a normal line.
func (x *extractor) seenLower(w string) bool {
	if x.lowSeen == nil {
		x.lowSeen = make(map[string]bool, len(x.toks)/2)
		for _, t := range x.toks {
			if !t.cap && !t.amp && x.style[t.line] == lineNormal {
				x.lowSeen[t.low] = true
			}
		}
	}
	return x.lowSeen[w]
}

// lineStyles classifies each line as normal, Title Case or ALL CAPS. A line
// is Title Case when its capitals follow headline style rather than names:
// function words capitalised inside it ("Agree To Keep"), or nearly every
// content word capitalised ("Michelle Obama Makes Vogue Cover"), or every word
// of a short label capitalised ("Physical Features").
func lineStyles(toks []token) []uint8 {
	style := make([]uint8, toks[len(toks)-1].line+1)
	for i := 0; i < len(toks); {
		line := toks[i].line
		var words, caps, upper, capStops, content, capContent int
		for ; i < len(toks) && toks[i].line == line; i++ {
			t := toks[i]
			if t.amp || !startsLetter(t.low) {
				continue
			}
			words++
			stop := stopWords[t.low]
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
		case words >= 4 && caps*10 >= words*8 && capStops > 0,
			content >= 4 && capContent*20 >= content*17,
			words >= 2 && caps == words:
			style[line] = lineTitle
		}
	}
	return style
}

// run extracts from normal lines first, so that Title Case lines can be
// checked against what ordinary sentences say.
func (x *extractor) run() []Mention {
	x.phrases(lineNormal, x.phrase)
	if slices.Contains(x.style, lineTitle) {
		for _, c := range x.cands {
			if strings.ContainsAny(c.m.Text, " -") {
				x.multi[Key(c.m.Text)] = c.m.Type
			}
		}
		x.phrases(lineTitle, x.titlePhrase)
		slices.SortStableFunc(x.cands, func(a, b cand) int { return a.m.Start - b.m.Start })
	}
	out := make([]Mention, 0, len(x.cands))
	for _, c := range x.cands {
		if c.needs&needSentence != 0 && !x.midCap[c.low] && !x.inMulti[c.low] {
			continue
		}
		if c.needs&needMulti != 0 && !x.inMulti[c.low] {
			continue
		}
		out = append(out, c.m)
	}
	x.typePersons(out)
	return out
}

// typePersons types as persons the untyped names that read like them: a name
// with a particle ("Erik ten Hag"), or a two- or three-word name whose last
// word also appears on its own in the text, the way news writing gives a
// full name first and the surname after ("Marcus Rashford" … "Rashford").
// Names of places, institutions and events, and names built on a known place
// ("Manchester United", "Greater China"), are left alone.
func (x *extractor) typePersons(ms []Mention) {
	alone := make(map[string]bool, len(ms))
	for _, m := range ms {
		if !strings.ContainsAny(m.Text, " -") {
			alone[lower(m.Text)] = true
		}
	}
	for i := range ms {
		m := &ms[i]
		if m.Type != "" {
			continue
		}
		ws := strings.Fields(m.Text)
		if len(ws) < 2 || len(ws) > 4 || !x.personShaped(ws) {
			continue
		}
		if x.seenLower(lower(ws[0])) {
			continue // "Good Samsung": a word of the text, not a given name
		}
		if hasParticle(ws) || len(ws) <= 3 && alone[lower(ws[len(ws)-1])] {
			m.Type = "PER"
		}
	}
}

// personShaped reports whether the words could be a person's name: letters
// only, no word of an institution, event or facility, no known place at
// either end.
func (x *extractor) personShaped(ws []string) bool {
	if facilityWords[lower(ws[0])] {
		return false // "Place de la Republique", "Stade de France"
	}
	for _, w := range ws {
		lw := lower(w)
		if orgSuffixes[lw] || eventWords[lw] || titleHeads[lw] || !alphabetic(w) {
			return false
		}
	}
	_, first := x.gaz.Lookup(ws[0])
	_, last := x.gaz.Lookup(ws[len(ws)-1])
	return !first && !last
}

// alphabetic reports whether w is made of letters, with inner hyphens,
// apostrophes and dots ("Jae-in", "O'Neill", "J.").
func alphabetic(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) && r != '-' && r != '.' && !isApostrophe(r) {
			return false
		}
	}
	return true
}

func hasParticle(ws []string) bool {
	for _, w := range ws[1 : len(ws)-1] {
		if nameParticles[w] {
			return true
		}
	}
	return false
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
// that is not a function word, or "The" opening a known place ("The Hague").
func (x *extractor) startsPhrase(i int) bool {
	t := x.toks[i]
	if !t.cap || t.amp {
		return false
	}
	if !isStop(t) {
		return true
	}
	if t.low == "the" && i+1 < len(x.toks) && x.toks[i+1].join && x.toks[i+1].cap {
		_, ok := x.lookupSpan(t.start, x.toks[i+1].end)
		return ok
	}
	return false
}

// extend returns the end (exclusive) of the phrase starting at token i.
func (x *extractor) extend(i int) int {
	toks := x.toks
	j := i + 1
	for j < len(toks) {
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
		case nameParticles[u.low]:
			k := j + 1 // "von der Leyen": particles may chain
			for k < len(toks) && nameParticles[toks[k].low] && toks[k].join && !toks[k].cap {
				k++
			}
			if x.capAt(k) {
				j = k + 1
				continue
			}
		case u.low == "of":
			// "Bank of Japan" after a head word; "Match of the Day" after any.
			k := j + 1
			if k < len(toks) && toks[k].low == "the" && toks[k].join {
				k++
			}
			if (k > j+1 || ofHeads[toks[j-1].low]) && x.capAt(k) && !isStop(toks[k]) {
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

// isStop reports a function word, or a contraction of one ("I'm", "don't").
// Words in capitals are acronyms, never function words ("US", "IT").
func isStop(t token) bool {
	if t.allCaps {
		return false
	}
	if stopWords[t.low] {
		return true
	}
	if i := strings.IndexAny(t.low, "'’"); i > 0 {
		return stopWords[t.low[:i]] || contractionBases[t.low[:i]]
	}
	return false
}

func startsLetter(s string) bool {
	return s != "" && !(s[0] >= '0' && s[0] <= '9')
}
