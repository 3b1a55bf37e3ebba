package cluster

import (
	"cmp"
	"slices"

	"github.com/heraldnews/herald/internal/textvec"
)

// closeEvery is how often (in stories) the engine looks for quiet clusters.
const closeEvery = 32

// closeQuiet closes the clusters that have been quiet for longer than the
// window, by arrival count or by story time.
func (e *Engine) closeQuiet() {
	if e.seq%closeEvery != 0 {
		return
	}
	var quiet []int64
	for id, c := range e.open {
		byCount := e.seq-c.lastSeq > int64(e.cfg.WindowDocs)
		byTime := !c.last.IsZero() && e.maxAt.Sub(c.last) > e.cfg.Window
		if byCount || byTime {
			quiet = append(quiet, id)
		}
	}
	slices.Sort(quiet)
	for _, id := range quiet {
		e.close(e.open[id])
	}
}

// close forgets c: it takes no more stories, and its final row goes to the log.
func (e *Engine) close(c *cluster) {
	e.log.closing(e.row(c, false), c)
	e.forget(c)
}

// forget removes c and its members from memory; their index entries go
// when a lookup or a sweep finds them dead.
func (e *Engine) forget(c *cluster) {
	for _, m := range c.members {
		if e.byStory[m.story] == c {
			delete(e.byStory, m.story)
		}
	}
	delete(e.open, c.id)
	e.live.clear(c.id)
}

// drift merges c with one of the clusters f was compared with when c has
// grown into it, and splits c when it holds two stories; it returns the
// cluster f ends up in.
func (e *Engine) drift(c *cluster, f *features, near []scored) *cluster {
	c = e.mergeNear(c, near)
	if n := len(c.members); n >= e.cfg.SplitMinSize && n-c.checkedAt >= splitInterval(e.cfg.SplitEvery, n) {
		c.checkedAt = n
		if other := e.split(c); other != nil && e.byStory[f.story] == other {
			return other
		}
	}
	return e.byStory[f.story]
}

// splitInterval is how much a cluster of n stories grows between split
// checks: every stories, or an every-th of its size once that is more. A
// check costs time in proportion to n, so checks of a large cluster come
// further apart and each story pays a bounded share (a cluster under
// every² stories is checked exactly as every alone says).
func splitInterval(every, n int) int {
	return max(every, n/max(every, 1))
}

// mergeNear merges c with the best of the near clusters whose mean scores at
// least MergeThreshold against c's, when the union passes the guards. Only
// clusters the story itself scored at least the join threshold with are considered:
// the story is what brought the two together. The older cluster (lower id)
// survives; it returns the survivor.
func (e *Engine) mergeNear(c *cluster, near []scored) *cluster {
	if len(c.members) < 2 {
		return c
	}
	var pairs []scored
	th := e.threshold()
	for _, s := range near {
		if s.score < th {
			break
		}
		if s.c != c && e.open[s.c.id] == s.c {
			pairs = append(pairs, scored{s.c, e.score(c.centroid, c.topics, s.c.centroid, s.c.topics)})
		}
	}
	slices.SortFunc(pairs, func(a, b scored) int {
		if x := cmp.Compare(b.score, a.score); x != 0 {
			return x
		}
		return cmp.Compare(a.c.id, b.c.id)
	})
	for _, s := range pairs {
		if s.score < e.cfg.MergeThreshold {
			break
		}
		if len(s.c.members)+len(c.members) > e.cfg.MaxSize {
			continue
		}
		keep, gone := c, s.c
		if gone.id < keep.id {
			keep, gone = gone, keep
		}
		merged := mergedMean(keep, gone, e.cfg.CentroidTerms)
		if norm(merged) < e.cfg.MinCoherence {
			continue
		}
		e.absorb(keep, gone, merged)
		return keep
	}
	return c
}

// mergedMean is the size-weighted mean of two clusters' means.
func mergedMean(a, b *cluster, k int) textvec.Vector {
	na, nb := float32(len(a.members)), float32(len(b.members))
	return heaviest(blend(a.centroid, na/(na+nb), b.centroid, nb/(na+nb)), k)
}

// absorb moves gone's members into keep and retires gone.
func (e *Engine) absorb(keep, gone *cluster, merged textvec.Vector) {
	na, nb := float32(len(keep.members)), float32(len(gone.members))
	keep.centroid = merged
	keep.topics = heaviest(blend(keep.topics, na/(na+nb), gone.topics, nb/(na+nb)), maxClusterTopics)
	keep.norms()
	keep.members = append(keep.members, gone.members...)
	slices.SortFunc(keep.members, func(a, b *features) int { return cmp.Compare(a.story, b.story) })
	for _, m := range gone.members {
		e.byStory[m.story] = keep
		e.index(keep, m)
		e.log.member(m.story)
	}
	keep.widen(gone.first)
	keep.widen(gone.last)
	keep.lastSeq = max(keep.lastSeq, gone.lastSeq)
	keep.pickHeadline()
	delete(e.open, gone.id)
	e.live.clear(gone.id)
	e.log.merged(gone.id, keep.id)
	e.log.touch(keep.id)
}
