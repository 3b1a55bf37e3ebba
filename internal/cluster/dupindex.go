package cluster

import "slices"

// LSH banding of signatures: SignatureSize = dupBands × dupRows. A pair with
// Jaccard similarity J shares at least one band with probability
// 1 − (1 − J^dupRows)^dupBands: 0.87 at J = 0.5, 0.99 at J = 0.6, 0.23 at
// J = 0.3, so pairs near any threshold in 0.45..0.9 are found and the
// candidates to verify stay few.
const (
	dupBands = 32
	dupRows  = SignatureSize / dupBands
)

// dupIndex finds, among the signatures added, those that may be near a given
// one (share a band), for exact verification.
type dupIndex struct {
	buckets map[uint64][]int64 // band key → story ids, in the order added
}

func newDupIndex() *dupIndex { return &dupIndex{buckets: map[uint64][]int64{}} }

func bandKey(s *Signature, band int) uint64 {
	h := uint64(band) + 1
	for _, v := range s[band*dupRows : (band+1)*dupRows] {
		h = mix64(h ^ uint64(v))
	}
	return h
}

func (x *dupIndex) add(story int64, s *Signature) {
	for b := range dupBands {
		k := bandKey(s, b)
		x.buckets[k] = append(x.buckets[k], story)
	}
}

// sweep drops the stories for which alive is false.
func (x *dupIndex) sweep(alive func(story int64) bool) {
	for k, ids := range x.buckets {
		ids = slices.DeleteFunc(ids, func(id int64) bool { return !alive(id) })
		if len(ids) == 0 {
			delete(x.buckets, k)
		} else {
			x.buckets[k] = ids
		}
	}
}

// candidates calls fn once for each story sharing a band with s, in
// ascending story id order (so callers break ties deterministically).
func (x *dupIndex) candidates(s *Signature, fn func(story int64)) {
	var ids []int64
	for b := range dupBands {
		ids = append(ids, x.buckets[bandKey(s, b)]...)
	}
	slices.Sort(ids)
	for i, id := range ids {
		if i == 0 || id != ids[i-1] {
			fn(id)
		}
	}
}
