package cluster

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/heraldnews/herald/internal/textvec"
)

func TestHeaviestKeepsTopKInIDOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for n := 1; n < 60; n++ {
		v := make(textvec.Vector, n)
		for i := range v {
			v[i] = textvec.Term{ID: uint32(i * 3), W: float32(r.IntN(5))} // many ties
		}
		for _, k := range []int{1, n / 2, n - 1} {
			if k < 1 {
				continue
			}
			// The reference: sort by weight (ties: lower id), keep k, re-sort by id.
			ref := slices.Clone(v)
			slices.SortStableFunc(ref, func(a, b textvec.Term) int {
				switch {
				case a.W > b.W:
					return -1
				case a.W < b.W:
					return 1
				}
				return 0
			})
			ref = ref[:k]
			slices.SortFunc(ref, func(a, b textvec.Term) int { return int(a.ID) - int(b.ID) })
			got := heaviest(slices.Clone(v), k)
			if !slices.Equal(ref, got) {
				t.Fatalf("n=%d k=%d: heaviest = %v, want %v", n, k, got, ref)
			}
		}
	}
}
