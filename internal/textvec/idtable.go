package textvec

import "math/bits"

// idTable maps term ids to slots 0, 1, 2… in the order ids are added: an
// open-addressing table with linear probing and Fibonacci hashing, faster
// than a Go map for the few hundred lookups a story needs, because a probe is
// one compare in one array. The zero value is empty and usable.
type idTable struct {
	keys   []uint32 // id+1 at each position (0: empty)
	slots  []int32
	n      int
	shift  uint
	maxID  int32 // the slot of id 2³²−1, which id+1 cannot hold; −1 until added
	hasMax bool
}

const maxTermID = 1<<32 - 1

// get returns id's slot.
func (t *idTable) get(id uint32) (int32, bool) {
	if id == maxTermID {
		return t.maxID, t.hasMax
	}
	if len(t.keys) == 0 {
		return 0, false
	}
	mask := uint32(len(t.keys) - 1)
	for i := t.home(id); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case id + 1:
			return t.slots[i], true
		case 0:
			return 0, false
		}
	}
}

// add gives id the next slot; id must not be in the table.
func (t *idTable) add(id uint32) int32 {
	slot := int32(t.n)
	t.n++
	if id == maxTermID {
		t.maxID, t.hasMax = slot, true
		return slot
	}
	if 2*t.n > len(t.keys) {
		t.grow()
	}
	t.put(id, slot)
	return slot
}

func (t *idTable) home(id uint32) uint32 { return (id * 0x9e3779b1) >> t.shift }

func (t *idTable) put(id uint32, slot int32) {
	mask := uint32(len(t.keys) - 1)
	i := t.home(id)
	for t.keys[i] != 0 {
		i = (i + 1) & mask
	}
	t.keys[i], t.slots[i] = id+1, slot
}

func (t *idTable) grow() {
	keys, slots := t.keys, t.slots
	size := max(1024, 2*len(keys))
	t.keys, t.slots = make([]uint32, size), make([]int32, size)
	t.shift = uint(32 - bits.TrailingZeros(uint(size)))
	for i, k := range keys {
		if k != 0 {
			t.put(k-1, slots[i])
		}
	}
}
