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
	distinct := 0
	for i := range hs {
		if i == 0 || hs[i] != hs[i-1] {
			distinct++
		}
	}
	b := bag{hashes: make([]uint64, 0, distinct), counts: make([]uint32, 0, distinct)}
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

// feature is a candidate feature and the number of bags it is in.
type feature struct {
	hash uint64
	df   int32
}

// shardBits splits the feature hashes into 1<<shardBits shards, by the hash bits
// just below the kind, for counting in parallel.
const shardBits = 8

// selectFeatures returns the hashes found in at least minDF bags, at most limit
// of them, with their document frequencies. They are ordered by falling document
// frequency (ties by hash), which is also the order of feature indices: common
// features then share cache lines in the solver and in Predict, and a limit keeps
// the most common ones.
func selectFeatures(ctx context.Context, bags []bag, minDF, limit, workers int) (hashes []uint64, df []int32, err error) {
	shard := func(h uint64) uint64 { return h << 2 >> (64 - shardBits) }
	var sizes [1 << shardBits]int
	for _, b := range bags {
		for _, h := range b.hashes {
			sizes[shard(h)]++
		}
	}
	shards := make([][]uint64, len(sizes))
	for s, n := range sizes {
		shards[s] = make([]uint64, 0, n)
	}
	for _, b := range bags {
		for _, h := range b.hashes {
			shards[shard(h)] = append(shards[shard(h)], h)
		}
	}
	counted := make([][]feature, len(shards))
	err = parallel(ctx, len(shards), workers, func(lo, hi int) {
		for s := lo; s < hi; s++ {
			counted[s] = countFeatures(shards[s], minDF)
			shards[s] = nil
		}
	})
	if err != nil {
		return nil, nil, err
	}
	fs := slices.Concat(counted...)
	slices.SortFunc(fs, func(a, b feature) int { return cmp.Or(cmp.Compare(b.df, a.df), cmp.Compare(a.hash, b.hash)) })
	fs = fs[:min(len(fs), limit)]
	hashes, df = make([]uint64, len(fs)), make([]int32, len(fs))
	for i, f := range fs {
		hashes[i], df[i] = f.hash, f.df
	}
	return hashes, df, nil
}

// countFeatures sorts hs and returns the distinct hashes that occur at least
// minDF times, with their counts.
func countFeatures(hs []uint64, minDF int) []feature {
	slices.Sort(hs)
	var fs []feature
	for i := 0; i < len(hs); {
		j := i + 1
		for j < len(hs) && hs[j] == hs[i] {
			j++
		}
		if j-i >= minDF {
			fs = append(fs, feature{hs[i], int32(j - i)})
		}
		i = j
	}
	return fs
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

// tfTable holds tfWeight for small counts, the common case.
var tfTable = func() (t [64]float32) {
	for c := 1; c < len(t); c++ {
		t[c] = 1 + float32(math.Log(float64(c)))
	}
	return t
}()

// tfWeight is the sublinear term frequency 1 + ln(count), for count >= 1.
func tfWeight(count uint32) float32 {
	if count < uint32(len(tfTable)) {
		return tfTable[count]
	}
	return 1 + float32(math.Log(float64(count)))
}

// entry is one non-zero of a row.
type entry struct {
	j int32
	v float32
}

// vectorize turns bags into L2-normalised TF-IDF rows over the vocabulary, with
// entries in ascending feature order, computing rows on up to workers goroutines.
func vectorize(ctx context.Context, bags []bag, voc *vocab, idf []float32, workers int) (*matrix, error) {
	rows := make([][]entry, len(bags))
	err := parallel(ctx, len(bags), workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			rows[i] = tfidfRow(bags[i], voc, idf)
		}
	})
	if err != nil {
		return nil, err
	}
	total := 0
	for _, row := range rows {
		total += len(row)
	}
	m := &matrix{ptr: make([]int, 1, len(bags)+1), idx: make([]int32, 0, total), val: make([]float32, 0, total)}
	for i, row := range rows {
		for _, e := range row {
			m.idx = append(m.idx, e.j)
			m.val = append(m.val, e.v)
		}
		m.ptr = append(m.ptr, len(m.idx))
		rows[i] = nil
	}
	return m, nil
}

// tfidfRow returns the L2-normalised TF-IDF entries of b, by feature.
func tfidfRow(b bag, voc *vocab, idf []float32) []entry {
	row := make([]entry, 0, len(b.hashes))
	var norm float64
	for k, h := range b.hashes {
		if j := voc.index(h); j >= 0 {
			v := tfWeight(b.counts[k]) * idf[j]
			row = append(row, entry{j, v})
			norm += float64(v) * float64(v)
		}
	}
	slices.SortFunc(row, func(a, b entry) int { return cmp.Compare(a.j, b.j) })
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for k := range row {
			row[k].v *= inv
		}
	}
	return row
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
