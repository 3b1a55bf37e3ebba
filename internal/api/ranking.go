package api

import (
	"net/http"
	"strconv"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/rank"
)

// rankRoutes are the routes of the learning feed: why a story is in the
// feed, the reader's ranking settings, and mutes beyond topics.
func (s *server) rankRoutes() map[string]route {
	return map[string]route{
		"GET /api/v1/feed/why/{id}":           {h: s.feedWhy},
		"GET /api/v1/headlines":               {h: s.headlines},
		"GET /api/v1/me/ranking":              {h: s.getRanking},
		"PUT /api/v1/me/ranking":              {h: s.putRanking},
		"PUT /api/v1/mutes/sources/{id}":      {h: s.muteTarget(herald.MuteSource)},
		"DELETE /api/v1/mutes/sources/{id}":   {h: s.unmuteTarget(herald.MuteSource)},
		"PUT /api/v1/mutes/authors/{name}":    {h: s.muteTarget(herald.MuteAuthor)},
		"DELETE /api/v1/mutes/authors/{name}": {h: s.unmuteTarget(herald.MuteAuthor)},
		"PUT /api/v1/mutes/clusters/{id}":     {h: s.muteTarget(herald.MuteCluster)},
		"DELETE /api/v1/mutes/clusters/{id}":  {h: s.unmuteTarget(herald.MuteCluster)},
	}
}

// ranking returns the learning feed, or ENOTFOUND when this server has none.
func (s *server) ranking() (*rank.Personal, error) {
	if s.Ranking == nil {
		return nil, herald.Errorf(herald.ENOTFOUND, "this server has no ranked feed")
	}
	return s.Ranking, nil
}

// feedWhy answers why a story is (or would be) in the reader's feed: the
// item with its reasons and explain list.
func (s *server) feedWhy(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	rk, err := s.ranking()
	if err != nil {
		return err
	}
	it, err := rk.Why(r.Context(), userID(r), id)
	if err != nil {
		return wrap("why", err)
	}
	writeJSON(w, http.StatusOK, it)
	return nil
}

// headlines answers the biggest story clusters now, per section.
func (s *server) headlines(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit", 5, 1, 50)
	if err != nil {
		return err
	}
	rk, err := s.ranking()
	if err != nil {
		return err
	}
	secs, err := rk.Headlines(r.Context(), userID(r), r.URL.Query().Get("section"), limit)
	if err != nil {
		return wrap("headlines", err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"sections": secs})
	return nil
}

func (s *server) getRanking(w http.ResponseWriter, r *http.Request) error {
	rk, err := s.ranking()
	if err != nil {
		return err
	}
	wt, err := rk.Settings(r.Context(), userID(r))
	if err != nil {
		return wrap("ranking settings", err)
	}
	writeJSON(w, http.StatusOK, wt)
	return nil
}

// putRanking stores the reader's weights: a preset's name alone picks its
// weights; "custom" with weights sets them.
func (s *server) putRanking(w http.ResponseWriter, r *http.Request) error {
	rk, err := s.ranking()
	if err != nil {
		return err
	}
	wt, err := rk.Settings(r.Context(), userID(r))
	if err != nil {
		return wrap("ranking settings", err)
	}
	if err := decode(w, r, &wt); err != nil {
		return err
	}
	if wt, err = rk.SaveSettings(r.Context(), userID(r), wt); err != nil {
		return wrap("save ranking settings", err)
	}
	writeJSON(w, http.StatusOK, wt)
	return nil
}

// muteTarget mutes a source, author or cluster, optionally until ?until=.
func (s *server) muteTarget(kind string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		target, err := targetParam(r, kind)
		if err != nil {
			return err
		}
		until, err := untilParam(r)
		if err != nil {
			return err
		}
		if kind == herald.MuteSource {
			id, _ := strconv.ParseInt(target, 10, 64)
			if _, err := s.Store.Source(r.Context(), id); err != nil {
				return wrap("mute source", err)
			}
		}
		if err := s.Store.MuteTarget(r.Context(), userID(r), herald.MuteTarget{Kind: kind, Target: target, Until: until}); err != nil {
			return wrap("mute "+kind, err)
		}
		body := map[string]any{"muted": true, "kind": kind, "target": target}
		if !until.IsZero() {
			body["until"] = until
		}
		writeJSON(w, http.StatusOK, body)
		return nil
	}
}

func (s *server) unmuteTarget(kind string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		target, err := targetParam(r, kind)
		if err != nil {
			return err
		}
		if err := s.Store.UnmuteTarget(r.Context(), userID(r), kind, target); err != nil {
			return wrap("unmute "+kind, err)
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

// targetParam reads what a mute route names: an id, or an author's name.
func targetParam(r *http.Request, kind string) (string, error) {
	if kind == herald.MuteAuthor {
		name := r.PathValue("name")
		if name == "" || len(name) > 200 {
			return "", herald.Errorf(herald.EINVALID, "name: want an author's name")
		}
		return name, nil
	}
	id, err := idParam(r, "id")
	if err != nil {
		return "", err
	}
	return strconv.FormatInt(id, 10), nil
}
