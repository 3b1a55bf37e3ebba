package feedout

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/heraldnews/herald"
)

// forYou is the reader's ranked feed, in rank order.
func (s *server) forYou(ctx context.Context, r *http.Request, u *herald.User, base string) (*feed, error) {
	if s.Feed == nil {
		return nil, herald.Errorf(herald.ENOTFOUND, "no For-you feed here")
	}
	items, _, err := s.Feed.Feed(ctx, herald.FeedQuery{UserID: u.ID, Limit: Size})
	if err != nil {
		return nil, fmt.Errorf("for-you feed: %w", err)
	}
	stories := make([]*herald.Story, len(items))
	for i, it := range items {
		stories[i] = it.Story
	}
	return newFeed(r, base, "Herald: for "+u.Name, "The stories that matter to "+u.Name+", ranked by Herald.", base+"/", stories), nil
}

// topic is a topic's newest stories. A topic merged into another answers
// with the other's feed.
func (s *server) topic(ctx context.Context, r *http.Request, _ *herald.User, base string) (*feed, error) {
	t, err := s.Store.TopicBySlug(ctx, r.PathValue("slug"))
	if err != nil {
		return nil, fmt.Errorf("topic feed: %w", err)
	}
	page, err := s.Store.Stories(ctx, herald.StoryFilter{TopicSlug: t.Slug, Limit: Size})
	if err != nil {
		return nil, fmt.Errorf("topic feed: %w", err)
	}
	return newFeed(r, base, "Herald: "+t.Name, "The newest stories about "+t.Name+".", base+"/topics/"+pathEscape(t.Slug), page.Items), nil
}

// source is a source's newest stories.
func (s *server) source(ctx context.Context, r *http.Request, _ *herald.User, base string) (*feed, error) {
	id, err := idParam(r)
	if err != nil {
		return nil, err
	}
	src, err := s.Store.Source(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("source feed: %w", err)
	}
	page, err := s.Store.Stories(ctx, herald.StoryFilter{SourceID: id, Limit: Size})
	if err != nil {
		return nil, fmt.Errorf("source feed: %w", err)
	}
	title := src.Title
	if title == "" {
		title = src.URL
	}
	return newFeed(r, base, "Herald: "+title, "The newest stories of "+title+".", fmt.Sprintf("%s/sources/%d", base, id), page.Items), nil
}

// cluster is a story cluster's stories, newest first: every outlet's report
// of one story, as it develops.
func (s *server) cluster(ctx context.Context, r *http.Request, _ *herald.User, base string) (*feed, error) {
	id, err := idParam(r)
	if err != nil {
		return nil, err
	}
	byCluster, err := s.Store.StoriesOfClusters(ctx, []int64{id}, maxCluster)
	if err != nil {
		return nil, fmt.Errorf("cluster feed: %w", err)
	}
	stories := byCluster[id]
	if len(stories) == 0 {
		return nil, herald.Errorf(herald.ENOTFOUND, "no story cluster %d", id)
	}
	headline := stories[0].Title
	slices.Reverse(stories)
	stories = stories[:min(len(stories), Size)]
	ids := make([]int64, len(stories))
	for i, st := range stories {
		ids[i] = st.ID
	}
	// StoriesOfClusters leaves topics out; the reader's stories carry them.
	full, err := s.Store.ReaderStories(ctx, 0, ids)
	if err != nil {
		return nil, fmt.Errorf("cluster feed: %w", err)
	}
	return newFeed(r, base, "Herald: "+headline, "Every outlet's report of one story: "+strings.TrimSpace(headline)+".",
		fmt.Sprintf("%s/clusters/%d", base, id), full), nil
}
