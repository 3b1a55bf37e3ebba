package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
)

func (s *server) listSources(w http.ResponseWriter, r *http.Request) error {
	srcs, err := s.Store.Sources(r.Context())
	if err != nil {
		return wrap("list sources", err)
	}
	if srcs == nil {
		srcs = []*herald.Source{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": srcs})
	return nil
}

func (s *server) getSource(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	src, err := s.Store.Source(r.Context(), id)
	if err != nil {
		return wrap("get source", err)
	}
	out := sourceDetail{Source: src}
	sub, err := s.Store.Subscription(r.Context(), id)
	switch {
	case err == nil:
		out.WebSub = &webSubView{State: string(sub.State), Hub: sub.HubURL, ExpiresAt: sub.ExpiresAt,
			LastPushAt: sub.LastPushAt, LastError: sub.LastError}
	case herald.ErrorCode(err) != herald.ENOTFOUND:
		return wrap("get source subscription", err)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// sourceDetail is one source with how its WebSub subscription stands.
type sourceDetail struct {
	*herald.Source
	WebSub *webSubView `json:"websub,omitempty"` // absent when the feed names no hub
}

// webSubView is a subscription without its credentials (token, secret).
type webSubView struct {
	State      string    `json:"state"` // pending, active, denied, expired, unsubscribing
	Hub        string    `json:"hub"`
	ExpiresAt  time.Time `json:"expires_at,omitzero"`
	LastPushAt time.Time `json:"last_push_at,omitzero"`
	LastError  string    `json:"last_error,omitempty"`
}

// addSource answers POST /api/v1/sources {"url"}: 201 with the new source.
// Only those auth.MayAddSources admits may add (403).
func (s *server) addSource(w http.ResponseWriter, r *http.Request) error {
	if err := auth.MayAddSources(auth.UserFrom(r.Context()), s.ReadersAddSources); err != nil {
		return err
	}
	var req struct {
		URL string `json:"url"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	if strings.TrimSpace(req.URL) == "" {
		return herald.Errorf(herald.EINVALID, "url: required")
	}
	if s.AddSource == nil {
		return herald.Errorf(herald.EUNAVAILABLE, "adding sources is not enabled on this server")
	}
	src, err := s.AddSource(r.Context(), strings.TrimSpace(req.URL))
	if err != nil {
		return wrap("add source", err)
	}
	writeJSON(w, http.StatusCreated, src)
	return nil
}

// deleteSource answers DELETE /api/v1/sources/{id} for administrators: the
// source and every story of it go (saved copies included); 204.
func (s *server) deleteSource(w http.ResponseWriter, r *http.Request) error {
	if err := auth.RequireAdmin(auth.UserFrom(r.Context()), "delete sources"); err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	if err := s.Store.DeleteSource(r.Context(), id); err != nil {
		return wrap("delete source", err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
