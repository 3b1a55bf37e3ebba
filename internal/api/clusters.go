package api

import (
	"context"
	"net/http"
	"slices"

	"github.com/heraldnews/herald"
)

// withClusters sets the cluster ref of each story and, when collapse is
// set, keeps one story per cluster (herald.Collapse).
func (s *server) withClusters(ctx context.Context, userID int64, stories []*herald.Story, collapse bool) ([]*herald.Story, error) {
	if stories == nil {
		stories = []*herald.Story{}
	}
	ids := make([]int64, len(stories))
	for i, st := range stories {
		ids[i] = st.ID
	}
	refs, err := s.Store.ClusterRefs(ctx, userID, ids)
	if err != nil {
		return nil, err
	}
	out := herald.Collapse(stories, refs)
	if !collapse {
		return stories, nil // every story, each with its ref
	}
	return out, nil
}

func (s *server) listClusters(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit", 20, 1, 200)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	cs, next, err := s.Store.ListClusters(r.Context(), herald.ClusterQuery{UserID: userID(r), Topic: q.Get("topic"),
		Limit: limit, Cursor: q.Get("cursor")})
	if err != nil {
		return wrap("list clusters", err)
	}
	if cs == nil {
		cs = []*herald.Cluster{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": cs, "next_cursor": next})
	return nil
}

func (s *server) getCluster(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	c, err := s.Store.Cluster(r.Context(), userID(r), id)
	if err != nil {
		return wrap("get cluster", err)
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *server) followCluster(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	if err := s.Store.FollowCluster(r.Context(), userID(r), id); err != nil {
		return wrap("follow cluster", err)
	}
	c, err := s.Store.Cluster(r.Context(), userID(r), id)
	if err != nil {
		return wrap("follow cluster", err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"following": true, "cluster": c})
	return nil
}

func (s *server) unfollowCluster(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	if err := s.Store.UnfollowCluster(r.Context(), userID(r), id); err != nil {
		return wrap("unfollow cluster", err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *server) relatedStories(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	limit, err := intParam(r, "limit", 10, 1, 50)
	if err != nil {
		return err
	}
	stories, err := s.Store.RelatedStories(r.Context(), userID(r), id, limit)
	if err == nil {
		stories, err = s.withClusters(r.Context(), userID(r), stories, false)
	}
	if err != nil {
		return wrap("related stories", err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": stories})
	return nil
}

// followsWithClusters adds the reader's followed clusters to their other
// follows, newest first.
func (s *server) followsWithClusters(ctx context.Context, userID int64, fs []herald.Follow) ([]herald.Follow, error) {
	cs, err := s.Store.FollowedClusters(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := append(fs, cs...)
	slices.SortStableFunc(out, func(a, b herald.Follow) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return out, nil
}
