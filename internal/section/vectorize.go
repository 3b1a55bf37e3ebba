package section

import (
	"cmp"
	"context"
	"math"
	"slices"
	"sync"
)

// bag is one document's distinct feature hashes, ascending, with their counts.
type bag struct {
	hashes []uint64
	counts []uint32
}

// matrix is a sparse row-major (CSR) matrix of L2-normalised TF-IDF rows; row i
// holds idx[ptr[i]:ptr[i+1]] (ascending) and the matching val.
type matrix struct {
	ptr []int
	idx []int32
	val []float32
}

func (m *matrix) rows() int { return len(m.ptr) - 1 }

// newBag sorts hs in place and run-length encodes it.
func newBag(hs []uint64) bag {
	slices.Sort(hs)
	var b bag
	for i := 0; i < len(hs); {
		j := i + 1
		for j < len(hs) && hs[j] == hs[i] {
			j++
		}
		b.hashes = append(b.hashes, hs[i])
		b.counts = append(b.counts, uint32(j-i))
		i = j
	}
	return b
}

// extractBags extracts every example's features, spreading the work over workers.
func extractBags(ctx context.Context, examples []Example, cfg featureConfig, workers int) ([]bag, error) {
	bags := make([]bag, len(examples))
	err := parallel(ctx, len(examples), workers, func(lo, hi int) {
		e := &extractor{cfg: cfg}
		var hs []uint64
		for i := lo; i < hi; i++ {
			hs = e.features(hs[:0], examples[i].Title, examples[i].Text)
			bags[i] = newBag(hs)
		}
	})
	return bags, err
}

// selectFeatures returns, ascending, the hashes found in at least minDF bags, with
// their document frequencies. When more than limit qualify, it keeps the limit
// most frequent ones.
func selectFeatures(bags []bag, minDF, limit int) (hashes []uint64, df []int32) {
	var total int
	for _, b := range bags {
		total += len(b.hashes)
	}
	all := make([]uint64, 0, total)
	for _, b := range bags {
		all = append(all, b.hashes...)
	}
	slices.Sort(all)
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j] == all[i] {
			j++
		}
		if j-i >= minDF {
			hashes = append(hashes, all[i])
			df = append(df, int32(j-i))
		}
		i = j
	}
	if len(hashes) > limit {
		hashes, df = mostFrequent(hashes, df, limit)
	}
	return hashes, df
}

// mostFrequent keeps the limit hashes with the highest document frequency (ties
// broken by hash, so the choice is deterministic), in ascending hash order.
func mostFrequent(hashes []uint64, df []int32, limit int) ([]uint64, []int32) {
	order := make([]int, len(hashes))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(df[b], df[a]), cmp.Compare(hashes[a], hashes[b]))
	})
	order = order[:limit]
	slices.Sort(order)
	h, d := make([]uint64, limit), make([]int32, limit)
	for i, o := range order {
		h[i], d[i] = hashes[o], df[o]
	}
	return h, d
}

// idfWeights gives each feature its smoothed inverse document frequency
// ln((1+n)/(1+df)) + 1, which stays positive so that a feature in every document
// still counts a little.
func idfWeights(df []int32, n int) []float32 {
	idf := make([]float32, len(df))
	for i, d := range df {
		idf[i] = float32(math.Log(float64(1+n)/float64(1+d)) + 1)
	}
	return idf
}

// tfWeight is the sublinear term frequency 1 + ln(count).
func tfWeight(count uint32) float32 {
	return 1 + float32(math.Log(float64(count)))
}

// vectorize turns bags into L2-normalised TF-IDF rows over the vocabulary.
func vectorize(bags []bag, voc *vocab, idf []float32) *matrix {
	m := &matrix{ptr: make([]int, 1, len(bags)+1)}
	for _, b := range bags {
		start := len(m.idx)
		var norm float64
		for k, h := range b.hashes {
			j := voc.index(h)
			if j < 0 {
				continue
			}
			v := tfWeight(b.counts[k]) * idf[j]
			m.idx = append(m.idx, j)
			m.val = append(m.val, v)
			norm += float64(v) * float64(v)
		}
		if norm > 0 {
			inv := float32(1 / math.Sqrt(norm))
			for k := start; k < len(m.val); k++ {
				m.val[k] *= inv
			}
		}
		m.ptr = append(m.ptr, len(m.idx))
	}
	return m
}

// parallel runs fn over [0,n) split into contiguous chunks, on up to workers
// goroutines, and returns ctx's error if ctx ended before all chunks started.
func parallel(ctx context.Context, n, workers int, fn func(lo, hi int)) error {
	chunk := max(1, min(256, n/(4*max(1, workers))))
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, workers) {
		wg.Go(func() {
			for lo := range next {
				fn(lo, min(n, lo+chunk))
			}
		})
	}
	var err error
	for lo := 0; lo < n; lo += chunk {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- lo
	}
	close(next)
	wg.Wait()
	return err
}
