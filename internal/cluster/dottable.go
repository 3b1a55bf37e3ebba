package cluster

import (
	"cmp"
	"slices"

	"github.com/heraldnews/herald/internal/textvec"
)

// pairTable holds two sparse vectors a and b for dot products against many
// others (2-means compares every member with both means): one pass over a
// member's terms with a hash probe each, instead of two sorted merges. The
// products are summed in the member's term order, which is textvec.Dot's
// order, so the results are exactly Dot's.
type pairTable struct {
	slots []pairSlot
	shift uint32
}

type pairSlot struct {
	id       uint32
	wa, wb   float32
	used     bool
	inA, inB bool
}

// load fills the table with a and b; it reuses the slots when they suffice.
func (t *pairTable) load(a, b textvec.Vector) {
	bits := uint32(4)
	for 1<<bits < 2*(len(a)+len(b)) { // at most half full
		bits++
	}
	if n := 1 << bits; len(t.slots) != n {
		t.slots = make([]pairSlot, n)
	} else {
		clear(t.slots)
	}
	t.shift = 32 - bits
	for _, x := range a {
		s := t.slot(x.ID)
		s.wa, s.inA = x.W, true
	}
	for _, x := range b {
		s := t.slot(x.ID)
		s.wb, s.inB = x.W, true
	}
}

// slot returns id's slot, claiming an empty one when id is not there yet.
func (t *pairTable) slot(id uint32) *pairSlot {
	mask := uint32(len(t.slots) - 1)
	for i := (id * 0x9e3779b1) >> t.shift; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if !s.used {
			s.id, s.used = id, true
			return s
		}
		if s.id == id {
			return s
		}
	}
}

// dots returns textvec.Dot(v, a) and textvec.Dot(v, b).
func (t *pairTable) dots(v textvec.Vector) (da, db float64) {
	mask := uint32(len(t.slots) - 1)
	for _, x := range v {
		for i := (x.ID * 0x9e3779b1) >> t.shift; ; i = (i + 1) & mask {
			s := &t.slots[i]
			if !s.used {
				break
			}
			if s.id == x.ID {
				if s.inA {
					da += float64(x.W) * float64(s.wa)
				}
				if s.inB {
					db += float64(x.W) * float64(s.wb)
				}
				break
			}
		}
	}
	return da, db
}

// sumTable sums sparse vectors term by term: each vector's terms are added
// with one hash probe each, in the order the vectors come, so every term's
// float32 sum is the one a chain of sorted merges (blendInto) would give.
type sumTable struct {
	slots []int32 // index+1 into terms; 0 is empty
	terms textvec.Vector
	shift uint32
}

func (t *sumTable) add(v textvec.Vector) {
	if 2*(len(t.terms)+len(v)) > len(t.slots) {
		t.grow(2 * (len(t.terms) + len(v)))
	}
	mask := uint32(len(t.slots) - 1)
	for _, x := range v {
		i := (x.ID * 0x9e3779b1) >> t.shift
		for {
			s := t.slots[i]
			if s == 0 {
				t.terms = append(t.terms, x)
				t.slots[i] = int32(len(t.terms))
				break
			}
			if t.terms[s-1].ID == x.ID {
				t.terms[s-1].W += x.W
				break
			}
			i = (i + 1) & mask
		}
	}
}

// grow makes room for at least n slots and re-files the terms.
func (t *sumTable) grow(n int) {
	bits := uint32(8)
	for 1<<bits < n {
		bits++
	}
	t.slots, t.shift = make([]int32, 1<<bits), 32-bits
	mask := uint32(len(t.slots) - 1)
	for k, x := range t.terms {
		i := (x.ID * 0x9e3779b1) >> t.shift
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = int32(k + 1)
	}
}

// sorted returns the sums in id order (sharing the table's array).
func (t *sumTable) sorted() textvec.Vector {
	slices.SortFunc(t.terms, func(a, b textvec.Term) int { return cmp.Compare(a.ID, b.ID) })
	return t.terms
}
