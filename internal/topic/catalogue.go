package topic

import (
	"bufio"
	"bytes"
	_ "embed"
	"strings"
	"sync"
	"unicode"

	"github.com/heraldnews/herald"
)

//go:embed catalogue.txt
var builtinData string

// maxChain bounds how many alias hops a lookup follows, so that a corrupt
// catalogue can never loop.
const maxChain = 16

// Match is what a catalogue lookup finds: the canonical topic a name stands for.
type Match struct {
	Name    string // canonical display name, e.g. "United States"
	Slug    string // Slug(Name)
	Kind    string // a herald.Kind* value
	Demonym bool   // the name was a demonym ("Japanese" → Japan), a weaker signal than the name itself
}

// Catalogue maps names to canonical topics across stories. Keys fold case,
// diacritics and punctuation (see Key), so "U.S.", "US" and "u.s." are one
// alias. An alias points at a canonical name; a canonical name may itself be
// re-pointed later (an admin merge), and lookups follow the chain.
//
// A Catalogue is safe for concurrent use. NewCatalogue returns the built-in
// table (countries, major cities, regions, international organisations) with
// room for additions on top; the built-in table itself is never modified.
type Catalogue struct {
	mu    sync.RWMutex
	own   map[string]catEntry
	heads map[string]bool // first words of the keys in own, for a quick "surely not"
	base  *Catalogue      // read-only layer below own; nil for the built-in table
}

// catEntry is one key of the catalogue. A canonical entry points at itself.
type catEntry struct {
	target  string // key of the entry this one stands for
	name    string // display name (canonical entries)
	slug    string // Slug(name) (canonical entries)
	kind    string // topic kind (canonical entries)
	demonym bool   // this key is a demonym of target
	acronym bool   // this alias was written in capitals ("WHO"): it matches only capitals
}

var (
	builtinOnce sync.Once
	builtinCat  *Catalogue
)

// builtin returns the shared, read-only built-in catalogue.
func builtin() *Catalogue {
	builtinOnce.Do(func() { builtinCat = parseCatalogue(builtinData) })
	return builtinCat
}

// NewCatalogue returns a catalogue holding the built-in aliases, ready for
// additions with Add and AddDemonym.
func NewCatalogue() *Catalogue {
	return &Catalogue{own: make(map[string]catEntry), heads: make(map[string]bool), base: builtin()}
}

// Key returns the folded form under which the catalogue stores a name: its
// Slug, without a leading "the" ("The Netherlands" and "Netherlands" are one).
func Key(name string) string {
	var buf [64]byte
	return string(appendKey(buf[:0], name))
}

// appendKey returns dst[:0] with Key(name) in it. Lookups use it with a
// buffer on the stack to fold a name without allocating.
func appendKey(dst []byte, name string) []byte {
	return bytes.TrimPrefix(appendSlug(dst[:0], name), []byte("the-"))
}

// Add makes alias stand for the topic canonicalName of the given kind (a
// herald.Kind* value; an entity type such as "LOC" is accepted too; "" keeps
// the kind already known, or KindOther for a new topic). The latest Add wins:
// re-adding an alias re-points it, and adding a canonical name as an alias of
// another merges the two topics, with every alias that pointed at the first
// following it. Names that fold to an empty key are ignored.
func (c *Catalogue) Add(alias, canonicalName, kind string) {
	ak, ck := Key(alias), Key(canonicalName)
	if ak == "" || ck == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	root := c.rootLocked(ck)
	if ak == ck || root == "" || root == ak {
		// canonicalName becomes a topic of its own: it is new, it was filed
		// under the alias, or it is being split off ("Add(X, X)").
		inherited := c.kindLocked(c.rootLocked(ak))
		if root != "" && root != ak {
			inherited = c.kindLocked(root)
		}
		root = ck
		c.setLocked(ck, catEntry{target: ck, kind: pickKind(kind, inherited)})
	} else if kind != "" {
		e, _ := c.getLocked(root)
		e.kind = normKind(kind)
		c.setLocked(root, e)
	}
	if root == ck {
		e, _ := c.getLocked(ck)
		e.name, e.slug = canonicalName, Slug(canonicalName)
		c.setLocked(ck, e)
	}
	if ak != root {
		c.setLocked(ak, catEntry{target: root, acronym: isAcronym(strings.TrimPrefix(alias, "the "))})
	}
}

// kindLocked returns the kind of the entry k, or "".
func (c *Catalogue) kindLocked(k string) string {
	e, _ := c.getLocked(k)
	return e.kind
}

// pickKind returns kind normalised, else the inherited kind, else KindOther.
func pickKind(kind, inherited string) string {
	switch {
	case kind != "":
		return normKind(kind)
	case inherited != "":
		return inherited
	}
	return herald.KindOther
}

// setLocked stores e under key k.
func (c *Catalogue) setLocked(k string, e catEntry) {
	c.own[k] = e
	head, _, _ := strings.Cut(k, "-")
	c.heads[head] = true
}

