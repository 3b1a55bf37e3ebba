package api

import (
	"net/http"

	"github.com/heraldnews/herald"
)

// listLabels answers the reader's own labels: the tags feed reader apps
// put on stories (Google Reader's user/-/label/NAME), by name.
func (s *server) listLabels(w http.ResponseWriter, r *http.Request) error {
	names, err := s.Store.Labels(r.Context(), userID(r))
	if err != nil {
		return wrap("list labels", err)
	}
	items := make([]map[string]string, len(names))
	for i, n := range names {
		items[i] = map[string]string{"name": n}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

// labelStories answers the stories the reader gave a label, newest first,
// with their read and saved state.
func (s *server) labelStories(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit", 50, 1, 200)
	if err != nil {
		return err
	}
	q := herald.StreamQuery{UserID: userID(r), Label: r.PathValue("name"), Limit: limit, Cursor: r.URL.Query().Get("cursor")}
	refs, next, err := s.Store.ReaderStream(r.Context(), q)
	if err != nil {
		return wrap("label stories", err)
	}
	ids := make([]int64, len(refs))
	for i, ref := range refs {
		ids[i] = ref.ID
	}
	stories, err := s.Store.ReaderStories(r.Context(), userID(r), ids)
	if err == nil {
		stories, err = s.withClusters(r.Context(), userID(r), stories, false)
	}
	if err != nil {
		return wrap("label stories", err)
	}
	writeJSON(w, http.StatusOK, herald.StoryPage{Items: stories, NextCursor: next})
	return nil
}

// labelStory puts the reader's label on a story (PUT) or takes it off
// (DELETE).
func (s *server) labelStory(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	on := r.Method == http.MethodPut
	if err := s.Store.SetLabel(r.Context(), userID(r), r.PathValue("name"), []int64{id}, on); err != nil {
		return wrap("label story", err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
