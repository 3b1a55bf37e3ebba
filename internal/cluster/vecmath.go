package cluster

import (
	"math"

	"github.com/heraldnews/herald/internal/textvec"
)

// blend returns a·wa + b·wb, both sorted by id, as a new vector sorted by id.
// Summing in id order makes the result the same bit for bit on every run.
func blend(a textvec.Vector, wa float32, b textvec.Vector, wb float32) textvec.Vector {
	return blendInto(make(textvec.Vector, 0, len(a)+len(b)), a, wa, b, wb)
}

// blendInto is blend appending to out (which must not share a's or b's array).
func blendInto(out textvec.Vector, a textvec.Vector, wa float32, b textvec.Vector, wb float32) textvec.Vector {
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

// heaviest keeps the k heaviest terms of v (ties: lower id), in id order,
// without rescaling. It works in place: the result shares v's array.
func heaviest(v textvec.Vector, k int) textvec.Vector {
	if len(v) <= k {
		return v
	}
	if k <= 0 {
		return v[:0]
	}
	var stack [512]float32
	ws := stack[:0]
	for _, t := range v {
		ws = append(ws, t.W)
	}
	cut := kthLargest(ws, k)
	above := 0
	for _, w := range ws {
		if w > cut {
			above++
		}
	}
	ties := k - above // terms weighing exactly cut to keep, lowest ids first
	out := v[:0]
	for _, t := range v {
		switch {
		case t.W > cut:
			out = append(out, t)
		case t.W == cut && ties > 0:
			out = append(out, t)
			ties--
		}
	}
	return out
}

// kthLargest returns the k-th largest value of ws (1 ≤ k ≤ len(ws)),
// reordering ws: Hoare's selection with a median-of-three pivot, linear on
// average.
func kthLargest(ws []float32, k int) float32 {
	lo, hi, want := 0, len(ws)-1, len(ws)-k // want: index in ascending order
	for lo < hi {
		mid := lo + (hi-lo)/2
		p := median3(ws[lo], ws[mid], ws[hi])
		i, j := lo, hi
		for i <= j {
			for ws[i] < p {
				i++
			}
			for ws[j] > p {
				j--
			}
			if i <= j {
				ws[i], ws[j] = ws[j], ws[i]
				i++
				j--
			}
		}
		switch {
		case want <= j:
			hi = j
		case want >= i:
			lo = i
		default:
			return ws[want]
		}
	}
	return ws[want]
}

func median3(a, b, c float32) float32 {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	if a > b {
		b = a
	}
	return b
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

// cosineN is cosine(a, b) for a unit-length a and b of length nb.
func cosineN(a, b textvec.Vector, nb float64) float64 {
	if nb == 0 || len(a) == 0 {
		return 0
	}
	return textvec.Dot(a, b) / nb
}

// meanOf returns the mean of vs, truncated to the k heaviest terms. Members
// are summed in the order given, so the same members give the same mean.
func meanOf(vs []textvec.Vector, k int) textvec.Vector {
	if len(vs) == 0 {
		return nil
	}
	var t sumTable // the sums blendInto(sum, 1, v, 1) would give, without a merge a member
	for _, v := range vs {
		t.add(v)
	}
	sum := t.sorted()
	inv := 1 / float32(len(vs))
	for i := range sum {
		sum[i].W *= inv
	}
	return heaviest(sum, k)
}
