package cluster

import "math/bits"

// SignatureSize is the number of MinHash values a signature holds. 128 values
// estimate a Jaccard similarity with a standard error of at most 0.045.
const SignatureSize = 128

// ShingleWords is how many consecutive words make one shingle. Four-word
// shingles (stop words kept) match a copy whose paragraphs were cut or moved
// and a copy with a line of boilerplate added, and rarely match two reports
// written apart, which share names and phrases but few runs of four words.
const ShingleWords = 4

// sign's unrolled hash holds four ids: this fails to compile otherwise.
const _ = uint(ShingleWords-4) + uint(4-ShingleWords)

// Signature is a one-permutation MinHash of a text's word shingles: each
// shingle's 64-bit hash picks a bin by its top bits and the bin keeps the
// smallest low half seen; bins that no shingle reached borrow from the next
// filled bin (rotation densification, Shrivastava & Li 2014), so that short
// texts still compare bin by bin. Computing it costs one hash per shingle.
type Signature [SignatureSize]uint32

// emptyBin marks a bin no shingle reached before densification.
const emptyBin = ^uint32(0)

// sign returns the signature of the token ids (textvec.IDs, stop words kept)
// and whether the text had at least one shingle. Texts shorter than
// ShingleWords words are shingled whole.
func sign(ids []uint32) (Signature, bool) {
	var s Signature
	for i := range s {
		s[i] = emptyBin
	}
	n := len(ids) - ShingleWords + 1
	if len(ids) > 0 && n < 1 {
		n = 1
	}
	for i := 0; i < n; i++ {
		var h uint64
		if i+ShingleWords <= len(ids) { // shingleHash unrolled, the same sum
			w := ids[i : i+ShingleWords : i+ShingleWords]
			h = mix64(0x9e3779b97f4a7c15 + uint64(w[0])*shingleMul[0] + uint64(w[1])*shingleMul[1] +
				uint64(w[2])*shingleMul[2] + uint64(w[3])*shingleMul[3])
		} else {
			h = shingleHash(ids[i:])
		}
		bin, v := h>>(64-7), uint32(h)>>1 // below 2³¹: see borrowed
		if v < s[bin] {
			s[bin] = v
		}
	}
	if n <= 0 {
		return s, false
	}
	s.densify()
	return s, true
}

// shingleHash hashes a run of ids: each id multiplied by its own odd
// constant, summed, then mixed once.
func shingleHash(ids []uint32) uint64 {
	h := uint64(0x9e3779b97f4a7c15)
	for i, id := range ids {
		h += uint64(id) * shingleMul[i]
	}
	return mix64(h)
}

var shingleMul = [ShingleWords]uint64{0xff51afd7ed558ccd, 0xc4ceb9fe1a85ec53, 0x87c37b91114253d5, 0x4cf5ad432745937f}

// mix64 is the splitmix64 finaliser: a fast bijection with full avalanche.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// densify fills each empty bin from the next filled bin to its right
// (circularly), offset by the distance so that borrowed values stay distinct
// from the originals.
func (s *Signature) densify() {
	for i := range s {
		if s[i] != emptyBin {
			continue
		}
		for d := 1; d < SignatureSize; d++ {
			if v := s[(i+d)%SignatureSize]; v != emptyBin && !s.borrowed(v) {
				s[i] = bits.RotateLeft32(v, d) | 1<<31
				break
			}
		}
	}
}

// borrowed reports whether v was written by densify (or is emptyBin):
// values that shingles set are kept below 2³¹.
func (s *Signature) borrowed(v uint32) bool { return v&(1<<31) != 0 }

// Jaccard estimates the Jaccard similarity of the two texts' shingle sets.
func Jaccard(a, b *Signature) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / SignatureSize
}
