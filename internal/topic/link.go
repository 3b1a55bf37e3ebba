package topic

import (
	"slices"

	"github.com/heraldnews/herald"
)

// candidate is a full (multi-word) name in the story that shorter mentions
// may stand for.
type candidate struct {
	topic  string
	words  []string
	typ    string
	person bool
}

// candidates holds the story's multi-word names, indexed by their first and
// last words so that matching a short form costs no more than the names that
// could match it. It lives in a scratch: reset readies it for a story.
type candidates struct {
	list  []candidate
	edge  map[string]int   // a first or last word → 1 + index in links of its latest entry
	links []candLink       // per word, a chain of the names it is an edge of, latest first
	seen  map[candKey]bool // the names in list
}

// candLink is one name in a word's chain.
type candLink struct {
	cand int // index in list
	next int // 1 + index in links of the word's previous entry; 0 ends the chain
}

type candKey struct {
	topic, typ, first, last string
	n                       int
}

func (cs *candidates) reset() *candidates {
	cs.list, cs.links = cs.list[:0], cs.links[:0]
	cs.edge = emptyMap(cs.edge, 16)
	cs.seen = emptyMap(cs.seen, 16)
	return cs
}

func (cs *candidates) release() {
	cs.list, cs.links = resetSlice(cs.list), resetSlice(cs.links)
	cs.edge, cs.seen = resetMap(cs.edge), resetMap(cs.seen)
}

// add records c unless a name with the same words, topic and type is there.
func (cs *candidates) add(c candidate) {
	id := candKey{c.topic, c.typ, c.words[0], c.words[len(c.words)-1], len(c.words)}
	if cs.seen[id] {
		return
	}
	cs.seen[id] = true
	i := len(cs.list)
	cs.list = append(cs.list, c)
	first, last := c.words[0], c.words[len(c.words)-1]
	cs.link(first, i)
	if last != first {
		cs.link(last, i)
	}
}

func (cs *candidates) link(w string, i int) {
	cs.links = append(cs.links, candLink{cand: i, next: cs.edge[w]})
	cs.edge[w] = len(cs.links)
}

// each calls fn for every name that w is the first or last word of.
func (cs *candidates) each(w string, fn func(c *candidate)) {
	for l := cs.edge[w]; l > 0; l = cs.links[l-1].next {
		fn(&cs.list[cs.links[l-1].cand])
	}
}

// link resolves every occurrence to a topic key: the catalogue's, a fuller
// name's in the same story, or its own.
func (s *story) link() {
	if s.titleCase {
		s.vetTitle()
	}
	cands := s.candidates()
	full := emptyMap(s.sc.full, 16)
	s.sc.full = full
	for _, o := range s.occs {
		if o.full {
			full[o.key] = true
		}
	}
	named := s.namedKeys()
	for i := range s.occs {
		o := &s.occs[i]
		switch {
		case o.drop:
			o.topic = ""
		case o.src == srcCategory && !o.cat && !named[o.key] && len(o.words) == 1 && !isAllCaps(o.name):
			o.topic = "" // a one-word subject label ("Policy", "Chips") the story never names
		case o.cat && newsAgencies[o.match.Slug]:
			o.topic = "" // a credit or a source ("told Reuters"), not what the story is about
		case o.cat && len(o.words) == 1 && !o.match.Demonym:
			o.topic = o.match.Slug
			if t, n := matchShort(o, cands, true); n == 1 {
				o.topic = t // "Jordan" in a story about Michael Jordan
			}
		case o.cat:
			o.topic = o.match.Slug
		case demonymShaped(o):
			o.topic = "" // "Calderian exporters": the adjective of a place the catalogue does not know
		case s.acronymTopic(o):
			// "SEC" after "Securities and Exchange Commission (SEC)", here or before
		case full[o.key]:
			o.topic = o.key // "Apple" after "Apple Inc.", despite "Apple Music"
		case o.typ == "PER" && len(o.words) > 1:
			o.topic = o.key // a full personal name is never a short form
		default:
			s.linkShort(o, cands)
		}
	}
}

// newsAgencies are the catalogue's news agencies: they name who reports.
var newsAgencies = wordSet(`reuters kyodo-news associated-press agence-france-presse united-press-international xinhua yonhap tass bloomberg`)

