package rank

import (
	"cmp"
	"slices"
)

// mmrWindow is how many of the best remaining candidates each pick of
// maximal marginal relevance looks at; mmrItems is how many positions the
// diversity rules place (the first pages), the rest following by score.
const (
	mmrWindow = 20
	mmrItems  = 60
)

// Order arranges scored candidates into the feed, best first, under the
// diversity rules: one story per cluster (the best scored), at most
// w.SourceCap stories of one source in each page of pageSize (scaled from
// a page of 10), and maximal marginal relevance over topics within a page:
// each pick maximises score − w.Diversity × (its topic overlap with the
// page so far). A candidate held back by its source's cap comes on a later
// page; when only capped sources remain, they fill the page.
func Order(sc []Scored, w Weights, pageSize int) []Scored {
	slices.SortStableFunc(sc, func(a, b Scored) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(b.Doc.ID, a.Doc.ID)
	})
	rest := onePerCluster(sc)
	capN := max(1, (w.SourceCap*pageSize+9)/10)
	out := make([]Scored, 0, len(rest))
	for len(rest) > 0 && len(out) < mmrItems {
		page := out[len(out)-len(out)%pageSize:]
		i := pick(rest, page, capN, w.Diversity)
		out = append(out, rest[i])
		rest = slices.Delete(rest, i, i+1)
	}
	return append(out, rest...)
}

// onePerCluster keeps the first (best) story of each cluster, and every
// story of a cluster the reader follows (its developments are what they
// asked for).
func onePerCluster(sc []Scored) []Scored {
	seen := map[int64]bool{}
	out := make([]Scored, 0, len(sc))
	for _, s := range sc {
		if c := s.Doc.ClusterID; c != 0 && s.FollowCluster == 0 {
			if seen[c] {
				continue
			}
			seen[c] = true
		}
		out = append(out, s)
	}
	return out
}

// pick returns the index in rest of the next item of page.
func pick(rest, page []Scored, capN int, lambda float64) int {
	perSource := map[int64]int{}
	for _, s := range page {
		perSource[s.Doc.SourceID]++
	}
	best, bestV := -1, 0.0
	for i := 0; i < len(rest) && i < mmrWindow; i++ {
		if perSource[rest[i].Doc.SourceID] >= capN {
			continue
		}
		v := rest[i].Score - lambda*overlap(&rest[i], page)
		if best < 0 || v > bestV {
			best, bestV = i, v
		}
	}
	if best < 0 {
		for i := range rest { // past the window: the best of an uncapped source
			if perSource[rest[i].Doc.SourceID] < capN {
				return i
			}
		}
		return 0
	}
	return best
}

// overlap is the largest topic overlap of s with a story of page: the
// salience-weighted share of s's topics that the other story carries too.
func overlap(s *Scored, page []Scored) float64 {
	var total float64
	for _, t := range s.Doc.Topics {
		total += t.Salience
	}
	if total == 0 {
		return 0
	}
	most := 0.0
	for i := range page {
		var shared float64
		for _, t := range s.Doc.Topics {
			for _, u := range page[i].Doc.Topics {
				if t.ID == u.ID && t.Slug == u.Slug {
					shared += t.Salience
					break
				}
			}
		}
		most = max(most, shared/total)
	}
	return most
}
