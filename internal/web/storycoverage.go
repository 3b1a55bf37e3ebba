package web

import (
	"context"
	"fmt"

	"github.com/heraldnews/herald"
)

// On a story's page: how many other stories of its cluster "More on this
// story" lists (the rest are on the cluster's page), and how many related
// stories (sharing its salient topics, outside its cluster) it shows.
const (
	moreOnStory    = 6
	relatedOnStory = 5
)

// coverageView is the story's cluster as its page links to it: "Full
// coverage" with the outlets and reason, and the follow button.
type coverageView struct {
	Href      string
	Headline  string
	Line      string // "5 outlets · New development 20 min ago"
	Unlisted  int    // its other stories that More leaves out
	Following bool
	Next      string
}

// coverage fills the story page's "More on this story" (the other stories
// of its cluster, by other outlets first) and "Related stories".
func (s *server) coverage(ctx context.Context, userID int64, st *herald.Story, p *storyPage) error {
	refs, err := s.Store.ClusterRefs(ctx, userID, []int64{st.ID})
	if err != nil {
		return fmt.Errorf("story %d: %w", st.ID, err)
	}
	if ref := refs[st.ID]; ref != nil {
		if err := s.moreOnStory(ctx, userID, st, ref, p); err != nil {
			return err
		}
	}
	related, err := s.Store.RelatedStories(ctx, userID, st.ID, relatedOnStory)
	if err != nil {
		return fmt.Errorf("story %d: %w", st.ID, err)
	}
	p.Story.Related, err = s.cards(ctx, userID, related, p.Story.Next)
	return err
}

func (s *server) moreOnStory(ctx context.Context, userID int64, st *herald.Story, ref *herald.ClusterRef, p *storyPage) error {
	c, err := s.Store.Cluster(ctx, userID, ref.ID)
	if herald.IsNotFound(err) {
		return nil // its stories went out of sight since the ref was read
	}
	if err != nil {
		return fmt.Errorf("story %d: %w", st.ID, err)
	}
	v := &coverageView{Href: clusterHref(c.ID), Headline: st.Title, Line: refLine(ref), Following: c.Following, Next: p.Story.Next}
	if c.Headline != nil {
		v.Headline = c.Headline.Title
	}
	p.Story.Coverage = v
	var others, same []*herald.Story
	for _, o := range c.Stories {
		switch {
		case o.ID == st.ID:
		case o.Source.ID != st.Source.ID:
			others = append(others, o)
		default:
			same = append(same, o)
		}
	}
	more := append(others, same...)
	v.Unlisted = len(more) - min(moreOnStory, len(more))
	p.Story.More, err = s.cards(ctx, userID, more[:len(more)-v.Unlisted], p.Story.Next)
	return err
}
