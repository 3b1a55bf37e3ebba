package topic

import (
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/textnorm"
)

// storyID is in.ID, or a hash of the title and text when it is empty, so
// that resolving the same story twice records it once.
func storyID(in Input) string {
	if in.ID != "" {
		return in.ID
	}
	h := fnv.New64a()
	h.Write([]byte(in.Title))
	h.Write([]byte{0})
	h.Write([]byte(in.Text))
	return "h:" + strconv.FormatUint(h.Sum64(), 36)
}

// acronymDef is an acronym a story defines: "Securities and Exchange
// Commission (SEC)".
type acronymDef struct {
	key   string // Key(acronym)
	alias string // the acronym as written
	topic string // the topic key of the expansion
	name  string // the expansion's name
}

// definedAcronym returns the acronym in brackets just after a mention
// ("… Commission (SEC)") when its letters are the initials of the mention.
func definedAcronym(text string, end int, name string) (string, bool) {
	rest := text[end:min(len(text), end+16)]
	rest = strings.TrimLeft(rest, " ")
	if !strings.HasPrefix(rest, "(") {
		return "", false
	}
	acr, _, ok := strings.Cut(rest[1:], ")")
	if !ok || !isAllCaps(acr) || strings.ContainsAny(acr, " ,;") {
		return "", false
	}
	return acr, textnorm.IsAcronymOf(acr, name)
}

// noteAcronym records that o (a text mention) was defined with an acronym.
func (s *story) noteAcronym(o occ, text string, end int) {
	acr, ok := definedAcronym(text, end, o.name)
	if !ok {
		return
	}
	topic, name := o.key, o.name
	if o.cat {
		topic, name = o.match.Slug, o.match.Name
	}
	s.acronyms = append(s.acronyms, acronymDef{key: Key(acr), alias: acr, topic: topic, name: name})
}

// acronymTopic resolves an acronym written alone: to the expansion the
// story defined, else to the one the Memory learned. ok is false when
// neither knows it.
func (s *story) acronymTopic(o *occ) bool {
	if len(o.words) != 1 || !isAllCaps(o.name) {
		return false
	}
	for _, d := range s.acronyms {
		if d.key == o.key {
			o.topic = d.topic
			return true
		}
	}
	name, ok := s.r.mem.Expansion(o.name)
	if !ok {
		return false
	}
	s.remembered(o, name)
	return true
}

// remembered points o at the remembered full name: its catalogue topic, or
// a topic of that name.
func (s *story) remembered(o *occ, name string) {
	if m, ok := s.r.cat.Lookup(name); ok && !m.Demonym {
		o.topic, o.memName = m.Slug, ""
		o.match, o.cat = m, true
		return
	}
	o.topic, o.memName = Key(name), name
}

// rememberedFull resolves a short form the story does not expand through
// the Memory: "Miyazawa" → Kiichi Miyazawa, "Isolde" → Storm Isolde, when
// stories have only ever expanded it one way and the types agree.
func (s *story) rememberedFull(o *occ) bool {
	if len(o.words) > 2 || genericWords[o.key] {
		return false
	}
	full, ok := s.r.mem.FullName(o.name)
	if !ok || Key(full) == o.key {
		return false
	}
	if !hasEventHead(full) && !compatible(o.typ, nerType(majorityKind(s.r.mem.Kinds(Slug(full)), ""))) {
		return false
	}
	s.remembered(o, full)
	return true
}

// kindOrder breaks ties between kinds: the order of entityTypes.
var kindOrder = [...]string{herald.KindPerson, herald.KindOrganisation, herald.KindPlace, herald.KindOther}

// majorityKind returns the kind with the most evidence, ties broken by
// kindOrder; def when there is none.
func majorityKind(counts map[string]int, def string) string {
	best, bestN := def, 0
	for _, k := range kindOrder {
		if counts[k] > bestN {
			best, bestN = k, counts[k]
		}
	}
	return best
}

// facts collects what the story teaches the Memory: the acronyms it
// defined, the short forms it expanded, and the kinds of the mentions of
// its uncatalogued topics.
func (s *story) facts(tallies []*tally) Facts {
	var f Facts
	for _, d := range s.acronyms {
		f.Acronyms = append(f.Acronyms, Alias{Alias: d.alias, Name: d.name})
	}
	for i := range s.occs {
		o := &s.occs[i]
		if !o.short {
			continue
		}
		if j, ok := s.sc.byKey[o.topic]; ok {
			f.ShortForms = append(f.ShortForms, Alias{Alias: o.name, Name: s.sc.tallies[j].name})
		}
	}
	for _, t := range tallies {
		if t.cat {
			continue
		}
		slug := Slug(t.name)
		for i, n := range t.localTypes() {
			if n > 0 {
				f.Kinds = append(f.Kinds, KindVote{Slug: slug, Kind: Kind(entityTypes[i]), N: n})
			}
		}
	}
	return f
}

// orgPlace returns the place an organisation's name is built on ("Bank of
// Japan" → Japan, "Japanese Finance Ministry" no: a demonym is not the
// place's name), when the catalogue or the Memory knows it as a place.
func (s *story) orgPlace(src source, o occ) (occ, bool) {
	if !strings.Contains(o.name, " ") || !(o.typ == "ORG" || o.cat && o.match.Kind == herald.KindOrganisation) {
		return occ{}, false
	}
	var part string
	if i := strings.LastIndex(o.name, " of "); i > 0 {
		part = o.name[i+4:]
	} else {
		part, _, _ = strings.Cut(o.name, " ")
	}
	p, ok := s.newOcc(src, part, "")
	if !ok || p.match.Demonym {
		return occ{}, false
	}
	if p.cat && p.match.Kind == herald.KindPlace || !p.cat && majorityKind(s.r.mem.Kinds(Slug(p.name)), "") == herald.KindPlace {
		p.typ = "LOC"
		return p, true
	}
	return occ{}, false
}

// demonymShaped reports a single uncatalogued word, typed MISC (the
// tagger's type for nationalities), that reads as the adjective of a place ("Calderian", "Norrbridgean"): a modifier, not a
// name a reader follows.
func demonymShaped(o *occ) bool {
	if o.cat || len(o.words) != 1 || o.typ != "MISC" {
		return false
	}
	w := o.words[0]
	for _, suf := range [...]string{"ian", "ean", "ese", "ish"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// isPublisher reports whether key names the story's own publisher.
func (s *story) isPublisher(key string) bool {
	for _, p := range s.in.Publishers {
		if Key(p) == key {
			return true
		}
	}
	return false
}
