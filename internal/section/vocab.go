package section

import "math/bits"

// vocab maps feature hashes to dense feature indices with an open-addressing
// table of single words: the top keyBits bits of the hash, and the index plus one
// in the low idxBits bits (zero marks an empty slot). Probing starts at the hash's
// low bits, so together with the stored key bits a lookup compares at least 40 bits
// of the hash; a false match of an unseen feature is rarer than one in 10^12 and
// costs nothing but one slightly wrong feature.
type vocab struct {
	slots []uint64
	mask  uint64
	n     int
}

const (
	idxBits     = 24
	maxFeatures = 1<<idxBits - 1
	idxMask     = 1<<idxBits - 1
	keyMask     = ^uint64(idxMask)
)

// newVocab builds the table for hashes, which must be distinct and at most
// maxFeatures long; hashes[i] gets index i.
func newVocab(hashes []uint64) *vocab {
	size := uint64(1) << bits.Len64(uint64(len(hashes))*3/2+1) // load factor at most 2/3
	v := &vocab{slots: make([]uint64, size), mask: size - 1, n: len(hashes)}
	for i, h := range hashes {
		j := h & v.mask
		for v.slots[j] != 0 {
			j = (j + 1) & v.mask
		}
		v.slots[j] = h&keyMask | uint64(i+1)
	}
	return v
}

// index returns the feature index of h, or -1 when h is not in the vocabulary.
func (v *vocab) index(h uint64) int32 {
	key := h & keyMask
	for j := h & v.mask; ; j = (j + 1) & v.mask {
		s := v.slots[j]
		if s == 0 {
			return -1
		}
		if s&keyMask == key {
			return int32(s&idxMask) - 1
		}
	}
}
