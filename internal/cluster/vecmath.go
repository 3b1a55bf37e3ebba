package cluster

import (
	"cmp"
	"math"
	"slices"

	"github.com/heraldnews/herald/internal/textvec"
)

// blend returns a·wa + b·wb, both sorted by id, as a new vector sorted by id.
// Summing in id order makes the result the same bit for bit on every run.
func blend(a textvec.Vector, wa float32, b textvec.Vector, wb float32) textvec.Vector {
	out := make(textvec.Vector, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || (i < len(a) && a[i].ID < b[j].ID):
			out = append(out, textvec.Term{ID: a[i].ID, W: a[i].W * wa})
			i++
		case i == len(a) || b[j].ID < a[i].ID:
			out = append(out, textvec.Term{ID: b[j].ID, W: b[j].W * wb})
			j++
		default:
			out = append(out, textvec.Term{ID: a[i].ID, W: a[i].W*wa + b[j].W*wb})
			i++
			j++
		}
	}
	return out
}

// heaviest keeps the k heaviest terms of v (ties: lower id), sorted by id,
// without rescaling; v is reordered and may be reused by the result.
func heaviest(v textvec.Vector, k int) textvec.Vector {
	if len(v) <= k {
		return v
	}
	slices.SortFunc(v, func(a, b textvec.Term) int {
		if c := cmp.Compare(b.W, a.W); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	v = v[:k]
	slices.SortFunc(v, func(a, b textvec.Term) int { return cmp.Compare(a.ID, b.ID) })
	return v
}

func norm(v textvec.Vector) float64 { return math.Sqrt(textvec.Dot(v, v)) }

// cosine is the cosine of two vectors of any length; 0 when either is empty.
func cosine(a, b textvec.Vector) float64 {
	na, nb := norm(a), norm(b)
	if na == 0 || nb == 0 {
		return 0
	}
	return textvec.Dot(a, b) / (na * nb)
}

// meanOf returns the mean of vs, truncated to the k heaviest terms. Members
// are summed in the order given, so the same members give the same mean.
func meanOf(vs []textvec.Vector, k int) textvec.Vector {
	var sum textvec.Vector
	for _, v := range vs {
		sum = blend(sum, 1, v, 1)
	}
	if len(vs) == 0 {
		return nil
	}
	inv := 1 / float32(len(vs))
	for i := range sum {
		sum[i].W *= inv
	}
	return heaviest(sum, k)
}
