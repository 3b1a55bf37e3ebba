package cluster

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/heraldnews/herald/internal/textvec"
)

// duplicate returns the cluster of the earlier story f nearly duplicates (the
// most similar; the earliest on ties) and the estimated Jaccard similarity, or
// nil. It sets f.dupOf.
func (e *Engine) duplicate(f *features) (*cluster, float64) {
	if !f.hasSig {
		return nil, 0
	}
	var best *features
	bestJ := 0.0
	e.dups.candidates(&f.sig, func(m *features) {
		if e.byStory[m.story] == nil { // closed, not swept yet
			return
		}
		// The most similar; the earliest on ties.
		j := Jaccard(&f.sig, &m.sig)
		if j >= e.cfg.DupThreshold && (j > bestJ || best != nil && j == bestJ && m.story < best.story) {
			best, bestJ = m, j
		}
	})
	if best == nil {
		return nil, 0
	}
	f.dupOf = best.story
	return e.byStory[best.story], bestJ
}

func (c *cluster) member(story int64) *features {
	i, ok := slices.BinarySearchFunc(c.members, story, func(m *features, id int64) int { return cmp.Compare(m.story, id) })
	if !ok {
		return nil
	}
	return c.members[i]
}

// scored is a candidate cluster with its score for the story at hand.
type scored struct {
	c     *cluster
	score float64
}

// bestCluster returns the highest-scoring candidate cluster that f may join
// (score at least Threshold, guards passed) with its score and its mean with
// f in it, or nil.
func (e *Engine) bestCluster(f *features, cands []scored) (*cluster, float64, textvec.Vector) {
	th := e.threshold()
	for _, s := range cands {
		if s.score < th {
			break
		}
		if mean, ok := e.mayJoin(s.c, f); ok {
			return s.c, s.score, mean
		}
	}
	return nil, 0, nil
}

// threshold is the least score for a story to join a cluster (or to bring
// two together) now: Threshold, raised while the document frequencies have
// seen few stories (coldThreshold). It depends only on how many stories the
// table has counted, which the store keeps, so a restored engine decides as
// the old one would have.
func (e *Engine) threshold() float64 {
	return coldThreshold(e.cfg.Threshold, e.cfg.ColdDocs, e.fz.df.Docs())
}

// coldThreshold scales th by c(cold)/c(docs), c(n) = 1 + ln((1+n)/2), while
// docs < cold. c(n) is how much more a term found in one of n documents
// weighs than a term found in all of them: the contrast idf can give. With
// little contrast, words every story uses count almost as much as the words
// that make a story what it is, and the cosine of unrelated stories is
// inflated: on WikiRef186 their mean cosine is 0.146 among 3 documents,
// 0.047 among 16 and 0.013 among 186, and this schedule with cold 50 raises
// the threshold by about that excess (README.md, "Cold start").
func coldThreshold(th float64, cold, docs int) float64 {
	if docs >= cold || docs < 1 {
		return th
	}
	contrast := func(n int) float64 { return 1 + math.Log((1+float64(n))/2) }
	return th * contrast(cold) / contrast(docs)
}

// candidates looks up the open clusters indexed under f's heaviest terms and
// its topics, keeps the MaxCandidates with most hits (ties: lower id) and
// returns them scored, best first (ties: lower id).
func (e *Engine) candidates(f *features) []scored {
	clear(e.hits)
	look := func(id uint32) {
		ids := e.livePosting(id)
		if len(ids) > maxPosting {
			return // in too many clusters to tell them apart
		}
		for _, cid := range ids {
			e.hits[cid]++
		}
	}
	for _, t := range f.look {
		look(t.ID)
	}
	for _, t := range f.topics {
		look(t.ID)
	}
	counted := e.counted[:0]
	for id, n := range e.hits {
		counted = append(counted, hit{id, n})
	}
	slices.SortFunc(counted, func(a, b hit) int {
		if c := cmp.Compare(b.n, a.n); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	e.counted = counted
	out := make([]scored, 0, min(len(counted), e.cfg.MaxCandidates))
	for _, h := range counted[:min(len(counted), e.cfg.MaxCandidates)] {
		c := e.open[h.id]
		out = append(out, scored{c, e.scoreCluster(f.vec, f.topics, c) * e.timeFactor(f.at, c)})
	}
	slices.SortStableFunc(out, func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.c.id, b.c.id)
	})
	return out
}

// maxPosting: a term or topic listed under more open clusters than this
// looks nothing up (like a stop word, it tells clusters apart poorly and
// would make every lookup slow).
const maxPosting = 256

