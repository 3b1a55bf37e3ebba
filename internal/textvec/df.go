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
	index idTable  // term → its slot in n and ids
	n     []int32  // documents per term, by slot
	ids   []uint32 // the term of each slot, in the order terms were first seen
}

// NewDF returns an empty table.
func NewDF() *DF { return &DF{} }

// slot returns id's slot, adding an empty one for a new term. d.mu is held.
func (d *DF) slot(id uint32) int32 {
	i, ok := d.index.get(id)
	if !ok {
		i = d.index.add(id)
		d.n = append(d.n, 0)
		d.ids = append(d.ids, id)
	}
	return i
}

// Add counts one document with the given terms (each term once, whatever its
// frequency).
func (d *DF) Add(counts map[uint32]int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.docs++
	for id := range counts {
		d.n[d.slot(id)]++
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
	df := 1
	if i, ok := d.index.get(id); ok && d.n[i] > 0 {
		df = int(d.n[i])
	}
	return idf(lnPlus1(d.docs), df)
}

// idf is ln(1+N) − ln(1+df) + 1, given ln(1+N): the same value as
// ln((1+N)/(1+df)) + 1, computed so that ln(1+N) is taken once a document.
func idf(lnDocs float64, df int) float64 { return lnDocs - lnPlus1(df) + 1 }

// lnSmall caches ln(1+k) for small k: most document frequencies are small.
var lnSmall [4096]float64

func init() {
	for k := range lnSmall {
		lnSmall[k] = math.Log(float64(1 + k))
	}
}

func lnPlus1(k int) float64 {
	if k >= 0 && k < len(lnSmall) {
		return lnSmall[k]
	}
	return math.Log(float64(1 + k))
}

// AddWeigh counts one document with the terms of tc (as Add does) and returns
// its vector with the updated idf (as Weigh does), under one lock and one
// table lookup per term. tc must be in id order with each id once, as
// CountSorted returns it.
func (d *DF) AddWeigh(tc []TermCount) Vector {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.docs++
	lnDocs := lnPlus1(d.docs)
	v := make(Vector, 0, len(tc))
	for _, t := range tc {
		i := d.slot(t.ID)
		d.n[i]++
		w := (1 + math.Log(float64(t.N))) * idf(lnDocs, int(d.n[i]))
		if t.N > 0 && w > 0 {
			v = append(v, Term{ID: t.ID, W: float32(w)})
		}
	}
	v.Normalize()
	return v
}
