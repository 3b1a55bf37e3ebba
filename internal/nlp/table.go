package nlp

// featTable maps 64-bit feature hashes to dense feature numbers with open
// addressing and linear probing. Hash 0 marks an empty slot, so a zero
// hash is stored as 1.
type featTable struct {
	keys []uint64
	vals []int32
	mask uint64
	n    int
}

func newFeatTable(capacity int) *featTable {
	size := 1024
	for size < capacity*2 {
		size <<= 1
	}
	return &featTable{keys: make([]uint64, size), vals: make([]int32, size), mask: uint64(size - 1)}
}

// get returns the feature number of h, or -1 when h is not in the table.
func (t *featTable) get(h uint64) int32 {
	if h == 0 {
		h = 1
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		k := t.keys[i]
		if k == h {
			return t.vals[i]
		}
		if k == 0 {
			return -1
		}
	}
}

// add returns the feature number of h, giving it the next number when new.
func (t *featTable) add(h uint64) int32 {
	if h == 0 {
		h = 1
	}
	if (t.n+1)*2 > len(t.keys) {
		t.grow()
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		k := t.keys[i]
		if k == h {
			return t.vals[i]
		}
		if k == 0 {
			t.keys[i] = h
			t.vals[i] = int32(t.n)
			t.n++
			return t.vals[i]
		}
	}
}

func (t *featTable) grow() {
	old := *t
	*t = *newFeatTable(len(old.keys))
	t.n = 0
	for i, k := range old.keys {
		if k != 0 {
			t.put(k, old.vals[i])
		}
	}
}

// put stores h with feature number v; h must not be present yet.
func (t *featTable) put(h uint64, v int32) {
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		if t.keys[i] == 0 {
			t.keys[i] = h
			t.vals[i] = v
			t.n++
			return
		}
	}
}
