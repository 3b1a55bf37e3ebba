package textvec

import (
	"math"
	"sync"
)

// DF counts in how many documents each term occurs, for inverse document
// frequency. It is safe for concurrent use. A corpus that is read online (as
// ingest reads stories) adds each document once, as it arrives, so that a
// term's idf reflects the stories seen so far.
type DF struct {
	mu    sync.RWMutex
	docs  int
	count map[uint32]int
}

// NewDF returns an empty table.
func NewDF() *DF { return &DF{count: map[uint32]int{}} }

// Add counts one document with the given terms (each term once, whatever its
// frequency).
func (d *DF) Add(counts map[uint32]int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.docs++
	for id := range counts {
		d.count[id]++
	}
}

// Docs returns how many documents were added.
func (d *DF) Docs() int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.docs
}

// IDF returns the smoothed inverse document frequency ln((1+N)/(1+df)) + 1,
// which is 1 for a term in every document and grows for rarer terms; a term
// never seen gets the weight of a term seen once.
func (d *DF) IDF(id uint32) float64 {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.idfLocked(id)
}

// Weigh is the package's Weigh with this table's idf, read under one lock:
// the form to use on a hot path, where a lock per term would cost more than
// the arithmetic.
func (d *DF) Weigh(counts map[uint32]int) Vector {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return Weigh(counts, d.idfLocked)
}

func (d *DF) idfLocked(id uint32) float64 {
	df := d.count[id]
	if df == 0 {
		df = 1
	}
	return math.Log(float64(1+d.docs)/float64(1+df)) + 1
}

// AddWeigh counts one document with the terms of tc (as Add does) and returns
// its vector with the updated idf (as Weigh does), under one lock and one
// table lookup per term. tc must be in id order with each id once, as
// CountSorted returns it.
func (d *DF) AddWeigh(tc []TermCount) Vector {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.docs++
	v := make(Vector, 0, len(tc))
	n := float64(1 + d.docs)
	for _, t := range tc {
		df := d.count[t.ID] + 1
		d.count[t.ID] = df
		w := (1 + math.Log(float64(t.N))) * (math.Log(n/float64(1+df)) + 1)
		if t.N > 0 && w > 0 {
			v = append(v, Term{ID: t.ID, W: float32(w)})
		}
	}
	v.Normalize()
	return v
}
