package main

import (
	"math/rand/v2"
	"strconv"
)

// cluster splits the unit vectors into a tree with the given branching per
// level and returns each vector's path, one base-36 digit per level.
func cluster(vecs []float32, dims int, branches []int) []string {
	n := len(vecs) / dims
	paths := make([]string, n)
	members := make([]int, n)
	for i := range members {
		members[i] = i
	}
	split(vecs, dims, members, branches, paths, rand.New(rand.NewPCG(42, 42)))
	return paths
}

func split(vecs []float32, dims int, members []int, branches []int, paths []string, rng *rand.Rand) {
	if len(branches) == 0 || len(members) == 0 {
		return
	}
	k := min(branches[0], len(members))
	assign := kmeans(vecs, dims, members, k, rng)
	groups := make([][]int, k)
	for i, m := range members {
		groups[assign[i]] = append(groups[assign[i]], m)
	}
	for c, g := range groups {
		for _, m := range g {
			paths[m] += strconv.FormatInt(int64(c), 36)
		}
		split(vecs, dims, g, branches[1:], paths, rng)
	}
}

// kmeans runs spherical k-means (cosine similarity) on the member vectors
// with k-means++ seeding and returns each member's cluster.
func kmeans(vecs []float32, dims int, members []int, k int, rng *rand.Rand) []int {
	vec := func(m int) []float32 { return vecs[m*dims : (m+1)*dims] }
	cents := seed(vecs, dims, members, k, rng)
	assign := make([]int, len(members))
	for iter := 0; iter < 25; iter++ {
		changed := 0
		for i, m := range members {
			best, bestSim := 0, float32(-2)
			v := vec(m)
			for c := 0; c < k; c++ {
				if s := dot(v, cents[c*dims:(c+1)*dims]); s > bestSim {
					best, bestSim = c, s
				}
			}
			if assign[i] != best || iter == 0 {
				changed++
			}
			assign[i] = best
		}
		clear(cents)
		for i, m := range members {
			c := cents[assign[i]*dims : (assign[i]+1)*dims]
			for d, x := range vec(m) {
				c[d] += x
			}
		}
		for c := 0; c < k; c++ {
			normalise(cents[c*dims : (c+1)*dims])
		}
		if changed*1000 < len(members) {
			break
		}
	}
	return assign
}

// seed picks k starting centroids with k-means++ (distance 1 - cosine).
func seed(vecs []float32, dims int, members []int, k int, rng *rand.Rand) []float32 {
	cents := make([]float32, k*dims)
	dist := make([]float64, len(members))
	first := members[rng.IntN(len(members))]
	copy(cents, vecs[first*dims:(first+1)*dims])
	for i := range dist {
		dist[i] = 2
	}
	for c := 1; c < k; c++ {
		prev := cents[(c-1)*dims : c*dims]
		var sum float64
		for i, m := range members {
			d := 1 - float64(dot(vecs[m*dims:(m+1)*dims], prev))
			dist[i] = min(dist[i], max(d, 0))
			sum += dist[i]
		}
		r := rng.Float64() * sum
		pick := members[len(members)-1]
		for i, m := range members {
			r -= dist[i]
			if r <= 0 {
				pick = m
				break
			}
		}
		copy(cents[c*dims:], vecs[pick*dims:(pick+1)*dims])
	}
	return cents
}

func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return s0 + s1 + s2 + s3
}
