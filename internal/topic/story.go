package topic

import (
	"slices"

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
	words  []string // folded words of name
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
}

func newStory(r *Resolver, in Input) *story {
	return &story{r: r, in: in, lay: analyse(in.Text)}
}

// collect turns the mentions of the text and title, and the categories, into
// occurrences.
func (s *story) collect() {
	ms := s.in.Mentions
	if ms == nil {
		ms = ProperNouns(s.in.Text)
	}
	s.ents = make([]Entity, 0, len(ms))
	for _, m := range ms {
		s.addMention(srcText, s.in.Text, m)
	}
	tms := s.in.TitleMentions
	if tms == nil {
		tms = s.titleNouns()
	}
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
// fit text are ignored.
func (s *story) addMention(src source, text string, m Mention) {
	if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
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
	o.ent, o.weight, o.pos = idx, w, pos
	if o.cat && src == srcText {
		switch {
		case o.match.Demonym:
			o.weight *= demonymWeight
		case o.match.Kind == herald.KindPlace && beforeTitle(text, m.End):
			o.weight *= modifierWeight
		}
	} else if o.cat && o.match.Demonym {
		o.weight *= demonymWeight
	}
	s.occs = append(s.occs, o)
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
	o := occ{src: src, name: n.name, key: Key(n.name), words: nameWords(n.name), typ: typ, full: n.legal}
	o.match, o.cat = s.r.cat.Lookup(n.name)
	return o, true
}

// beforeTitle reports whether the word after offset end is a capitalised
// title ("US President …"), which makes the place before it a modifier.
func beforeTitle(text string, end int) bool {
	i := end
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	j := i
	for j < len(text) && text[j] != ' ' && text[j] != '\n' {
		j++
	}
	w := text[i:j]
	return w != "" && startsUpper(w) && isTitleWord(token{low: lower(w)})
}

// titleNouns extracts the title's mentions with ProperNouns, reading a Title
// Case title in the light of the names the text holds.
func (s *story) titleNouns() []Mention {
	toks := tokenize(s.in.Title)
	if len(toks) == 0 {
		return nil
	}
	x := newExtractor(s.in.Title, toks)
	for _, o := range s.occs {
		if len(o.words) > 1 {
			x.multi[o.key] = o.typ
		} else {
			x.midCap[lower(o.name)] = true
		}
	}
	return x.run()
}

// candidate is a full (multi-word) name in the story that shorter mentions
// may stand for.
type candidate struct {
	topic  string
	words  []string
	typ    string
	person bool
}

// link resolves every occurrence to a topic key: the catalogue's, a fuller
// name's in the same story, or its own.
func (s *story) link() {
	if s.titleIsTitleCase() {
		s.vetTitle()
	}
	cands := s.candidates()
	full := make(map[string]bool)
	for _, o := range s.occs {
		if o.full {
			full[o.key] = true
		}
	}
	for i := range s.occs {
		o := &s.occs[i]
		switch {
		case o.drop:
			o.topic = ""
		case o.cat && len(o.words) == 1 && !o.match.Demonym:
			o.topic = o.match.Slug
			if t, n := matchShort(o, cands, true); n == 1 {
				o.topic = t // "Jordan" in a story about Michael Jordan
			}
		case o.cat:
			o.topic = o.match.Slug
		case full[o.key]:
			o.topic = o.key // "Apple" after "Apple Inc.", despite "Apple Music"
		case o.typ == "PER" && len(o.words) > 1:
			o.topic = o.key // a full personal name is never a short form
		default:
			switch t, n := matchShort(o, cands, false); {
			case n == 1:
				o.topic = t
			case n > 1:
				o.topic = "" // "Kim" with Kim Jong-un and Kim Yo-jong: ambiguous
			case len(o.words) == 1 && genericWords[o.words[0]]:
				o.topic = "" // "the Cabinet"
			default:
				o.topic = o.key
			}
		}
	}
}

// candidates returns the story's multi-word names.
func (s *story) candidates() []candidate {
	var cs []candidate
	for _, o := range s.occs {
		if len(o.words) < 2 || o.match.Demonym || o.drop {
			continue
		}
		c := candidate{topic: o.key, words: o.words, typ: o.typ, person: o.typ == "PER"}
		if o.cat {
			c.topic, c.person = o.match.Slug, o.match.Kind == herald.KindPerson
			c.typ = nerType(o.match.Kind)
		}
		cs = append(cs, c)
	}
	return cs
}

// matchShort finds the fuller names o may stand for: names whose first or
// last words are o's words ("Abe" → "Shinzo Abe", "Moon" → "Moon Jae-in",
// "Winter Olympics" → "Pyeongchang Winter Olympics"). It returns the topic
// when exactly one topic matches, and the number of distinct topics that do.
// With persons set, only person names count.
func matchShort(o *occ, cands []candidate, persons bool) (string, int) {
	var topics []string
	for _, c := range cands {
		if len(c.words) <= len(o.words) || (persons && !c.person) || !compatible(o.typ, c.typ) {
			continue
		}
		if (hasPrefix(c.words, o.words) || hasSuffix(c.words, o.words)) && !slices.Contains(topics, c.topic) {
			topics = append(topics, c.topic)
		}
	}
	if len(topics) != 1 {
		return "", len(topics)
	}
	return topics[0], 1
}

// compatible reports whether two entity types may name the same thing.
func compatible(a, b string) bool { return a == "" || b == "" || a == b }

func hasPrefix(long, short []string) bool {
	return len(short) <= len(long) && slices.Equal(long[:len(short)], short)
}

func hasSuffix(long, short []string) bool {
	return len(short) <= len(long) && slices.Equal(long[len(long)-len(short):], short)
}

// titleIsTitleCase reports whether the title is written in Title Case, where
// capitals say little about names.
func (s *story) titleIsTitleCase() bool {
	toks := tokenize(s.in.Title)
	if len(toks) == 0 {
		return false
	}
	for _, st := range lineStyles(toks) {
		if st != lineNormal {
			return true
		}
	}
	return false
}

// vetTitle drops mentions of a Title Case title that neither the text nor
// the catalogue vouches for ("Shinzo Abe Agree" from "Shinzo Abe Agree To…").
func (s *story) vetTitle() {
	inText := make(map[string]bool, len(s.occs))
	var textCands []candidate
	for _, o := range s.occs {
		if o.src == srcText {
			inText[o.key] = true
			if len(o.words) > 1 {
				textCands = append(textCands, candidate{topic: o.key, words: o.words, typ: o.typ})
			}
		}
	}
	for i := range s.occs {
		o := &s.occs[i]
		if o.src != srcTitle || o.cat || inText[o.key] {
			continue
		}
		if _, n := matchShort(o, textCands, false); n == 0 {
			o.drop = true
		}
	}
}
