package cluster

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/textvec"
)

// row is c as a store keeps it.
func (e *Engine) row(c *cluster, open bool) Cluster {
	r := Cluster{
		ID: c.id, Headline: c.headline, Size: len(c.members), First: c.first, Last: c.last,
		Centroid: slices.Clone(c.centroid), Open: open, LastSeq: c.lastSeq, CheckedAt: c.checkedAt,
	}
	for _, t := range c.topics {
		r.Topics = append(r.Topics, herald.StoryTopic{Topic: e.topicInfo[t.ID], Salience: float64(t.W)})
	}
	return r
}

func memberRow(cluster int64, m *features) Member {
	return Member{StoryID: m.story, ClusterID: cluster, DuplicateOf: m.dupOf, Features: m.marshal()}
}

func (e *Engine) meta() Meta {
	df, _ := e.fz.df.MarshalBinary() // never fails
	return Meta{Seq: e.seq, LastStory: e.lastStory, NextClusterID: e.nextID, MaxTime: e.maxAt, DF: df}
}

// Flush returns what changed since the last Flush (or New, or Restore) and
// starts a new log. A caller that fails to store the Changes must not go on
// with this engine: it restores a new one from what the store holds.
func (e *Engine) Flush() Changes {
	ch := Changes{BaseSeq: e.log.base, Meta: e.meta(), Merges: e.log.merges}
	ch.Clusters = append(ch.Clusters, e.log.closed...)
	for id := range e.log.touched {
		if c := e.open[id]; c != nil {
			ch.Clusters = append(ch.Clusters, e.row(c, true))
		}
	}
	slices.SortFunc(ch.Clusters, func(a, b Cluster) int { return cmp.Compare(a.ID, b.ID) })
	ch.Members = append(ch.Members, e.log.closedMembers...)
	for story := range e.log.members {
		if c := e.byStory[story]; c != nil {
			ch.Members = append(ch.Members, memberRow(c.id, c.member(story)))
		}
	}
	slices.SortFunc(ch.Members, func(a, b Member) int { return cmp.Compare(a.StoryID, b.StoryID) })
	e.log.reset(e.seq)
	return ch
}

// Snapshot returns the engine's whole state: what Restore needs.
func (e *Engine) Snapshot() State {
	st := State{Meta: e.meta()}
	for _, c := range e.open {
		st.Clusters = append(st.Clusters, e.row(c, true))
		for _, m := range c.members {
			st.Members = append(st.Members, memberRow(c.id, m))
		}
	}
	slices.SortFunc(st.Clusters, func(a, b Cluster) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(st.Members, func(a, b Member) int { return cmp.Compare(a.StoryID, b.StoryID) })
	return st
}

// Restore returns an engine that goes on from st exactly as the engine that
// produced it would: the same decisions for the same stories. It ignores
// closed clusters in st and returns an error for members of clusters not in
// st, undecodable features or DF.
func Restore(cfg Config, st State) (*Engine, error) {
	e := New(cfg)
	m := st.Meta
	e.seq, e.lastStory, e.nextID, e.maxAt = m.Seq, m.LastStory, max(m.NextClusterID, 1), m.MaxTime
	if len(m.DF) > 0 {
		if err := e.fz.df.UnmarshalBinary(m.DF); err != nil {
			return nil, fmt.Errorf("cluster: restore: %w", err)
		}
	}
	for _, r := range st.Clusters {
		if r.Open {
			e.restoreCluster(r)
		}
	}
	members := slices.Clone(st.Members)
	slices.SortFunc(members, func(a, b Member) int { return cmp.Compare(a.StoryID, b.StoryID) })
	for _, mr := range members {
		c := e.open[mr.ClusterID]
		if c == nil {
			return nil, fmt.Errorf("cluster: restore: story %d is in cluster %d, which is not open", mr.StoryID, mr.ClusterID)
		}
		f, err := unmarshalFeatures(mr.StoryID, mr.Features)
		if err != nil {
			return nil, fmt.Errorf("cluster: restore story %d: %w", mr.StoryID, err)
		}
		f.dupOf = mr.DuplicateOf
		f.look = heaviest(slices.Clone(f.vec), cfg.LookupTerms)
		c.members = append(c.members, f)
		e.byStory[f.story] = c
		if f.hasSig {
			e.dups.add(f)
		}
		e.index(c, f)
	}
	for _, c := range e.open {
		if len(c.members) == 0 {
			return nil, fmt.Errorf("cluster: restore: cluster %d has no members", c.id)
		}
	}
	e.log.reset(e.seq)
	return e, nil
}

func (e *Engine) restoreCluster(r Cluster) {
	c := &cluster{
		id: r.ID, centroid: slices.Clone(r.Centroid), first: r.First, last: r.Last,
		lastSeq: r.LastSeq, headline: r.Headline, checkedAt: r.CheckedAt, indexed: map[uint32]struct{}{},
	}
	for _, t := range r.Topics {
		id := topicID(t.Slug)
		c.topics = append(c.topics, textvec.Term{ID: id, W: float32(t.Salience)})
		e.topicInfo[id] = t.Topic
	}
	slices.SortFunc(c.topics, func(a, b textvec.Term) int { return cmp.Compare(a.ID, b.ID) })
	c.norms()
	e.open[c.id] = c
	e.live.set(c.id)
}
