package topic

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/heraldnews/herald"
)

// source says where a mention came from.
type source uint8

const (
	srcText source = iota
	srcTitle
	srcCategory
)

// occ is one usable mention (or category) on its way to a topic.
type occ struct {
	src     source
	ent     int      // index in story.ents or story.titleEnts; -1 for categories
	name    string   // normalised name
	key     string   // Key(name)
	words   []string // the parts of key: folded words, hyphenated ones split
	typ     string   // PER/LOC/ORG/MISC or ""
	weight  float64  // zone × alias weight
	pos     float64  // relative position in the text, for srcText
	match   Match    // catalogue match, when catalogued
	cat     bool     // the catalogue knows the name
	topic   string   // key of the topic it resolved to; "" when dropped
	drop    bool     // dropped before linking (an unvouched Title Case title word)
	full    bool     // the mention gave the name in full ("Apple Inc."): never a short form
	short   bool     // linked to a fuller name of the story: a short form the Memory may learn
	memName string   // the full name the Memory gave, when it resolved the occurrence
	implied bool     // implied by a longer mention ("Japan" in "Bank of Japan"): counts, labels no entity
}

// story is the state of one Resolve call. It lives in a scratch.
type story struct {
	r         *Resolver
	sc        *scratch
	in        Input
	lay       *layout
	occs      []occ
	ents      []Entity
	titleEnts []Entity
	sections  []string
	titleCase bool            // the title is written in Title Case; see titleIsTitleCase
	seen      map[memoKey]int // a mention's text and type → index in memo of its normalised occurrence, to do each name's work once
	memo      []occ
	acronyms  []acronymDef // acronyms the story defines
}

type memoKey struct{ text, typ string }

// newStory readies sc's story for in.
func (sc *scratch) newStory(r *Resolver, in Input) *story {
	s := &sc.story
	*s = story{r: r, sc: sc, in: in, lay: sc.lay.analyse(in.Text), occs: s.occs[:0], seen: emptyMap(s.seen, 64), memo: s.memo[:0], acronyms: s.acronyms[:0]}
	return s
}

// release empties s for the next call. The entities and sections went to
// the caller in the Result: they are dropped, not cleared.
func (s *story) release() {
	*s = story{occs: resetSlice(s.occs), seen: resetMap(s.seen), memo: resetSlice(s.memo), acronyms: resetSlice(s.acronyms)}
}

// collect turns the mentions of the text and title, and the categories, into
// occurrences.
func (s *story) collect() {
	ms := s.in.Mentions
	if ms == nil {
		ms = s.sc.properNouns(s.in.Text, s.r.cat, s.sc.mentions)
		s.sc.keepMentions(ms)
	}
	s.ents = make([]Entity, 0, len(ms))
	s.occs = slices.Grow(s.occs, len(ms)+len(s.in.TitleMentions)+len(s.in.Categories)+8)
	for _, m := range ms {
		s.addMention(srcText, s.in.Text, m)
	}
	tms := s.in.TitleMentions
	if tms == nil {
		tms = s.titleNouns()
	} else {
		s.titleCase = s.titleIsTitleCase()
	}
	s.titleEnts = make([]Entity, 0, len(tms))
	for _, m := range tms {
		s.addMention(srcTitle, s.in.Title, m)
	}
	for _, c := range s.in.Categories {
		for _, part := range splitCategory(c) {
			s.addCategory(part)
		}
	}
}

// keepMentions keeps ms, a slice properNouns made, for the next extraction.
func (sc *scratch) keepMentions(ms []Mention) {
	if ms != nil {
		sc.mentions = ms
	}
}

