// Package api serves Herald's JSON API v1 under /api/v1/. Handlers return errors;
// one adapter turns a herald error code into an HTTP status and a JSON body
// {"error":{"code","message"}}. Every route but the health checks needs a user,
// from a bearer token or the browser session.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
)

// maxBody caps a request body.
const maxBody = 1 << 20

// Deps is what the API needs.
type Deps struct {
	Store herald.Store
	Feed  herald.FeedService
	Auth  *auth.Service
	Log   *slog.Logger
	// AddSource validates, stores and queues a first fetch of a feed URL.
	AddSource func(ctx context.Context, rawURL string) (*herald.Source, error)
	// ImportSource is AddSource for a source with a title, site and category
	// (from OPML); nil disables POST /api/v1/sources/opml. It returns ECONFLICT
	// when the source exists and EINVALID for a URL Herald will not fetch. See
	// ingest.Pipeline.ImportSource.
	ImportSource func(ctx context.Context, src herald.Source) (*herald.Source, error)
	// Push cleans, tags and stores a story a publisher pushed (s.SourceID set)
	// with the publisher's own topics, replacing *s with what was stored; nil
	// disables POST /api/v1/stories. See ingest.Pipeline.Push.
	Push func(ctx context.Context, s *herald.Story, topics []herald.Topic) (herald.UpsertResult, error)
}

type handlerFunc func(w http.ResponseWriter, r *http.Request) error

type server struct{ Deps }

// Register adds the API routes to mux.
func Register(mux *http.ServeMux, d Deps) {
	s := &server{d}
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	routes := map[string]handlerFunc{
		"GET /api/v1/stories":                  s.listStories,
		"GET /api/v1/stories/{id}":             s.getStory,
		"POST /api/v1/stories":                 s.pushStory,
		"DELETE /api/v1/stories/{id}":          s.retractStory,
		"GET /api/v1/stories/{id}/revisions":   s.storyRevisions,
		"GET /api/v1/topics":                   s.listTopics,
		"GET /api/v1/topics/{slug}":            s.getTopic,
		"PATCH /api/v1/topics/{slug}":          s.renameTopic,
		"POST /api/v1/topics/{slug}/merge":     s.mergeTopic,
		"GET /api/v1/follows":                  s.listFollows,
		"PUT /api/v1/follows/topics/{slug}":    s.followTopic,
		"DELETE /api/v1/follows/topics/{slug}": s.unfollowTopic,
		"PUT /api/v1/follows/sources/{id}":     s.followSource,
		"DELETE /api/v1/follows/sources/{id}":  s.unfollowSource,
		"GET /api/v1/mutes":                    s.listMutes,
		"PUT /api/v1/mutes/topics/{slug}":      s.muteTopic,
		"DELETE /api/v1/mutes/topics/{slug}":   s.unmuteTopic,
		"GET /api/v1/feed":                     s.feed,
		"POST /api/v1/events":                  s.postEvents,
		"GET /api/v1/sources":                  s.listSources,
		"POST /api/v1/sources":                 s.addSource,
		"GET /api/v1/sources/opml":             s.exportOPML,
		"POST /api/v1/sources/opml":            s.importOPML,
		"GET /api/v1/sources/{id}":             s.getSource,
		"GET /api/v1/me":                       s.me,
	}
	for pattern, h := range routes {
		mux.Handle(pattern, s.Auth.Middleware(s.authed(h)))
	}
	mux.Handle("/api/", s.adapt(noRoute(mux)))
}

// routeMethods are the methods API routes are registered with.
var routeMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// noRoute answers what no API route took: 405 with an Allow header when the path
// has routes for other methods, else 404. ServeMux's own 405 never fires under
// /api/, because the catch-all matches every method.
func noRoute(mux *http.ServeMux) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var allow []string
		for _, m := range routeMethods {
			probe := &http.Request{Method: m, URL: r.URL, Host: r.Host}
			if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/api/" {
				allow = append(allow, m)
			}
		}
		if len(allow) == 0 {
			return herald.Errorf(herald.ENOTFOUND, "no such API route")
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		msg := fmt.Sprintf("%s is not allowed here; use %s", r.Method, strings.Join(allow, " or "))
		writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": map[string]string{"code": "method_not_allowed", "message": msg}})
		return nil
	}
}

// authed rejects requests without a user with 401 before h runs.
func (s *server) authed(h handlerFunc) http.Handler {
	return s.adapt(func(w http.ResponseWriter, r *http.Request) error {
		if auth.UserFrom(r.Context()) == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="herald"`)
			return herald.Errorf(herald.EUNAUTHORIZED, "sign in or send Authorization: Bearer TOKEN")
		}
		return h(w, r)
	})
}

// adapt turns a handler that returns an error into an http.Handler.
func (s *server) adapt(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// statusOf maps an error code to an HTTP status.
func statusOf(code string) int {
	switch code {
	case herald.EINVALID:
		return http.StatusBadRequest
	case herald.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case herald.EFORBIDDEN:
		return http.StatusForbidden
	case herald.ENOTFOUND:
		return http.StatusNotFound
	case herald.ECONFLICT:
		return http.StatusConflict
	case herald.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

func (s *server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := herald.ErrorCode(err)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		code = herald.EINVALID
		err = herald.Errorf(code, "request body larger than %d bytes", mbe.Limit)
	}
	if code == herald.EINTERNAL {
		s.Log.ErrorContext(r.Context(), "api request failed", "method", r.Method, "path", r.URL.Path, "error", err)
	}
	body := map[string]any{"error": map[string]string{"code": code, "message": herald.ErrorMessage(err)}}
	writeJSON(w, statusOf(code), body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// decode reads a JSON body into v, with a size cap and unknown fields refused.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return herald.Errorf(herald.EINVALID, "request body: %v", err)
	}
	return nil
}

// intParam parses an optional integer query parameter within [min, max].
func intParam(r *http.Request, name string, def, min, max int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return 0, herald.Errorf(herald.EINVALID, "%s: want a whole number from %d to %d", name, min, max)
	}
	return n, nil
}

// idParam parses a positive int64 path value.
func idParam(r *http.Request, name string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, herald.Errorf(herald.EINVALID, "%s: want a positive whole number, got %q", name, r.PathValue(name))
	}
	return n, nil
}

func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *server) readyz(w http.ResponseWriter, r *http.Request) {
	if err := s.Store.Ping(r.Context()); err != nil {
		s.Log.WarnContext(r.Context(), "store not ready", "error", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *server) me(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, auth.UserFrom(r.Context()))
	return nil
}

func userID(r *http.Request) int64 { return auth.UserFrom(r.Context()).ID }

func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", op, err)
}