// mayStart reports whether some key begins with the folded word w; when it
// does not, no name starting with w is in the catalogue.
func (c *Catalogue) mayStart(w string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for l := c; l != nil; l = l.base {
		if l.heads[w] {
			return true
		}
	}
	return false
}

// AddDemonym makes demonym ("Japanese") point at the place placeName, as a
// weaker signal than the place's own name. The place is added when unknown.
func (c *Catalogue) AddDemonym(demonym, placeName string) {
	dk := Key(demonym)
	if dk == "" || Key(placeName) == "" {
		return
	}
	if _, ok := c.Lookup(placeName); !ok {
		c.Add(placeName, placeName, herald.KindPlace)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setLocked(dk, catEntry{target: c.rootLocked(Key(placeName)), demonym: true})
}

// Lookup returns the canonical topic name stands for. An alias written in
// capitals in the catalogue ("WHO", "US") matches only a name in capitals, so
// "Who" and "Us" at the start of a sentence are not organisations.
func (c *Catalogue) Lookup(name string) (Match, bool) {
	var buf [64]byte
	k := appendKey(buf[:0], name)
	if len(k) == 0 {
		return Match{}, false
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.getBytesLocked(k)
	return c.matchLocked(e, ok && e.target == string(k), ok, name)
}

// lookupKey is Lookup with the name's Key already computed.
func (c *Catalogue) lookupKey(k, name string) (Match, bool) {
	if k == "" {
		return Match{}, false
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.getLocked(k)
	return c.matchLocked(e, ok && e.target == k, ok, name)
}

// matchLocked finishes a lookup of name, whose key's entry is e (when ok);
// self says that e is canonical (its target is its own key).
func (c *Catalogue) matchLocked(e catEntry, self, ok bool, name string) (Match, bool) {
	if !ok || (e.acronym && !isAllCaps(name)) {
		return Match{}, false
	}
	re := e
	if !self {
		// The first step of the chain, from the key to e, is taken.
		if re, ok = c.getLocked(c.rootWithinLocked(e.target, maxChain-1)); !ok {
			return Match{}, false
		}
	}
	return Match{Name: re.name, Slug: re.slug, Kind: re.kind, Demonym: e.demonym}, true
}

// getLocked returns the entry for k from this layer or the ones below.
func (c *Catalogue) getLocked(k string) (catEntry, bool) {
	for l := c; l != nil; l = l.base {
		if e, ok := l.own[k]; ok {
			return e, true
		}
	}
	return catEntry{}, false
}

// getBytesLocked is getLocked for a key held in bytes.
func (c *Catalogue) getBytesLocked(k []byte) (catEntry, bool) {
	for l := c; l != nil; l = l.base {
		if e, ok := l.own[string(k)]; ok {
			return e, true
		}
	}
	return catEntry{}, false
}

// rootLocked follows k's chain of targets to its canonical key; "" if k is
// unknown or the chain does not end.
func (c *Catalogue) rootLocked(k string) string { return c.rootWithinLocked(k, maxChain) }

// rootWithinLocked is rootLocked in at most hops steps.
func (c *Catalogue) rootWithinLocked(k string, hops int) string {
	for range hops {
		e, ok := c.getLocked(k)
		if !ok {
			return ""
		}
		if e.target == k {
			return k
		}
		k = e.target
	}
	return ""
}

// parseCatalogue reads the built-in format: kind|Name|aliases|demonyms.
func parseCatalogue(data string) *Catalogue {
	c := &Catalogue{own: make(map[string]catEntry, 2048), heads: make(map[string]bool, 1024)}
	sc := bufio.NewScanner(strings.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "|")
		for len(f) < 4 {
			f = append(f, "")
		}
		kind, name := f[0], f[1]
		c.Add(name, name, kind)
		for _, a := range splitList(f[2]) {
			c.Add(a, name, kind)
		}
		for _, d := range splitList(f[3]) {
			c.AddDemonym(d, name)
			if p := demonymPlural(d); p != "" {
				c.AddDemonym(p, name)
			}
		}
	}
	return c
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// demonymPlural returns the plural of demonyms that take one ("American" →
// "Americans", "Israeli" → "Israelis", "Englishman" → "Englishmen"); "" for
// adjectives that do not ("Japanese", "Swiss", "French", "Turkish").
func demonymPlural(d string) string {
	switch {
	case strings.HasSuffix(d, "man"):
		return d[:len(d)-3] + "men"
	case strings.HasSuffix(d, "se"), strings.HasSuffix(d, "sh"), strings.HasSuffix(d, "ch"), strings.HasSuffix(d, "s"):
		return ""
	case strings.ContainsAny(d[len(d)-1:], "nieokbtrd"):
		return d + "s"
	}
	return ""
}

// isAcronym reports whether s is written in capitals: two or more letters, all
// upper-case ("WHO", "U.S.", "G7").
func isAcronym(s string) bool { return isAllCaps(s) }

// isAllCaps reports whether s has at least two letters and no lower-case one.
func isAllCaps(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n >= 2
}
