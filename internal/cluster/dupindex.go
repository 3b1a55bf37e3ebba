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
	buckets map[uint64][]*features // band key → stories, in the order added
	visit   uint32                 // the mark of the current candidates call
}

func newDupIndex() *dupIndex { return &dupIndex{buckets: map[uint64][]*features{}} }

func bandKey(s *Signature, band int) uint64 {
	h := uint64(band) + 1
	for _, v := range s[band*dupRows : (band+1)*dupRows] {
		h = mix64(h ^ uint64(v))
	}
	return h
}

// add lists f (which has a signature) under each of its bands.
func (x *dupIndex) add(f *features) {
	for b := range dupBands {
		k := bandKey(&f.sig, b)
		x.buckets[k] = append(x.buckets[k], f)
	}
}

// sweep drops the stories for which alive is false.
func (x *dupIndex) sweep(alive func(story int64) bool) {
	for k, fs := range x.buckets {
		fs = slices.DeleteFunc(fs, func(f *features) bool { return !alive(f.story) })
		if len(fs) == 0 {
			delete(x.buckets, k)
		} else {
			x.buckets[k] = fs
		}
	}
}

// candidates calls fn once for each story sharing a band with s, in no
// particular order (callers break ties by story id). A story is visited once
// however many bands it shares: each call marks what it has visited with a
// new number, instead of sorting the bands' lists together.
func (x *dupIndex) candidates(s *Signature, fn func(f *features)) {
	x.visit++
	if x.visit == 0 { // wrapped: clear every mark so none equals a new visit
		for _, fs := range x.buckets {
			for _, f := range fs {
				f.visited = 0
			}
		}
		x.visit = 1
	}
	for b := range dupBands {
		for _, f := range x.buckets[bandKey(s, b)] {
			if f.visited != x.visit {
				f.visited = x.visit
				fn(f)
			}
		}
	}
}
