package topic

import (
	"math"
	"slices"
	"strings"

	"github.com/heraldnews/herald"
)

// entityTypes are the entity types in the order that breaks ties: a name
// seen as often as a person as an organisation is a person.
var entityTypes = [...]string{"PER", "ORG", "LOC", "MISC"}

// nameCount counts one form of a topic's name.
type nameCount struct {
	name string
	n    int
}

// tally accumulates the evidence for one topic.
type tally struct {
	key        string
	match      Match // set when catalogued
	cat        bool
	f          float64               // Σ weighted text mentions
	first      float64               // relative position of the first text mention
	title      float64               // max weight of a title mention
	cat1       float64               // 1 when a category names it
	types      [len(entityTypes)]int // entity types seen in the text and categories, by entityTypes index
	titleTypes [len(entityTypes)]int // the same in the title: used only when the text gives none
	names      []nameCount           // full-form names seen (uncatalogued topics)
	anyName    string                // the first name seen, full or short
	memName    string                // the full name the Memory gave, when one did
	raw        float64
	name       string
	kind       string
	slug       string // Slug(name), for a kept topic
	kept       bool   // the topic is in the Result
}

// result scores the topics and assembles the Result.
func (s *story) result() Result {
	tallies := s.tally()
	for _, t := range tallies {
		t.name = t.decideName()
	}
	facts := s.facts(tallies)
	s.r.mem.Record(storyID(s.in), facts)
	for _, t := range tallies {
		t.kind = t.decideKind(s.r.mem)
		t.raw = t.score()
	}
	slices.SortFunc(tallies, func(a, b *tally) int {
		if a.raw != b.raw {
			if a.raw > b.raw {
				return -1
			}
			return 1
		}
		return strings.Compare(a.name, b.name)
	})
	res := Result{Topics: make([]herald.StoryTopic, 0, min(len(tallies), s.r.maxTopics)),
		Entities: s.ents, TitleEntities: s.titleEnts, Sections: s.sections}
	for _, t := range tallies {
		sal := round3(t.raw / tallies[0].raw)
		if sal < s.r.threshold || len(res.Topics) == s.r.maxTopics || t.raw <= 0 {
			break
		}
		if t.raw < s.r.minRaw {
			continue
		}
		t.kept, t.slug = true, Slug(t.name)
		res.Topics = append(res.Topics, herald.StoryTopic{
			Topic:    herald.Topic{Slug: t.slug, Name: t.name, Kind: t.kind},
			Salience: sal,
		})
	}
	if res.Entities == nil {
		res.Entities = []Entity{}
	}
	s.label()
	res.Facts = facts
	return res
}

// tally groups the linked occurrences by topic, indexed by topic key in
// sc.byKey.
func (s *story) tally() []*tally {
	byKey := emptyMap(s.sc.byKey, len(s.occs)/2)
	s.sc.byKey = byKey
	all := s.sc.tallies[:0]
	for i := range s.occs {
		o := &s.occs[i]
		if o.topic == "" {
			continue
		}
		j, ok := byKey[o.topic]
		if !ok {
			j = len(all)
			byKey[o.topic] = j
			all = append(all, tally{key: o.topic, first: 1})
		}
		all[j].add(o)
	}
	s.sc.tallies = all
	out := s.sc.ranked[:0]
	for i := range all {
		out = append(out, &all[i])
	}
	s.sc.ranked = out
	return out
}

// add counts one occurrence.
func (t *tally) add(o *occ) {
	if t.anyName == "" {
		t.anyName = o.name
	}
	if o.memName != "" {
		t.memName = o.memName
	}
	switch o.src {
	case srcText:
		t.f += o.weight
		t.first = math.Min(t.first, o.pos)
	case srcTitle:
		t.title = math.Max(t.title, o.weight)
	case srcCategory:
		t.cat1 = 1
	}
	if o.cat && o.match.Slug == o.topic {
		t.match, t.cat = o.match, true
	}
	if i := slices.Index(entityTypes[:], o.typ); i >= 0 {
		if o.src == srcTitle {
			t.titleTypes[i]++
		} else {
			t.types[i]++
		}
	}
	if o.key == o.topic || o.cat && o.match.Slug == o.topic {
		t.countName(o.name)
	}
}

func (t *tally) countName(name string) {
	for i := range t.names {
		if t.names[i].name == name {
			t.names[i].n++
			return
		}
	}
	t.names = append(t.names, nameCount{name, 1})
}

// decideName picks the topic's name: the catalogue's, or the story's most
// common full form.
func (t *tally) decideName() string {
	if t.cat {
		return t.match.Name
	}
	switch name := t.bestName(); {
	case name != "":
		return name
	case t.memName != "":
		return t.memName // only short forms reached it, and the Memory knew their full name
	default:
		return t.anyName // only short forms reached it
	}
}

// decideKind picks the topic's kind: the catalogue's, or the majority kind
// of its mentions over every story the Memory counted (this one included,
// as it is recorded before kinds are decided), refined by the name (events).
func (t *tally) decideKind(mem Memory) string {
	if t.cat {
		return t.match.Kind
	}
	counts := mem.Kinds(Slug(t.name))
	if len(counts) == 0 {
		counts = map[string]int{}
		for i, n := range t.localTypes() {
			counts[Kind(entityTypes[i])] += n
		}
	}
	return KindFor(t.name, nerType(majorityKind(counts, "")))
}

// localTypes are the entity types this story gave the topic: those of the
// text, or of the title when the text gave none.
func (t *tally) localTypes() [len(entityTypes)]int {
	if t.types == [len(entityTypes)]int{} {
		return t.titleTypes
	}
	return t.types
}

// bestName prefers the most frequent form, then one not in capitals, then
// the longest, then the alphabetically first (for determinism).
func (t *tally) bestName() string {
	best, bestN := "", -1
	for _, nc := range t.names {
		if better(nc.name, nc.n, best, bestN) {
			best, bestN = nc.name, nc.n
		}
	}
	return best
}

func better(n string, c int, best string, bestN int) bool {
	if c != bestN {
		return c > bestN
	}
	if nc, bc := isAllCaps(n), isAllCaps(best); nc != bc {
		return !nc
	}
	if len(n) != len(best) {
		return len(n) > len(best)
	}
	return n < best
}

// score is the raw salience; see the weights in resolve.go.
func (t *tally) score() float64 {
	kw := kindWeights[t.kind]
	if t.kind == herald.KindOther && t.types == [len(entityTypes)]int{} && t.titleTypes == [len(entityTypes)]int{} && !multiWord(t.name) {
		kw = untypedWordWeight
	}
	raw := titleWeight*t.title + categoryWeight*t.cat1 + math.Sqrt(t.f)
	if t.f > 0 {
		raw += positionWeight * (1 - t.first)
	}
	return kw * raw
}

// label writes the kept topics' slugs and implied types into the entities.
func (s *story) label() {
	for _, o := range s.occs {
		j, ok := s.sc.byKey[o.topic]
		if !ok || o.ent < 0 || o.implied {
			continue
		}
		t := &s.sc.tallies[j]
		if !t.kept {
			continue
		}
		ents := s.ents
		if o.src == srcTitle {
			ents = s.titleEnts
		}
		if ents[o.ent].Topic != "" {
			continue // a compound ("Japan-US") keeps its first part's topic
		}
		ents[o.ent].Topic = t.slug
		if ents[o.ent].Type == "" {
			ents[o.ent].Type = nerType(t.kind)
		}
	}
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
