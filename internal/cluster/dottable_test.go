package cluster

import (
	"math/rand"
	"slices"
	"testing"

	"github.com/heraldnews/herald/internal/textvec"
)

// TestPairTableDotsAreDot checks that pairTable gives exactly textvec.Dot's
// products, for vectors overlapping a little, a lot and not at all.
func TestPairTableDotsAreDot(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	vec := func(n, vocab int) textvec.Vector {
		v := textvec.Vector{}
		for _, id := range r.Perm(vocab)[:n] {
			v = append(v, textvec.Term{ID: uint32(id) * 2654435761, W: r.Float32()})
		}
		slices.SortFunc(v, func(a, b textvec.Term) int { return int(int64(a.ID) - int64(b.ID)) })
		return v
	}
	var tb pairTable
	for range 200 {
		vocab := 100 + r.Intn(2000)
		a, b := vec(r.Intn(100), vocab), vec(r.Intn(100), vocab)
		tb.load(a, b)
		for range 20 {
			v := vec(r.Intn(100), vocab)
			da, db := tb.dots(v)
			if da != textvec.Dot(v, a) || db != textvec.Dot(v, b) {
				t.Fatalf("dots = %v, %v; Dot gives %v, %v", da, db, textvec.Dot(v, a), textvec.Dot(v, b))
			}
		}
	}
}

// TestMeanOfSumsAsMerges checks that meanOf's hashed sums are bit for bit
// those of summing the vectors with sorted merges in order.
func TestMeanOfSumsAsMerges(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for range 100 {
		vocab := 50 + r.Intn(3000)
		vs := make([]textvec.Vector, r.Intn(300))
		for i := range vs {
			n := r.Intn(min(100, vocab))
			v := textvec.Vector{}
			for _, id := range r.Perm(vocab)[:n] {
				v = append(v, textvec.Term{ID: uint32(id) * 2654435761, W: r.Float32()})
			}
			slices.SortFunc(v, func(a, b textvec.Term) int { return int(int64(a.ID) - int64(b.ID)) })
			vs[i] = v
		}
		var want textvec.Vector
		for _, v := range vs {
			want = blendInto(nil, want, 1, v, 1)
		}
		if len(vs) > 0 {
			for i := range want {
				want[i].W *= 1 / float32(len(vs))
			}
		}
		want = heaviest(want, 100)
		if got := meanOf(vs, 100); !slices.Equal(got, want) {
			t.Fatalf("meanOf of %d vectors differs from the merged sum", len(vs))
		}
	}
}