// addMention records m, found in text, as an entity and, unless it is
// boilerplate or not a name, as an occurrence. Mentions whose offsets do not
// fit text, or cut a character in two, are ignored.
func (s *story) addMention(src source, text string, m Mention) {
	if m.Start < 0 || m.End > len(text) || m.Start >= m.End ||
		!utf8.RuneStart(text[m.Start]) || m.End < len(text) && !utf8.RuneStart(text[m.End]) {
		return
	}
	if end, next := possessiveSplit(text[m.Start:m.End]); end > 0 && !s.known(text[m.Start:m.End]) {
		// "Westhaven Rovers' Premier Division" is two names: the owner
		// (typed as the span was) and what it owns (left for the catalogue).
		s.addMention(src, text, Mention{Type: m.Type, Start: m.Start, End: m.Start + end})
		s.addMention(src, text, Mention{Start: m.Start + next, End: m.End})
		return
	}
	e := Entity{Text: text[m.Start:m.End], Type: m.Type, Start: m.Start, End: m.End}
	var idx int
	if src == srcTitle {
		idx = len(s.titleEnts)
		s.titleEnts = append(s.titleEnts, e)
	} else {
		idx = len(s.ents)
		s.ents = append(s.ents, e)
	}
	w, pos := 1.0, 0.0
	if src == srcText {
		w = zoneWeights[s.lay.zoneOf(m.Start, m.End)]
		pos = float64(m.Start) / float64(len(text))
	}
	o, ok := s.newOcc(src, e.Text, m.Type)
	if !ok {
		return
	}
	if o.cat && !o.match.Demonym && o.match.Kind != herald.KindOther {
		s.setType(src, idx, nerType(o.match.Kind)) // "Kyodo" is an agency whatever a tagger says
	}
	if w == 0 || s.isPublisher(o.key) {
		return
	}
	if parts := s.compoundParts(src, o); parts != nil {
		for _, p := range parts {
			s.addOcc(p, idx, w, pos, "")
		}
		return
	}
	if src == srcText {
		s.noteAcronym(o, text, m.End)
	}
	s.addOcc(o, idx, w, pos, text[m.End:min(len(text), m.End+32)])
	if p, ok := s.orgPlace(src, o); ok {
		p.implied = true
		s.addOcc(p, idx, w*modifierWeight, pos, "") // "Bank of Japan" is about Japan too, a little
	}
}

// setType sets the type of entity idx of src.
func (s *story) setType(src source, idx int, typ string) {
	if src == srcTitle {
		s.titleEnts[idx].Type = typ
	} else {
		s.ents[idx].Type = typ
	}
}

// known reports whether the catalogue knows the mention's text as a whole
// ("Moody's Investors Service" is one name, not Moody's and what it owns).
func (s *story) known(text string) bool {
	n, ok := normalise(text)
	if !ok {
		return false
	}
	_, ok = s.r.cat.Lookup(n.name)
	return ok
}

// possessiveSplit finds a possessive inside a mention followed by another
// capitalised name ("Rovers' Premier Division", "Abe's Liberal Democrats"):
// end is where the owner's name ends (its possessive included) and next
// where the second name starts; both 0 when there is none. An apostrophe
// inside a word ("O'Brien", "d'Ivoire") is not a possessive.
func possessiveSplit(m string) (end, next int) {
	for i := 1; i < len(m); i++ {
		var w int
		switch {
		case m[i] == '\'':
			w = 1
		case strings.HasPrefix(m[i:], "’"):
			w = len("’")
		default:
			continue
		}
		j := i + w
		if j < len(m) && (m[j] == 's' || m[j] == 'S') {
			j++
		}
		if j+1 < len(m) && m[j] == ' ' && startsUpper(m[j+1:]) && !possessiveInName(m[:i], m[j+1:]) {
			return j, j + 1
		}
	}
	return 0, 0
}

// commonPossessors are plural nouns that, possessive, begin a name rather
// than own it: "Women's World Cup", "People's Republic", "Farmers' Union".
var commonPossessors = wordSet(`women men children people workers farmers teachers nurses veterans
students miners writers girls boys ladies players citizens consumers taxpayers parents seamen
shipowners employers journalists lawyers doctors pilots drivers traders fishermen musicians actors`)

// possessiveInName reports whether owner + possessive + rest is one name: a
// common plural noun owns it, or what is owned is a lone organisation word
// ("Shipowners' Association").
func possessiveInName(owner, rest string) bool {
	if commonPossessors[lower(owner[strings.LastIndexByte(owner, ' ')+1:])] {
		return true
	}
	return strings.IndexByte(rest, ' ') < 0 && lexOf(rest)&lexOrgSuffix != 0
}

// addOcc weighs and records one occurrence of entity idx; after is the text
// that follows the mention, to tell a place used as a modifier.
func (s *story) addOcc(o occ, idx int, w, pos float64, after string) {
	o.ent, o.weight, o.pos = idx, w, pos
	switch {
	case !o.cat:
	case o.match.Demonym:
		o.weight *= demonymWeight
	case o.src == srcText && o.match.Kind == herald.KindPlace && beforeTitle(after):
		o.weight *= modifierWeight
	}
	s.occs = append(s.occs, o)
}

// compoundParts splits a hyphenated compound of catalogued names that a
// tagger gave as one mention ("Japan-US", "US-South Korea") into an
// occurrence for each part; nil when o is not such a compound.
func (s *story) compoundParts(src source, o occ) []occ {
	if o.cat || !strings.Contains(o.name, "-") {
		return nil
	}
	n := strings.Count(o.name, "-") + 1
	if n > 4 {
		return nil
	}
	for p := range strings.SplitSeq(o.name, "-") {
		if !startsUpper(p) {
			return nil // "Jae-in", "al-Assad"
		}
	}
	out := make([]occ, 0, n)
	for p := range strings.SplitSeq(o.name, "-") {
		po, ok := s.newOcc(src, p, "")
		if !ok || !po.cat {
			return nil
		}
		out = append(out, po)
	}
	return out
}

