package cluster

import (
	"math/rand"
	"testing"
)

// TestSignUnrolledHash checks sign's unrolled shingle hash against
// shingleHash, for texts shorter and longer than a shingle.
func TestSignUnrolledHash(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, n := range []int{1, 2, 3, 4, 5, 9, 600} {
		ids := make([]uint32, n)
		for i := range ids {
			ids[i] = r.Uint32()
		}
		var want Signature
		for i := range want {
			want[i] = emptyBin
		}
		for i := 0; i < max(1, n-ShingleWords+1); i++ {
			h := shingleHash(ids[i:min(i+ShingleWords, n)])
			if bin, v := h>>(64-7), uint32(h)>>1; v < want[bin] {
				want[bin] = v
			}
		}
		want.densify()
		if got, ok := sign(ids); !ok || got != want {
			t.Errorf("%d ids: sign differs from hashing each shingle with shingleHash", n)
		}
	}
}
