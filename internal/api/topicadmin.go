package api

import (
	"net/http"
	"strings"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
)

// requireAdmin returns EFORBIDDEN unless the caller is an administrator.
func requireAdmin(r *http.Request, what string) error {
	return auth.RequireAdmin(auth.UserFrom(r.Context()), what)
}

// renameTopic answers PATCH /api/v1/topics/{slug} {"name","kind"}: an admin
// corrects a topic's name or kind. The slug never changes.
func (s *server) renameTopic(w http.ResponseWriter, r *http.Request) error {
	if err := requireAdmin(r, "rename topics"); err != nil {
		return err
	}
	var req struct {
		Name *string `json:"name"`
		Kind string  `json:"kind"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	slug := r.PathValue("slug")
	name := ""
	if req.Name != nil {
		name = *req.Name
	} else {
		if req.Kind == "" {
			return herald.Errorf(herald.EINVALID, "name or kind: send at least one")
		}
		t, err := s.Store.TopicBySlug(r.Context(), slug)
		if err != nil {
			return wrap("rename topic", err)
		}
		name = t.Name
	}
	t, err := s.Store.RenameTopic(r.Context(), slug, name, req.Kind)
	if err != nil {
		return wrap("rename topic", err)
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

// mergeTopic answers POST /api/v1/topics/{slug}/merge {"into"}: an admin folds
// the topic into another; the answer is the topic that remains.
func (s *server) mergeTopic(w http.ResponseWriter, r *http.Request) error {
	if err := requireAdmin(r, "merge topics"); err != nil {
		return err
	}
	var req struct {
		Into string `json:"into"`
	}
	if err := decode(w, r, &req); err != nil {
		return err
	}
	into := strings.TrimSpace(req.Into)
	if into == "" {
		return herald.Errorf(herald.EINVALID, "into: the slug of the topic to keep is required")
	}
	t, err := s.Store.MergeTopic(r.Context(), r.PathValue("slug"), into)
	if err != nil {
		return wrap("merge topic", err)
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}