// addCategory records a feed category: a section, or a topic occurrence.
func (s *story) addCategory(c string) {
	if isSection(c) {
		s.sections = append(s.sections, c)
		return
	}
	o, ok := s.newOcc(srcCategory, categoryName(c), "MISC") // a publisher's topic is a name, whatever its kind
	if !ok {
		return
	}
	o.ent, o.weight = -1, 1
	if o.match.Demonym {
		o.weight *= demonymWeight
	}
	s.occs = append(s.occs, o)
}

// newOcc normalises a mention's text and looks it up in the catalogue.
func (s *story) newOcc(src source, text, typ string) (occ, bool) {
	memo := memoKey{text, typ}
	if i, ok := s.seen[memo]; ok {
		o := s.memo[i]
		o.src = src
		return o, o.key != ""
	}
	o, ok := s.normOcc(text, typ)
	s.seen[memo] = len(s.memo)
	s.memo = append(s.memo, o)
	o.src = src
	return o, ok
}

// normOcc does newOcc's work.
func (s *story) normOcc(text, typ string) (occ, bool) {
	n, ok := normalise(text)
	if !ok {
		return occ{}, false
	}
	key := Key(n.name)
	if key == "" {
		return occ{}, false
	}
	switch {
	case n.place && (typ == "" || typ == "MISC"):
		typ = "LOC" // "Osaka-based": the tagger calls the adjective MISC
	case n.affix && typ == "MISC":
		typ = "" // "Kremlin-backed": what the name is, the catalogue decides
	case typ != "":
	case n.person:
		typ = "PER"
	case n.legal:
		typ = "ORG"
	}
	o := occ{name: n.name, key: key, words: s.sc.splitKey(key), typ: typ, full: n.legal}
	o.match, o.cat = s.r.cat.lookupKey(key, n.name)
	return o, true
}

// beforeTitle reports whether after, the text following a mention, starts
// with a capitalised title ("US President …") or a currency ("U.S. dlrs"),
// which makes the place before it a modifier.
func beforeTitle(after string) bool {
	w := strings.TrimLeft(after, " \t")
	if i := strings.IndexAny(w, " \n"); i >= 0 {
		w = w[:i]
	}
	return w != "" && (startsUpper(w) && lexOf(w)&(lexTitleHead|lexTitleMod) != 0 || currencyWords[lower(strings.TrimRight(w, ".,;"))])
}

// currencyWords follow a place in a currency's name ("U.S. dlrs", "Hong Kong
// dollars"): the place is a modifier there, not what the story is about.
var currencyWords = wordSet(`dlrs dlr dollar dollars yen stg sterling pound pounds francs franc marks mark lire lira
guilders guilder pesos peso rupees rupee yuan won crowns crown cents cts`)

// splitKey returns the parts of key (folded words, hyphenated ones split),
// kept in sc.words.
func (sc *scratch) splitKey(key string) []string {
	start := len(sc.words)
	for w := range strings.SplitSeq(key, "-") {
		sc.words = append(sc.words, w)
	}
	return sc.words[start:len(sc.words):len(sc.words)]
}

// titleNouns extracts the title's mentions like ProperNouns, reading it in
// the light of the names the text holds: a Title Case title yields only
// names the text (or the catalogue) vouches for. It also sets titleCase.
func (s *story) titleNouns() []Mention {
	sc := s.sc
	sc.toks = tokenize(sc.toks, s.in.Title)
	if len(sc.toks) == 0 {
		return nil
	}
	x := sc.x.reset(s.in.Title, sc.toks, s.r.cat)
	s.titleCase = slices.ContainsFunc(x.style, func(st uint8) bool { return st != lineNormal })
	for _, o := range s.occs {
		if !strings.Contains(o.name, " ") { // (a name of several words is no word of the title)
			x.midCap[lower(o.name)] = true
		}
		if len(o.words) > 1 {
			x.multi[o.key] = o.typ
			// A short form of a name in the text is vouched for too: "Trump"
			// in the title of a story about Donald Trump.
			x.midCap[o.words[0]] = true
			x.midCap[o.words[len(o.words)-1]] = true
		}
	}
	ms := x.run(sc.mentions)
	sc.keepMentions(ms)
	return ms
}