// linkShort resolves an occurrence that may be a short form: to the one
// fuller name of the story it is part of, else to the full name the Memory
// learned for it, else to itself.
func (s *story) linkShort(o *occ, cands *candidates) {
	m := *o
	if m.src == srcTitle {
		m.typ = "" // a tagger types a headline's words on little context
	}
	switch t, n := matchShort(&m, cands, false); {
	case n == 1:
		o.topic, o.short = t, len(o.words) == 1
	case n > 1:
		o.topic = "" // "Kim" with Kim Jong-un and Kim Yo-jong: ambiguous
	case len(o.words) == 1 && genericWords[o.words[0]]:
		o.topic = "" // "the Cabinet"
	case s.rememberedFull(o):
	default:
		o.topic = o.key
	}
}

// namedKeys returns the keys of the names the title and text give.
func (s *story) namedKeys() map[string]bool {
	named := emptyMap(s.sc.inText, len(s.occs))
	s.sc.inText = named
	for _, o := range s.occs {
		if o.src != srcCategory {
			named[o.key] = true
		}
	}
	return named
}

// candidates returns the story's multi-word names.
func (s *story) candidates() *candidates {
	cs := s.sc.cands.reset()
	for _, o := range s.occs {
		if len(o.words) < 2 || o.match.Demonym || o.drop {
			continue
		}
		c := candidate{topic: o.key, words: o.words, typ: o.typ, person: o.typ == "PER"}
		if o.cat {
			c.topic, c.person = o.match.Slug, o.match.Kind == herald.KindPerson
			c.typ = nerType(o.match.Kind)
		}
		cs.add(c)
	}
	return cs
}

// matchShort finds the fuller names o may stand for: names whose first or
// last words are o's words ("Abe" → "Shinzo Abe", "Moon" → "Moon Jae-in",
// "Winter Olympics" → "Pyeongchang Winter Olympics"). It returns the topic
// when exactly one topic matches, and the number of distinct topics that do.
// With persons set, only person names count.
func matchShort(o *occ, cands *candidates, persons bool) (string, int) {
	var buf [4]string
	topics := buf[:0]
	match := func(c *candidate) {
		if len(c.words) <= len(o.words) || (persons && !c.person) || !compatible(o.typ, c.typ) {
			return
		}
		if (hasPrefix(c.words, o.words) || hasSuffix(c.words, o.words)) && !slices.Contains(topics, c.topic) {
			topics = append(topics, c.topic)
		}
	}
	first, last := o.words[0], o.words[len(o.words)-1]
	cands.each(first, match)
	if last != first {
		cands.each(last, match)
	}
	if len(topics) != 1 {
		return "", len(topics)
	}
	return topics[0], 1
}

// compatible reports whether two entity types may name the same thing.
// Taggers disagree with themselves about places, organisations and other
// names ("Olympics" MISC, "Pyeongchang Winter Olympics" ORG), so only a person
// is kept apart from the rest ("Washington" LOC is not George Washington).
//
// A place is kept apart from an organisation too: a place alone is not the
// club or company named after it ("Westhaven" is not Westhaven Rovers).
func compatible(a, b string) bool {
	if a == "" || b == "" || a == b {
		return true
	}
	return a != "PER" && b != "PER" && !(a == "LOC" && b == "ORG" || a == "ORG" && b == "LOC")
}

func hasPrefix(long, short []string) bool {
	return len(short) <= len(long) && slices.Equal(long[:len(short)], short)
}

func hasSuffix(long, short []string) bool {
	return len(short) <= len(long) && slices.Equal(long[len(long)-len(short):], short)
}

// titleIsTitleCase reports whether the title is written in Title Case, where
// capitals say little about names.
func (s *story) titleIsTitleCase() bool {
	s.sc.toks = tokenize(s.sc.toks, s.in.Title)
	if len(s.sc.toks) == 0 {
		return false
	}
	s.sc.x.style = lineStyles(s.sc.x.style, s.sc.toks)
	return slices.ContainsFunc(s.sc.x.style, func(st uint8) bool { return st != lineNormal })
}

// vetTitle drops mentions of a Title Case title that neither the text nor
// the catalogue vouches for ("Shinzo Abe Agree" from "Shinzo Abe Agree To…").
func (s *story) vetTitle() {
	inText := emptyMap(s.sc.inText, len(s.occs))
	s.sc.inText = inText
	textCands := s.sc.vet.reset()
	for _, o := range s.occs {
		if o.src == srcText {
			inText[o.key] = true
			if len(o.words) > 1 {
				textCands.add(candidate{topic: o.key, words: o.words, typ: o.typ})
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
