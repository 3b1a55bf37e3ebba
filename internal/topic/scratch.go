package topic

import "sync"

// scratch is the working memory of one Resolve or ProperNouns call: token,
// candidate and occurrence slices, and the maps that index them. Calls take
// one from scratchPool and put it back when done, so that a steady stream of
// stories allocates little beyond what it returns. Nothing in a Result or in
// the mentions ProperNouns returns points into a scratch.
type scratch struct {
	toks     []token
	mentions []Mention
	x        extractor
	lay      layout
	story    story
	words    []string // the parts of occurrence keys (occ.words point into it)
	cands    candidates
	vet      candidates
	inText   map[string]bool
	full     map[string]bool
	byKey    map[string]int
	tallies  []tally
	ranked   []*tally
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// Bounds on what a scratch keeps between calls. A buffer or map that grew
// beyond them (a huge or hostile text) is dropped rather than kept: clearing
// a map costs time in proportion to its capacity, and a pool should not pin
// megabytes.
const (
	maxKeptSlice = 1 << 14 // elements
	maxKeptMap   = 1 << 10 // entries
)

func getScratch() *scratch { return scratchPool.Get().(*scratch) }

// release clears what sc holds and returns it to the pool.
func (sc *scratch) release() {
	sc.toks = resetSlice(sc.toks)
	sc.mentions = resetSlice(sc.mentions)
	sc.x.release()
	sc.lay.release()
	sc.story.release()
	sc.words = resetSlice(sc.words)
	sc.cands.release()
	sc.vet.release()
	sc.inText = resetMap(sc.inText)
	sc.full = resetMap(sc.full)
	sc.byKey = resetMap(sc.byKey)
	sc.tallies = resetSlice(sc.tallies)
	sc.ranked = resetSlice(sc.ranked)
	scratchPool.Put(sc)
}

// resetSlice returns s emptied and zeroed (so that it pins no strings), or
// nil when it grew too large to keep.
func resetSlice[T any](s []T) []T {
	if cap(s) > maxKeptSlice {
		return nil
	}
	clear(s[:cap(s)])
	return s[:0]
}

// resetMap returns m emptied, or nil when it grew too large to keep.
func resetMap[K comparable, V any](m map[K]V) map[K]V {
	if len(m) > maxKeptMap {
		return nil
	}
	clear(m)
	return m
}

// emptyMap returns m cleared, or a new map with room for size entries when m
// is nil (the scratch dropped it, or has not needed it yet).
func emptyMap[K comparable, V any](m map[K]V, size int) map[K]V {
	if m == nil {
		return make(map[K]V, size)
	}
	clear(m)
	return m
}
