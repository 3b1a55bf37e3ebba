package topic

import (
	"slices"
	"sync"
)

// Memory is what the catalogue learns from stories and remembers for later
// ones, so that one entity is one topic across stories:
//
//   - acronyms and their expansions, learned where a story defines one
//     ("the Securities and Exchange Commission (SEC)": SEC → Securities and
//     Exchange Commission), used by later stories that give the acronym
//     alone;
//   - short forms and the full names they stood for ("Miyazawa" → Kiichi
//     Miyazawa, "Isolde" → Storm Isolde), used by later stories that give
//     the short form alone, when it is unambiguous (one full name ever);
//   - kind evidence: per topic slug, how many mentions of each kind every
//     story gave it, so that a topic's kind is decided by all its mentions
//     ("Westhaven" a place, not by the first story's guess).
//
// Contract. Every value is plain (strings and ints); names are stored as
// given and matched by Key. Record(id, f) stores what story id taught and
// replaces what an earlier Record of the same id stored, so recording is
// idempotent and a re-resolved story (a rebuild) does not count twice. The
// read methods reflect every Record that returned before them. Methods must
// be safe for concurrent use and must not block on I/O: Resolve calls them
// for every story. A persistent implementation keeps the facts with their
// story (Result.Facts) and loads them through Record at start-up.
type Memory interface {
	// Expansion returns the full name an acronym stands for ("SEC" →
	// "Securities and Exchange Commission"); ok is false when none was
	// learned, or when stories defined it two different ways.
	Expansion(acronym string) (name string, ok bool)
	// FullName returns the one full name the short form stood for; ok is
	// false when none was learned, or more than one.
	FullName(short string) (name string, ok bool)
	// Kinds returns the kind evidence recorded for the topic slug, summed
	// over stories: mentions by kind (herald.Kind* values).
	Kinds(slug string) map[string]int
	// Record stores the facts story id taught, replacing any earlier
	// record of the same id.
	Record(id string, f Facts)
}

// Facts is what one story teaches the Memory. Result.Facts carries it.
type Facts struct {
	Acronyms   []Alias    `json:"acronyms,omitempty"`
	ShortForms []Alias    `json:"short_forms,omitempty"`
	Kinds      []KindVote `json:"kinds,omitempty"`
}

// Alias says that Alias stood for Name in a story.
type Alias struct {
	Alias string `json:"alias"`
	Name  string `json:"name"`
}

// KindVote says that a story gave the topic Slug N mentions of Kind.
type KindVote struct {
	Slug string `json:"slug"`
	Kind string `json:"kind"`
	N    int    `json:"n"`
}

// MemMemory is the in-memory Memory: `herald tag --jsonl` uses one across its
// input, and a Resolver made without one uses its own. It keeps the facts of
// the latest MaxStories stories so that re-recording them replaces them;
// older stories' facts stay in the sums but can no longer be replaced.
type MemMemory struct {
	mu       sync.RWMutex
	max      int
	stories  map[string]Facts
	order    []string
	acronyms map[string]map[string]int // Key(acronym) → name → stories
	shorts   map[string]map[string]int // Key(short) → name → stories
	kinds    map[string]map[string]int // slug → kind → mentions
}

// DefaultMaxStories is how many stories' facts a MemMemory keeps replaceable.
const DefaultMaxStories = 20000

// NewMemMemory returns an empty in-memory Memory that keeps up to max stories
// replaceable (0 or less: DefaultMaxStories).
func NewMemMemory(max int) *MemMemory {
	if max <= 0 {
		max = DefaultMaxStories
	}
	return &MemMemory{max: max, stories: map[string]Facts{}, acronyms: map[string]map[string]int{},
		shorts: map[string]map[string]int{}, kinds: map[string]map[string]int{}}
}

// Expansion implements Memory.
func (m *MemMemory) Expansion(acronym string) (string, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return only(m.acronyms[Key(acronym)])
}

// FullName implements Memory.
func (m *MemMemory) FullName(short string) (string, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return only(m.shorts[Key(short)])
}

// Kinds implements Memory. The map is a copy.
func (m *MemMemory) Kinds(slug string) map[string]int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	k := m.kinds[slug]
	if len(k) == 0 {
		return nil
	}
	out := make(map[string]int, len(k))
	for kind, n := range k {
		out[kind] = n
	}
	return out
}

// Record implements Memory.
func (m *MemMemory) Record(id string, f Facts) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.stories[id]; ok {
		m.apply(old, -1)
	} else {
		m.order = append(m.order, id)
		if len(m.order) > m.max {
			delete(m.stories, m.order[0])
			m.order = slices.Delete(m.order, 0, 1)
		}
	}
	m.stories[id] = f
	m.apply(f, 1)
}

// apply adds (sign 1) or removes (sign -1) one story's facts.
func (m *MemMemory) apply(f Facts, sign int) {
	for _, a := range f.Acronyms {
		bump(m.acronyms, Key(a.Alias), a.Name, sign)
	}
	for _, a := range f.ShortForms {
		bump(m.shorts, Key(a.Alias), a.Name, sign)
	}
	for _, v := range f.Kinds {
		bump(m.kinds, v.Slug, v.Kind, sign*v.N)
	}
}

// bump adds d to m[k][v], dropping entries that reach zero.
func bump(m map[string]map[string]int, k, v string, d int) {
	if k == "" || v == "" {
		return
	}
	inner := m[k]
	if inner == nil {
		inner = map[string]int{}
		m[k] = inner
	}
	inner[v] += d
	if inner[v] <= 0 {
		delete(inner, v)
	}
	if len(inner) == 0 {
		delete(m, k)
	}
}

// only returns the one name of names when every name folds to one Key.
func only(names map[string]int) (string, bool) {
	best, bestN, key := "", 0, ""
	for n, c := range names {
		switch k := Key(n); {
		case key == "":
			key = k
		case k != key:
			return "", false
		}
		if c > bestN || c == bestN && n < best {
			best, bestN = n, c
		}
	}
	return best, best != ""
}
