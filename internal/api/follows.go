package api

import (
	"net/http"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/rank"
)

// maxEvents caps the reading signals in one request.
const maxEvents = 500

func (s *server) listFollows(w http.ResponseWriter, r *http.Request) error {
	fs, err := s.Store.Follows(r.Context(), userID(r))
	if err == nil {
		fs, err = s.followsWithClusters(r.Context(), userID(r), fs)
	}
	if err != nil {
		return wrap("list follows", err)
	}
	if fs == nil {
		fs = []herald.Follow{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": fs})
	return nil
}

func (s *server) followTopic(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	if err := s.Store.FollowTopic(r.Context(), userID(r), slug); err != nil {
		return wrap("follow topic", err)
	}
	t, err := s.Store.TopicBySlug(r.Context(), slug)
	if err != nil {
		return wrap("follow topic", err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"following": true, "topic": t})
	return nil
}

func (s *server) unfollowTopic(w http.ResponseWriter, r *http.Request) error {
	if err := s.Store.UnfollowTopic(r.Context(), userID(r), r.PathValue("slug")); err != nil {
		return wrap("unfollow topic", err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *server) followSource(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	if err := s.Store.FollowSource(r.Context(), userID(r), id); err != nil {
		return wrap("follow source", err)
	}
	src, err := s.Store.Source(r.Context(), id)
	if err != nil {
		return wrap("follow source", err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"following": true, "source": src})
	return nil
}

func (s *server) unfollowSource(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	if err := s.Store.UnfollowSource(r.Context(), userID(r), id); err != nil {
		return wrap("unfollow source", err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// listMutes answers the reader's topic mutes (items), their mutes of
// sources, authors and clusters (others), and how many stories of the
// last seven days their mutes hide (hidden_this_week).
func (s *server) listMutes(w http.ResponseWriter, r *http.Request) error {
	now := time.Now()
	ms, err := s.Store.Mutes(r.Context(), userID(r), now)
	if err != nil {
		return wrap("list mutes", err)
	}
	if ms == nil {
		ms = []herald.Mute{}
	}
	others, err := s.Store.MutedTargets(r.Context(), userID(r), now)
	if err != nil {
		return wrap("list mutes", err)
	}
	hidden, err := s.Store.MutedStories(r.Context(), userID(r), now.Add(-7*24*time.Hour), now)
	if err != nil {
		return wrap("list mutes", err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": ms, "others": others, "hidden_this_week": hidden})
	return nil
}

// untilParam reads a mute's ?until= (zero: for good).
func untilParam(r *http.Request) (time.Time, error) {
	v := r.URL.Query().Get("until")
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return t, herald.Errorf(herald.EINVALID, "until: want an RFC 3339 time such as 2026-12-01T09:00:00Z, got %q", v)
	}
	if !t.After(time.Now()) {
		return t, herald.Errorf(herald.EINVALID, "until: %s is in the past", v)
	}
	return t.UTC(), nil
}

func (s *server) muteTopic(w http.ResponseWriter, r *http.Request) error {
	until, err := untilParam(r)
	if err != nil {
		return err
	}
	if err := s.Store.MuteTopic(r.Context(), userID(r), r.PathValue("slug"), until); err != nil {
		return wrap("mute topic", err)
	}
	body := map[string]any{"muted": true, "slug": r.PathValue("slug")}
	if !until.IsZero() {
		body["until"] = until
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

func (s *server) unmuteTopic(w http.ResponseWriter, r *http.Request) error {
	if err := s.Store.UnmuteTopic(r.Context(), userID(r), r.PathValue("slug")); err != nil {
		return wrap("unmute topic", err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *server) postEvents(w http.ResponseWriter, r *http.Request) error {
	var events []herald.Event
	if err := decode(w, r, &events); err != nil {
		return err
	}
	if len(events) == 0 {
		return herald.Errorf(herald.EINVALID, "events: want a non-empty JSON array")
	}
	if len(events) > maxEvents {
		return herald.Errorf(herald.EINVALID, "events: at most %d per request, got %d", maxEvents, len(events))
	}
	now := time.Now().UTC()
	for i := range events {
		if err := checkEvent(&events[i], i, now); err != nil {
			return err
		}
	}
	if err := rank.Record(r.Context(), s.Store, s.Ranking, userID(r), events); err != nil {
		return wrap("record events", err)
	}
	writeJSON(w, http.StatusAccepted, map[string]int{"accepted": len(events)})
	return nil
}

// checkEvent validates one event and fills a missing time with now.
func checkEvent(e *herald.Event, i int, now time.Time) error {
	switch {
	case e.StoryID <= 0:
		return herald.Errorf(herald.EINVALID, "events[%d].story_id: want a story id", i)
	case !herald.ValidEventKind(e.Kind):
		return herald.Errorf(herald.EINVALID, "events[%d].kind: %q is not one of impression, open, read, save, hide, share, more_like, less_like", i, e.Kind)
	case e.DwellMS < 0:
		return herald.Errorf(herald.EINVALID, "events[%d].dwell_ms: must not be negative", i)
	}
	if e.At.IsZero() || e.At.After(now.Add(5*time.Minute)) {
		e.At = now
	}
	return nil
}
