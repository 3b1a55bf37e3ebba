package cluster

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/heraldnews/herald"
)

// Apply applies ch to the state, as a store must apply it to what it keeps;
// it is the reference for the Store contract and what tests check stores
// against. It returns an error carrying herald.ECONFLICT, and changes
// nothing, when ch was not made from this state (ch.BaseSeq != s.Meta.Seq).
// State holds open clusters only: rows that ch closes leave it, with their
// members (a store keeps them, closed, for reading).
func (s *State) Apply(ch Changes) error {
	if ch.BaseSeq != s.Meta.Seq {
		return fmt.Errorf("cluster: apply changes from seq %d to state at seq %d: %w", ch.BaseSeq, s.Meta.Seq,
			herald.Errorf(herald.ECONFLICT, "the clustering state moved on; reload it"))
	}
	s.Meta = ch.Meta
	rows := map[int64]Cluster{}
	for _, c := range s.Clusters {
		rows[c.ID] = c
	}
	for _, m := range ch.Merges {
		delete(rows, m.From)
	}
	for _, c := range ch.Clusters {
		rows[c.ID] = c
	}
	members := map[int64]Member{}
	for _, m := range s.Members {
		members[m.StoryID] = m
	}
	for _, m := range ch.Members {
		members[m.StoryID] = m
	}
	s.Clusters = make([]Cluster, 0, len(rows))
	for _, c := range rows {
		if c.Open {
			s.Clusters = append(s.Clusters, c)
		}
	}
	s.Members = make([]Member, 0, len(members))
	for _, m := range members {
		if r, ok := rows[m.ClusterID]; ok && r.Open {
			s.Members = append(s.Members, m)
		}
	}
	slices.SortFunc(s.Clusters, func(a, b Cluster) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(s.Members, func(a, b Member) int { return cmp.Compare(a.StoryID, b.StoryID) })
	return nil
}
