package section

import "math/bits"

// vocab maps feature hashes to dense feature indices with an open-addressing
// table of single words: the hash's top 40 bits as the key, and the index plus
// one in the low idxBits bits (zero marks an empty slot). Probing starts at the
// hash's low bits, so a lookup compares the 40 key bits and, in effect, the bits
// that chose the start slot; a false match of an unseen feature is rarer than one
// in 10^12 and costs nothing but one slightly wrong feature. A one-bit-per-key
// filter (filterBits per feature) answers most lookups of unknown features, the
// common case for bigrams, without touching the large table.
type vocab struct {
	slots  []uint64
	mask   uint64
	n      int
	filter []uint64 // bitset over the stored keys, small enough to stay in cache
	fshift uint
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
	// A load factor of at most 2/3 measured faster than 1/2: a smaller table
	// misses the cache less, and the filter answers most unknown features.
	size := uint64(1) << bits.Len64(uint64(len(hashes))*3/2)
	v := &vocab{slots: make([]uint64, size), mask: size - 1, n: len(hashes)}
	for i, h := range hashes {
		j := h & v.mask
		for v.slots[j] != 0 {
			j = (j + 1) & v.mask
		}
		v.slots[j] = h&keyMask | uint64(i+1)
	}
	v.buildFilter()
	return v
}

// filterBits is the filter's size in bits per feature; one hash per key gives
// about 1/filterBits false positives.
const filterBits = 8

func (v *vocab) buildFilter() {
	nbits := max(64, 1<<bits.Len(uint(v.n*filterBits)))
	v.filter = make([]uint64, nbits/64)
	v.fshift = uint(64 - bits.TrailingZeros(uint(nbits)))
	for _, s := range v.slots {
		if s != 0 {
			b := v.filterBit(s)
			v.filter[b/64] |= 1 << (b % 64)
		}
	}
}

// filterBit is the filter bit of a hash; it depends only on the key bits, which
// the slots keep.
func (v *vocab) filterBit(h uint64) uint64 {
	return (h >> idxBits) * 0x9e3779b97f4a7c15 >> v.fshift
}

// index returns the feature index of h, or -1 when h is not in the vocabulary.
func (v *vocab) index(h uint64) int32 {
	if b := v.filterBit(h); v.filter[b/64]&(1<<(b%64)) == 0 {
		return -1
	}
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
