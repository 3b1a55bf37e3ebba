package cluster

import (
	"slices"

	"github.com/heraldnews/herald/internal/textvec"
)

// splitRounds is how many 2-means rounds a split check runs.
const splitRounds = 5

// split divides c in two when 2-means finds two groups whose means score below
// SplitThreshold against each other, each of at least two stories. The group
// holding c's earliest story keeps c's id; the other becomes a new cluster,
// which split returns (nil when c stays whole).
func (e *Engine) split(c *cluster) *cluster {
	inA, ma, mb := twoMeans(c, e.cfg.CentroidTerms)
	a, b := partition(c.members, inA)
	if len(a) < 2 || len(b) < 2 {
		return nil
	}
	if ma == nil {
		ma, mb = meanOf(vectors(a), e.cfg.CentroidTerms), meanOf(vectors(b), e.cfg.CentroidTerms)
	}
	ta, tb := meanOf(topicVectors(a), maxClusterTopics), meanOf(topicVectors(b), maxClusterTopics)
	if e.score(ma, ta, mb, tb) >= e.cfg.SplitThreshold {
		return nil
	}
	if b[0].story < a[0].story {
		a, b, ma, mb, ta, tb = b, a, mb, ma, tb, ta
	}
	e.unindex(c)
	c.members, c.centroid, c.topics = a, ma, ta
	c.reset()
	o := e.newCluster()
	o.members, o.centroid, o.topics = b, mb, tb
	o.reset()
	o.checkedAt = len(b)
	c.checkedAt = len(a)
	for _, m := range a {
		e.index(c, m)
	}
	for _, m := range b {
		e.index(o, m)
		e.byStory[m.story] = o
		e.log.member(m.story)
	}
	e.log.touch(c.id)
	e.log.touch(o.id)
	return o
}

// reset recomputes what derives from the members and means: times, norms,
// headline, last arrival.
func (c *cluster) reset() {
	c.norms()
	c.first, c.last = c.members[0].at, c.members[0].at
	for _, m := range c.members {
		c.widen(m.at)
		c.lastSeq = max(c.lastSeq, m.seq)
	}
	c.pickHeadline()
}

// twoMeans assigns each member of c to group A or B: seeds are the headline
// (A) and the member least like the mean (B, the earliest on ties). It stops
// early once an assignment repeats the last one (every later round would
// repeat it too) and then also returns the two groups' means, which that
// round started from; otherwise ma and mb are nil.
func twoMeans(c *cluster, k int) (inA []bool, ma, mb textvec.Vector) {
	var t pairTable
	t.load(c.centroid, nil)
	seedB, low := 0, 2.0
	for i, m := range c.members {
		if s, _ := t.dots(m.vec); s < low {
			seedB, low = i, s
		}
	}
	ca := c.member(c.headline).vec
	cb := c.members[seedB].vec
	inA = make([]bool, len(c.members))
	last := make([]bool, len(c.members))
	for round := range splitRounds {
		t.load(ca, cb)
		for i, m := range c.members {
			da, db := t.dots(m.vec)
			inA[i] = da >= db
		}
		if round > 0 && slices.Equal(inA, last) { // ca, cb are this partition's means
			return inA, ca, cb
		}
		if round == splitRounds-1 { // its means would go unused
			break
		}
		a, b := partition(c.members, inA)
		if len(a) == 0 || len(b) == 0 {
			break
		}
		ca, cb = meanOf(vectors(a), k), meanOf(vectors(b), k)
		copy(last, inA)
	}
	return inA, nil, nil
}

func partition(ms []*features, inA []bool) (a, b []*features) {
	for i, m := range ms {
		if inA[i] {
			a = append(a, m)
		} else {
			b = append(b, m)
		}
	}
	return a, b
}

func vectors(ms []*features) []textvec.Vector {
	out := make([]textvec.Vector, len(ms))
	for i, m := range ms {
		out[i] = m.vec
	}
	return out
}

func topicVectors(ms []*features) []textvec.Vector {
	out := make([]textvec.Vector, len(ms))
	for i, m := range ms {
		out[i] = m.topics
	}
	return out
}
