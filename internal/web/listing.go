package web

import (
	"context"
	"fmt"

	"github.com/heraldnews/herald"
)

// cardCluster is a card's story cluster: the story stands for the whole
// cluster in the list, with its outlets, its reason and a link to its "Full
// coverage".
type cardCluster struct {
	Href string
	Line string // "5 outlets · New development 20 min ago"
}

// collapse shows each story cluster once in a page of a listing: the one
// collapse the API uses too (herald.Collapse), with the clusters of the
// page's stories as the store gives them. Each kept story carries its
// cluster, for its card.
func (s *server) collapse(ctx context.Context, userID int64, stories []*herald.Story) ([]*herald.Story, error) {
	if len(stories) == 0 {
		return stories, nil
	}
	ids := make([]int64, len(stories))
	for i, st := range stories {
		ids[i] = st.ID
	}
	refs, err := s.Store.ClusterRefs(ctx, userID, ids)
	if err != nil {
		return nil, fmt.Errorf("story clusters: %w", err)
	}
	return herald.Collapse(stories, refs), nil
}

// listCards is cards for a listing: each story cluster once (collapse).
func (s *server) listCards(ctx context.Context, userID int64, stories []*herald.Story, next string) ([]storyCard, []*herald.Story, error) {
	kept, err := s.collapse(ctx, userID, stories)
	if err != nil {
		return nil, nil, err
	}
	cs, err := s.cards(ctx, userID, kept, next)
	return cs, kept, err
}

// collapseItems is collapse for feed items: it keeps the items whose story
// stands for its cluster, in order.
func (s *server) collapseItems(ctx context.Context, userID int64, items []herald.FeedItem) ([]herald.FeedItem, error) {
	var stories []*herald.Story
	for _, it := range items {
		if it.Story != nil {
			stories = append(stories, it.Story)
		}
	}
	kept, err := s.collapse(ctx, userID, stories)
	if err != nil {
		return nil, err
	}
	keep := make(map[*herald.Story]bool, len(kept))
	for _, st := range kept {
		keep[st] = true
	}
	out := make([]herald.FeedItem, 0, len(kept))
	for _, it := range items {
		if keep[it.Story] {
			out = append(out, it)
		}
	}
	return out, nil
}

// cardClusterOf is the card's view of a story's cluster; nil when the story
// is in none of two or more stories.
func cardClusterOf(st *herald.Story) *cardCluster {
	if st.Cluster == nil {
		return nil
	}
	return &cardCluster{Href: clusterHref(st.Cluster.ID), Line: refLine(st.Cluster)}
}
