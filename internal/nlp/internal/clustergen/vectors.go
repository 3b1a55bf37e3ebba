package main

import (
	"math"
	"slices"
	"sort"
)

// embed returns the vocabulary (by falling frequency) and one unit vector of
// o.dims floats per word, built from neighbour counts.
func embed(sents [][]string, o options) ([]string, []float32) {
	counts := map[string]int{}
	for _, s := range sents {
		for _, w := range s {
			counts[w]++
		}
	}
	vocab := make([]string, 0, len(counts))
	for w, c := range counts {
		if c >= o.minCount {
			vocab = append(vocab, w)
		}
	}
	sort.Slice(vocab, func(a, b int) bool {
		ca, cb := counts[vocab[a]], counts[vocab[b]]
		return ca > cb || ca == cb && vocab[a] < vocab[b]
	})
	if len(vocab) > o.maxVocab {
		vocab = vocab[:o.maxVocab]
	}
	index := make(map[string]int32, len(vocab))
	for i, w := range vocab {
		index[w] = int32(i)
	}
	nctx := min(o.contexts, len(vocab))
	offsets := o.offsets
	// cooc[w] maps context feature (offset slot * nctx + context word) to a count.
	cooc := make([]map[int32]float32, len(vocab))
	for i := range cooc {
		cooc[i] = map[int32]float32{}
	}
	ctxTotal := make([]float64, len(offsets)*nctx)
	for _, s := range sents {
		for i, w := range s {
			wi, ok := index[w]
			if !ok {
				continue
			}
			for k, off := range offsets {
				j := i + off
				if j < 0 || j >= len(s) {
					continue
				}
				ci, ok := index[s[j]]
				if !ok || int(ci) >= nctx {
					continue
				}
				key := int32(k*nctx) + ci
				cooc[wi][key]++
				ctxTotal[key]++
			}
		}
	}
	return vocab, project(cooc, ctxTotal, o.dims)
}

// project turns co-occurrence counts into a sparse PPMI matrix (context
// distribution smoothed with exponent 0.75, Levy et al. 2015), reduces it
// with a truncated SVD and normalises each word vector to unit length.
func project(cooc []map[int32]float32, ctxTotal []float64, dims int) []float32 {
	var sumAlpha float64
	for _, c := range ctxTotal {
		sumAlpha += math.Pow(c, 0.75)
	}
	m := &sparse{rows: len(cooc), cols: len(ctxTotal), ptr: make([]int, 1, len(cooc)+1)}
	for _, row := range cooc {
		var wTotal float64
		for _, c := range row {
			wTotal += float64(c)
		}
		keys := make([]int32, 0, len(row))
		for key := range row {
			keys = append(keys, key)
		}
		slices.Sort(keys)
		for _, key := range keys {
			pmi := math.Log(float64(row[key]) * sumAlpha / (wTotal * math.Pow(ctxTotal[key], 0.75)))
			if pmi > 0 {
				m.idx = append(m.idx, key)
				m.val = append(m.val, float32(pmi))
			}
		}
		m.ptr = append(m.ptr, len(m.idx))
	}
	vecs := reduce(m, dims, 20, 2, 0.5)
	for w := 0; w < m.rows; w++ {
		normalise(vecs[w*dims : (w+1)*dims])
	}
	return vecs
}

func normalise(v []float32) {
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	if n == 0 {
		return
	}
	s := float32(1 / math.Sqrt(n))
	for k := range v {
		v[k] *= s
	}
}
