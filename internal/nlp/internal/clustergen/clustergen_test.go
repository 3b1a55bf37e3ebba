package main

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestJacobi(t *testing.T) {
	// A symmetric matrix with eigenvalues 1, 3 and 4.
	a := []float64{
		2, 1, 0,
		1, 2, 0,
		0, 0, 4,
	}
	orig := append([]float64(nil), a...)
	vals, vecs := jacobi(a, 3)
	for e := 0; e < 3; e++ {
		// A v = lambda v for column e.
		for i := 0; i < 3; i++ {
			var av float64
			for k := 0; k < 3; k++ {
				av += orig[i*3+k] * vecs[k*3+e]
			}
			if math.Abs(av-vals[e]*vecs[i*3+e]) > 1e-9 {
				t.Fatalf("eigenpair %d: (Av)[%d] = %v, want %v", e, i, av, vals[e]*vecs[i*3+e])
			}
		}
	}
	sum := vals[0] + vals[1] + vals[2]
	if math.Abs(sum-8) > 1e-9 {
		t.Errorf("eigenvalues sum to %v, want 8", sum)
	}
}

func TestKMeansSeparatesGroups(t *testing.T) {
	const dims = 4
	rng := rand.New(rand.NewPCG(1, 2))
	var vecs []float32
	for i := 0; i < 40; i++ {
		v := make([]float32, dims)
		v[i%2*2] = 1 // two groups: along axis 0 or axis 2
		for d := range v {
			v[d] += 0.05 * float32(rng.NormFloat64())
		}
		normalise(v)
		vecs = append(vecs, v...)
	}
	paths := cluster(vecs, dims, []int{2})
	for i := 2; i < 40; i++ {
		if paths[i] != paths[i%2] {
			t.Fatalf("vector %d in cluster %q, want %q like vector %d", i, paths[i], paths[i%2], i%2)
		}
	}
	if paths[0] == paths[1] {
		t.Errorf("both groups in cluster %q", paths[0])
	}
}

func TestReduceKeepsStructure(t *testing.T) {
	// Rows 0-1 share columns 0-2, rows 2-3 share columns 3-5.
	m := &sparse{rows: 4, cols: 6, ptr: []int{0, 3, 6, 9, 12}}
	for r := 0; r < 4; r++ {
		for c := 0; c < 3; c++ {
			m.idx = append(m.idx, int32(r/2*3+c))
			m.val = append(m.val, float32(1+c))
		}
	}
	v := reduce(m, 2, 2, 1, 0.5)
	for r := 0; r < 4; r++ {
		normalise(v[r*2 : r*2+2])
	}
	if s := dot(v[0:2], v[2:4]); s < 0.99 {
		t.Errorf("rows 0 and 1 similarity %v, want about 1", s)
	}
	if s := dot(v[0:2], v[4:6]); math.Abs(float64(s)) > 0.01 {
		t.Errorf("rows 0 and 2 similarity %v, want about 0", s)
	}
}
