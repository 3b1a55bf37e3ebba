package main

import (
	"encoding/json"
	"os"

	"github.com/heraldnews/herald/internal/cluster/evalset"
	"github.com/heraldnews/herald/internal/textvec"
)

// baseline scores the reference method the goals are stated against: TF-IDF
// (idf over the whole file, title and text) with average-link agglomerative
// clustering cut at each of a range of thresholds, offline.
func baseline(items []evalset.Item) error {
	df := textvec.NewDF()
	counts := make([]map[uint32]int, len(items))
	for i, it := range items {
		counts[i] = textvec.Counts(it.Title + "\n" + it.Text)
		df.Add(counts[i])
	}
	vecs := make([]textvec.Vector, len(items))
	for i := range items {
		vecs[i] = df.Weigh(counts[i])
	}
	n := len(items)
	sim := make([][]float64, n)
	for i := range sim {
		sim[i] = make([]float64, n)
		for j := range sim[i] {
			sim[i][j] = textvec.Dot(vecs[i], vecs[j])
		}
	}
	enc := json.NewEncoder(os.Stdout)
	for th := 0.02; th < 0.5; th += 0.02 {
		ids := averageLink(sim, th)
		rep := evalset.Score(ids, items)
		if err := enc.Encode(map[string]any{"baseline_threshold": th, "bcubed_f1": rep.BCubedF1, "nmi": rep.NMI, "clusters": rep.Clusters}); err != nil {
			return err
		}
	}
	return nil
}

// averageLink merges the two clusters with the highest mean pairwise
// similarity until it falls below th; it returns each item's cluster.
func averageLink(sim [][]float64, th float64) []int64 {
	n := len(sim)
	members := make([][]int, n)
	for i := range members {
		members[i] = []int{i}
	}
	for {
		bi, bj, best := -1, -1, th
		for i := range members {
			for j := i + 1; j < len(members); j++ {
				s := 0.0
				for _, a := range members[i] {
					for _, b := range members[j] {
						s += sim[a][b]
					}
				}
				if s /= float64(len(members[i]) * len(members[j])); s >= best {
					bi, bj, best = i, j, s
				}
			}
		}
		if bi < 0 {
			break
		}
		members[bi] = append(members[bi], members[bj]...)
		members = append(members[:bj], members[bj+1:]...)
	}
	ids := make([]int64, n)
	for c, ms := range members {
		for _, m := range ms {
			ids[m] = int64(c + 1)
		}
	}
	return ids
}
