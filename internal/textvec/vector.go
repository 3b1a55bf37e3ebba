package textvec

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
)

// Term is one dimension of a sparse vector: a hashed token and its weight.
type Term struct {
	ID uint32
	W  float32
}

// Vector is a sparse vector of terms sorted by ID, each ID at most once. The
// zero value is the empty vector. Vectors made by this package are
// L2-normalised unless a function says otherwise, so Dot is their cosine.
type Vector []Term

// TermID is the hashed id of a token: 32-bit FNV-1a. Collisions between the
// few hundred thousand distinct words of a news corpus are rare enough that
// they cost no measurable accuracy, and ids need no vocabulary to agree.
func TermID(tok []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range tok {
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}

// Counts returns the term frequencies of s's tokens, skipping stop words.
func Counts(s string) map[uint32]int {
	counts := map[uint32]int{}
	var buf []byte
	Scan(s, buf, func(tok []byte) {
		if !IsStopWord(tok) {
			counts[TermID(tok)]++
		}
	})
	return counts
}

// Weigh turns term counts into an L2-normalised vector with sublinear term
// frequency times idf: w = (1 + ln tf) · idf(id). A nil idf weighs every term
// 1. Terms whose weight is not positive are left out.
func Weigh(counts map[uint32]int, idf func(id uint32) float64) Vector {
	v := make(Vector, 0, len(counts))
	for id, n := range counts {
		if n <= 0 {
			continue
		}
		w := 1 + math.Log(float64(n))
		if idf != nil {
			w *= idf(id)
		}
		if w > 0 {
			v = append(v, Term{ID: id, W: float32(w)})
		}
	}
	slices.SortFunc(v, func(a, b Term) int { return cmp.Compare(a.ID, b.ID) })
	v.Normalize()
	return v
}

// Normalize scales v to unit length in place; the empty vector stays empty.
func (v Vector) Normalize() {
	var sum float64
	for _, t := range v {
		sum += float64(t.W) * float64(t.W)
	}
	if sum == 0 {
		return
	}
	inv := 1 / math.Sqrt(sum)
	for i := range v {
		v[i].W = float32(float64(v[i].W) * inv)
	}
}

// Dot returns the dot product of a and b (their cosine when both are unit length).
func Dot(a, b Vector) float64 {
	var sum float64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].ID < b[j].ID:
			i++
		case a[i].ID > b[j].ID:
			j++
		default:
			sum += float64(a[i].W) * float64(b[j].W)
			i++
			j++
		}
	}
	return sum
}

// Top returns the k heaviest terms of v, sorted by ID, renormalised: a compact
// form to store or to sum into a centroid. k <= 0 or k >= len(v) returns a copy of v.
func (v Vector) Top(k int) Vector {
	out := slices.Clone(v)
	if k <= 0 || k >= len(v) {
		return out
	}
	slices.SortFunc(out, func(a, b Term) int {
		if c := cmp.Compare(b.W, a.W); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	out = out[:k]
	slices.SortFunc(out, func(a, b Term) int { return cmp.Compare(a.ID, b.ID) })
	out.Normalize()
	return out
}

// MarshalBinary encodes v as 8 bytes a term (little-endian id, then float32
// weight bits), for a store to keep in a BLOB or BYTEA column.
func (v Vector) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, 8*len(v))
	for _, t := range v {
		b = binary.LittleEndian.AppendUint32(b, t.ID)
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(t.W))
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary wrote. It returns an error for a
// length that is not a multiple of 8 or ids out of order.
func (v *Vector) UnmarshalBinary(b []byte) error {
	if len(b)%8 != 0 {
		return fmt.Errorf("textvec: decode vector: %d bytes is not a whole number of terms", len(b))
	}
	out := make(Vector, len(b)/8)
	for i := range out {
		out[i] = Term{
			ID: binary.LittleEndian.Uint32(b[8*i:]),
			W:  math.Float32frombits(binary.LittleEndian.Uint32(b[8*i+4:])),
		}
		if i > 0 && out[i].ID <= out[i-1].ID {
			return fmt.Errorf("textvec: decode vector: term %d out of order", i)
		}
	}
	*v = out
	return nil
}
