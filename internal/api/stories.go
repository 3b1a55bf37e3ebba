package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/rank"
)

func (s *server) listStories(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit", 50, 1, 200)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := herald.StoryFilter{Limit: limit, Cursor: q.Get("cursor"), TopicSlug: q.Get("topic"), Query: q.Get("q"),
		UserID: userID(r)}
	f.Unread, f.Saved = q.Get("unread") == "true", q.Get("saved") == "true"
	if v := q.Get("source"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return herald.Errorf(herald.EINVALID, "source: want a source id, got %q", v)
		}
		f.SourceID = id
	}
	page, err := s.Store.Stories(r.Context(), f)
	if err == nil {
		page.Items, err = s.withClusters(r.Context(), f.UserID, page.Items, q.Get("collapse") != "false")
	}
	if err != nil {
		return wrap("list stories", err)
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

func (s *server) getStory(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	st, err := s.Store.Story(r.Context(), id)
	if err != nil {
		return wrap("get story", err)
	}
	states, err := s.Store.StoryStates(r.Context(), userID(r), []int64{id})
	if err != nil {
		return wrap("get story", err)
	}
	st.Read, st.Saved = states[id].Read, states[id].Saved
	if _, err := s.withClusters(r.Context(), userID(r), []*herald.Story{st}, false); err != nil {
		return wrap("get story", err)
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

// topicJSON is a Topic whose story_count is present even when 0: herald.Topic
// omits a zero count, which suits topics inside follows and mutes, not here.
type topicJSON struct {
	*herald.Topic
	StoryCount int `json:"story_count"`
}

func (s *server) listTopics(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit", 100, 1, 500)
	if err != nil {
		return err
	}
	ts, err := s.Store.Topics(r.Context(), herald.TopicFilter{Query: r.URL.Query().Get("q"), Limit: limit})
	if err != nil {
		return wrap("list topics", err)
	}
	items := make([]topicJSON, len(ts))
	for i, t := range ts {
		items[i] = topicJSON{t, t.StoryCount}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

func (s *server) getTopic(w http.ResponseWriter, r *http.Request) error {
	t, err := s.Store.TopicBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return wrap("get topic", err)
	}
	writeJSON(w, http.StatusOK, topicJSON{t, t.StoryCount})
	return nil
}

func (s *server) feed(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit", 50, 1, 200)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	q := herald.FeedQuery{UserID: userID(r), Limit: limit, Cursor: v.Get("cursor"), Order: v.Get("order"),
		Explain: v.Get("explain") == "1" || v.Get("explain") == "true"}
	if q.Order != "" && q.Order != rank.OrderLatest && q.Order != "ranked" {
		return herald.Errorf(herald.EINVALID, "order: want latest or ranked, got %q", q.Order)
	}
	items, next, err := s.Feed.Feed(r.Context(), q)
	if err == nil {
		err = s.feedClusters(r.Context(), q.UserID, items)
	}
	if err != nil {
		return wrap("feed", err)
	}
	if items == nil {
		items = []herald.FeedItem{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "next_cursor": next})
	return nil
}

// feedClusters sets the cluster ref of each feed item and its story.
func (s *server) feedClusters(ctx context.Context, userID int64, items []herald.FeedItem) error {
	stories := make([]*herald.Story, len(items))
	for i, it := range items {
		stories[i] = it.Story
	}
	if _, err := s.withClusters(ctx, userID, stories, false); err != nil {
		return err
	}
	for i := range items {
		items[i].Cluster = items[i].Story.Cluster
	}
	return nil
}
