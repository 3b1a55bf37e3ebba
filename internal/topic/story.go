package topic

import (
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
	src    source
	ent    int      // index in story.ents or story.titleEnts; -1 for categories
	name   string   // normalised name
	key    string   // Key(name)
	words  []string // the parts of key: folded words, hyphenated ones split
	typ    string   // PER/LOC/ORG/MISC or ""
	weight float64  // zone × alias weight
	pos    float64  // relative position in the text, for srcText
	match  Match    // catalogue match, when catalogued
	cat    bool     // the catalogue knows the name
	topic  string   // key of the topic it resolved to; "" when dropped
	drop   bool     // dropped before linking (an unvouched Title Case title word)
	full   bool     // the mention gave the name in full ("Apple Inc."): never a short form
}

// story is the state of one Resolve call.
type story struct {
	r         *Resolver
	in        Input
	lay       *layout
	occs      []occ
	ents      []Entity
	titleEnts []Entity
	sections  []string
	seen      map[memoKey]occ // a mention's text and type → its normalised occurrence, to do each name's work once
}

type memoKey struct{ text, typ string }

func newStory(r *Resolver, in Input) *story {
	return &story{r: r, in: in, lay: analyse(in.Text), seen: make(map[memoKey]occ, 64)}
}

// collect turns the mentions of the text and title, and the categories, into
// occurrences.
func (s *story) collect() {
	ms := s.in.Mentions
	if ms == nil {
		ms = properNouns(s.in.Text, s.r.cat)
	}
	s.ents = make([]Entity, 0, len(ms))
	s.occs = make([]occ, 0, len(ms)+len(s.in.TitleMentions)+len(s.in.Categories)+8)
	for _, m := range ms {
		s.addMention(srcText, s.in.Text, m)
	}
	tms := s.in.TitleMentions
	if tms == nil {
		tms = s.titleNouns()
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

// addMention records m, found in text, as an entity and, unless it is
// boilerplate or not a name, as an occurrence. Mentions whose offsets do not
// fit text, or cut a character in two, are ignored.
func (s *story) addMention(src source, text string, m Mention) {
	if m.Start < 0 || m.End > len(text) || m.Start >= m.End ||
		!utf8.RuneStart(text[m.Start]) || m.End < len(text) && !utf8.RuneStart(text[m.End]) {
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
	if w == 0 {
		return
	}
	o, ok := s.newOcc(src, e.Text, m.Type)
	if !ok {
		return
	}
	if parts := s.compoundParts(src, o); parts != nil {
		for _, p := range parts {
			s.addOcc(p, idx, w, pos, "")
		}
		return
	}
	s.addOcc(o, idx, w, pos, text[m.End:min(len(text), m.End+32)])
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
	parts := strings.Split(o.name, "-")
	if len(parts) > 4 {
		return nil
	}
	out := make([]occ, 0, len(parts))
	for _, p := range parts {
		if !startsUpper(p) {
			return nil // "Jae-in", "al-Assad"
		}
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
	if o, ok := s.seen[memo]; ok {
		o.src = src
		return o, o.key != ""
	}
	o, ok := s.normOcc(text, typ)
	s.seen[memo] = o
	o.src = src
	return o, ok
}

// normOcc does newOcc's work.
func (s *story) normOcc(text, typ string) (occ, bool) {
	n, ok := normName(text)
	if !ok {
		return occ{}, false
	}
	switch {
	case typ != "":
	case n.person:
		typ = "PER"
	case n.legal:
		typ = "ORG"
	}
	key := Key(n.name)
	o := occ{name: n.name, key: key, words: strings.Split(key, "-"), typ: typ, full: n.legal}
	o.match, o.cat = s.r.cat.lookupKey(key, n.name)
	return o, true
}

// beforeTitle reports whether after, the text following a mention, starts
// with a capitalised title ("US President …"), which makes the place before
// it a modifier.
func beforeTitle(after string) bool {
	w := strings.TrimLeft(after, " \t")
	if i := strings.IndexAny(w, " \n"); i >= 0 {
		w = w[:i]
	}
	return w != "" && startsUpper(w) && isTitleWord(token{low: lower(w)})
}

// titleNouns extracts the title's mentions like ProperNouns, reading it in
// the light of the names the text holds: a Title Case title yields only
// names the text (or the catalogue) vouches for.
func (s *story) titleNouns() []Mention {
	toks := tokenize(s.in.Title)
	if len(toks) == 0 {
		return nil
	}
	x := newExtractor(s.in.Title, toks, s.r.cat)
	for _, o := range s.occs {
		x.midCap[lower(o.name)] = true
		if len(o.words) > 1 {
			x.multi[o.key] = o.typ
			// A short form of a name in the text is vouched for too: "Trump"
			// in the title of a story about Donald Trump.
			x.midCap[o.words[0]] = true
			x.midCap[o.words[len(o.words)-1]] = true
		}
	}
	return x.run()
}