// hit is a candidate cluster with the number of index entries it matched.
type hit struct {
	id int64
	n  int
}

// scoreCluster scores a story against c. The text cosine is divided by c's
// coherence raised to CoherencePower. At −1 the text score is the dot product
// with the members' mean, which is the story's mean cosine with the members:
// average-link similarity. At 1, a story as close to a loose cluster's mean as
// its members are on average scores like one close to a tight cluster's mean.
func (e *Engine) scoreCluster(vec, topics textvec.Vector, c *cluster) float64 {
	text := cosineN(vec, c.centroid, c.cnorm)
	if e.cfg.CoherencePower != 0 && c.cnorm > 0 {
		text /= math.Pow(min(1, c.cnorm), e.cfg.CoherencePower)
	}
	if len(topics) == 0 {
		return text
	}
	return (1-e.cfg.TopicShare)*text + e.cfg.TopicShare*cosineN(topics, c.topics, c.tnorm)
}

// score mixes the text and topic cosines. Without topics on the story's
// side, the text alone decides; topics the cluster lacks count against it.
func (e *Engine) score(vec, topics, cvec, ctopics textvec.Vector) float64 {
	text := cosine(vec, cvec)
	if len(topics) == 0 {
		return text
	}
	return (1-e.cfg.TopicShare)*text + e.cfg.TopicShare*cosine(topics, ctopics)
}

// timeFactor is exp(−gap/TimeScale), gap being how far at lies outside the
// cluster's time span; 1 when either side has no time.
func (e *Engine) timeFactor(at time.Time, c *cluster) float64 {
	if at.IsZero() || c.first.IsZero() || e.cfg.TimeScale <= 0 {
		return 1
	}
	var gap time.Duration
	switch {
	case at.Before(c.first):
		gap = c.first.Sub(at)
	case at.After(c.last):
		gap = at.Sub(c.last)
	}
	return math.Exp(-float64(gap) / float64(e.cfg.TimeScale))
}

// mayJoin is the chaining guard: the cluster is below MaxSize and stays
// coherent with f in it. It returns c's mean with f in it, for join.
func (e *Engine) mayJoin(c *cluster, f *features) (textvec.Vector, bool) {
	if len(c.members) >= e.cfg.MaxSize {
		return nil, false
	}
	mean := e.withMember(c, f)
	return mean, norm(mean) >= e.cfg.MinCoherence
}

// withMember is c's mean vector with f added.
func (e *Engine) withMember(c *cluster, f *features) textvec.Vector {
	n := float32(len(c.members))
	return heaviest(blend(c.centroid, n/(n+1), f.vec, 1/(n+1)), e.cfg.CentroidTerms)
}

// join adds f to c: means, times, the indexes, the headline. mean is c's
// mean with f in it when the caller has it (mayJoin), else nil.
func (e *Engine) join(c *cluster, f *features, mean textvec.Vector) {
	n := float32(len(c.members))
	if mean == nil {
		mean = e.withMember(c, f)
	}
	c.centroid = mean
	c.topics = heaviest(blend(c.topics, n/(n+1), f.topics, 1/(n+1)), maxClusterTopics)
	c.norms()
	c.members = append(c.members, f) // ids increase: members stay sorted
	c.lastSeq = f.seq
	c.widen(f.at)
	e.byStory[f.story] = c
	if f.hasSig {
		e.dups.add(f)
	}
	e.index(c, f)
	c.updateHeadline(f)
	e.log.touch(c.id)
	e.log.member(f.story)
}

// maxClusterTopics bounds the topics a cluster keeps.
const maxClusterTopics = 32

func (c *cluster) widen(at time.Time) {
	if at.IsZero() {
		return
	}
	if c.first.IsZero() || at.Before(c.first) {
		c.first = at
	}
	if at.After(c.last) {
		c.last = at
	}
}

// updateHeadline keeps the headline after f joined: a full pick while the
// cluster is small and each time its size doubles; in between, f takes over
// only if it is closer to the new mean than the headline is.
func (c *cluster) updateHeadline(f *features) {
	n := len(c.members)
	if n <= 8 || n&(n-1) == 0 {
		c.pickHeadline()
		return
	}
	if h := c.member(c.headline); h == nil || textvec.Dot(f.vec, c.centroid) > textvec.Dot(h.vec, c.centroid) {
		c.headline = f.story
	}
}

// pickHeadline makes the member closest to the mean the headline, the
// earliest on ties.
func (c *cluster) pickHeadline() {
	best := -2.0
	for _, m := range c.members {
		if s := textvec.Dot(m.vec, c.centroid); s > best {
			best, c.headline = s, m.story
		}
	}
}
