package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/heraldnews/herald"
)

// feed shows one page of the reader's ranked feed; an empty first page shows what
// to do next instead.
func (s *server) feed(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	cursor := r.URL.Query().Get("cursor")
	items, next, err := s.Feed.Feed(r.Context(), herald.FeedQuery{UserID: u.ID, Limit: pageSize, Cursor: cursor, Now: s.now()})
	if err != nil {
		return fmt.Errorf("feed: %w", err)
	}
	p := &feedPage{layout: layout{Title: "Your feed", User: u, Nav: "feed"}, NextCursor: next, Later: cursor != ""}
	for _, it := range items {
		if it.Story != nil {
			p.Items = append(p.Items, s.card(it.Story, it.Reasons))
		}
	}
	if len(p.Items) == 0 && cursor == "" {
		if p.Empty, err = s.emptyState(r.Context(), u.ID, r.URL.RequestURI()); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, p)
}

// emptyState offers the topics with most stories, to follow on the spot, and the
// add-source form when sources can be added.
func (s *server) emptyState(ctx context.Context, userID int64, next string) (*emptyState, error) {
	rd, err := s.reader(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("empty feed: %w", err)
	}
	ts, err := s.Store.Topics(ctx, herald.TopicFilter{Limit: suggestTopics})
	if err != nil {
		return nil, fmt.Errorf("empty feed: suggest topics: %w", err)
	}
	e := &emptyState{FollowsAnything: len(rd.follows) > 0, CanAddSource: s.AddSource != nil}
	for _, t := range ts {
		e.Topics = append(e.Topics, s.topicRow(*t, rd, next))
	}
	return e, nil
}
