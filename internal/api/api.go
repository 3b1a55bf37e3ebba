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
	"maps"
	"net/http"
	"net/netip"
	"strconv"
	"strings"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/httperr"
	"github.com/heraldnews/herald/internal/rank"
)

// maxBody caps a request body.
const maxBody = 1 << 20

// Deps is what the API needs.
type Deps struct {
	Store herald.Store
	Feed  herald.FeedService
	Auth  *auth.Service
	Log   *slog.Logger // nil discards
	// AddSource validates, stores and queues a first fetch of a feed URL.
	AddSource func(ctx context.Context, rawURL string) (*herald.Source, error)
	// ImportSource is AddSource for a source with a title, site and category
	// (from OPML); nil disables POST /api/v1/sources/opml. It returns ECONFLICT
	// when the source exists and EINVALID for a URL Herald will not fetch. See
	// ingest.Pipeline.ImportSource.
	ImportSource func(ctx context.Context, src herald.Source) (*herald.Source, error)
	// ReadersAddSources lets readers, not only administrators, add sources
	// for the whole install (POST /api/v1/sources and /api/v1/sources/opml).
	ReadersAddSources bool
	// AllowNetworks are the private ranges webhooks may post to, as the
	// fetcher allows them (--allow-networks).
	AllowNetworks []netip.Prefix
	// Push cleans, tags and stores a story a publisher pushed (s.SourceID set)
	// with the publisher's own topics, replacing *s with what was stored; nil
	// disables POST /api/v1/stories. See ingest.Pipeline.Push.
	Push func(ctx context.Context, s *herald.Story, topics []herald.Topic) (herald.UpsertResult, error)
	// Ranking is the learning feed's model: events update it, and it answers
	// the why, settings, mute and headline routes (see ranking.go); nil
	// leaves events unlearned and those routes out.
	Ranking *rank.Personal
}

type handlerFunc func(w http.ResponseWriter, r *http.Request) error

type server struct{ Deps }

// route is one API route: its handler, and whether a publisher token may
// call it (a publisher token may push and retract its source's stories and
// call nothing else).
type route struct {
	h         handlerFunc
	publisher bool
}

// Register adds the API routes to mux. Every answer carries
// X-Content-Type-Options: nosniff; state-changing requests from another
// origin (a browser's cross-site request riding on the session cookie) get
// 403 with the JSON error body.
func Register(mux *http.ServeMux, d Deps) {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	s := &server{d}
	guard := http.NewCrossOriginProtection()
	guard.SetDenyHandler(s.adapt(crossOrigin))
	handle := func(pattern string, h http.Handler) { mux.Handle(pattern, noSniff(guard.Handler(h))) }
	handle("GET /healthz", http.HandlerFunc(s.healthz))
	handle("GET /readyz", http.HandlerFunc(s.readyz))
	handle(OpenAPIRoute, http.HandlerFunc(serveOpenAPI))
	for pattern, rt := range s.routes() {
		handle(pattern, s.Auth.Middleware(s.authed(rt)))
	}
	handle("/api/", s.adapt(noRoute(mux)))
}

// routes maps each API pattern to its route.
func (s *server) routes() map[string]route {
	m := map[string]route{
		"GET /api/v1/stories":                       {h: s.listStories},
		"GET /api/v1/stories/{id}":                  {h: s.getStory},
		"POST /api/v1/stories":                      {h: s.pushStory, publisher: true},
		"DELETE /api/v1/stories/{id}":               {h: s.retractStory, publisher: true},
		"GET /api/v1/stories/{id}/revisions":        {h: s.storyRevisions},
		"GET /api/v1/topics":                        {h: s.listTopics},
		"GET /api/v1/topics/{slug}":                 {h: s.getTopic},
		"PATCH /api/v1/topics/{slug}":               {h: s.renameTopic},
		"POST /api/v1/topics/{slug}/merge":          {h: s.mergeTopic},
		"GET /api/v1/follows":                       {h: s.listFollows},
		"PUT /api/v1/follows/topics/{slug}":         {h: s.followTopic},
		"DELETE /api/v1/follows/topics/{slug}":      {h: s.unfollowTopic},
		"PUT /api/v1/follows/sources/{id}":          {h: s.followSource},
		"DELETE /api/v1/follows/sources/{id}":       {h: s.unfollowSource},
		"GET /api/v1/mutes":                         {h: s.listMutes},
		"PUT /api/v1/mutes/topics/{slug}":           {h: s.muteTopic},
		"DELETE /api/v1/mutes/topics/{slug}":        {h: s.unmuteTopic},
		"GET /api/v1/feed":                          {h: s.feed},
		"POST /api/v1/events":                       {h: s.postEvents},
		"GET /api/v1/sources":                       {h: s.listSources},
		"POST /api/v1/sources":                      {h: s.addSource},
		"GET /api/v1/sources/opml":                  {h: s.exportOPML},
		"POST /api/v1/sources/opml":                 {h: s.importOPML},
		"GET /api/v1/sources/{id}":                  {h: s.getSource},
		"GET /api/v1/tokens":                        {h: s.listTokens},
		"POST /api/v1/tokens":                       {h: s.createToken},
		"DELETE /api/v1/tokens/{id}":                {h: s.revokeToken},
		"GET /api/v1/me":                            {h: s.me},
		"POST /api/v1/me/feed-key":                  {h: s.resetFeedKey},
		"GET /api/v1/labels":                        {h: s.listLabels},
		"GET /api/v1/labels/{name}/stories":         {h: s.labelStories},
		"PUT /api/v1/labels/{name}/stories/{id}":    {h: s.labelStory},
		"DELETE /api/v1/labels/{name}/stories/{id}": {h: s.labelStory},
		"GET /api/v1/webhooks":                      {h: s.listWebhooks},
		"POST /api/v1/webhooks":                     {h: s.createWebhook},
		"GET /api/v1/webhooks/{id}":                 {h: s.getWebhook},
		"DELETE /api/v1/webhooks/{id}":              {h: s.deleteWebhook},
		"DELETE /api/v1/sources/{id}":               {h: s.deleteSource},
		"GET /api/v1/clusters":                      {h: s.listClusters},
		"GET /api/v1/clusters/{id}":                 {h: s.getCluster},
		"PUT /api/v1/follows/clusters/{id}":         {h: s.followCluster},
		"DELETE /api/v1/follows/clusters/{id}":      {h: s.unfollowCluster},
		"GET /api/v1/stories/{id}/related":          {h: s.relatedStories},
	}
	maps.Copy(m, s.rankRoutes())
	return m
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
		writeProblem(w, http.StatusMethodNotAllowed, "method_not_allowed", msg)
		return nil
	}
}

// authed runs rt for a caller it admits: 401 without credentials, 503 when
// they could not be checked (never 401: a valid token must not look revoked),
// 403 for a publisher token on a route that is not a publisher's.
func (s *server) authed(rt route) http.Handler {
	return s.adapt(func(w http.ResponseWriter, r *http.Request) error {
		err := auth.FailureFrom(r.Context())
		if err != nil && herald.ErrorCode(err) != herald.EUNAUTHORIZED {
			return err
		}
		if auth.UserFrom(r.Context()) == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="herald"`)
			if err != nil {
				return err
			}
			return herald.Errorf(herald.EUNAUTHORIZED, "sign in or send Authorization: Bearer TOKEN")
		}
		if source := auth.SourceFrom(r.Context()); source != 0 && !rt.publisher {
			return herald.Errorf(herald.EFORBIDDEN,
				"this token may only push (POST /api/v1/stories) and retract the stories of source %d; use a reader token", source)
		}
		return rt.h(w, r)
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

// writeError answers err with the status httperr.Status gives its code (415
// for a body that is not JSON) and the documented body
// {"error":{"code","message"}}; a client that went away gets nothing.
func (s *server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := herald.ErrorCode(err)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		code = herald.EINVALID
		err = herald.Errorf(code, "request body larger than %d bytes", mbe.Limit)
	}
	status, msg := httperr.Status(code), herald.ErrorMessage(err)
	var media *mediaTypeError
	if errors.As(err, &media) {
		status, code, msg = http.StatusUnsupportedMediaType, "unsupported_media_type", media.Error()
	}
	httperr.Log(s.Log, r, status, err)
	if httperr.Gone(r, err) {
		return
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	writeProblem(w, status, code, msg)
}

// crossOrigin answers a state-changing request sent from another site.
func crossOrigin(http.ResponseWriter, *http.Request) error {
	return herald.Errorf(herald.EFORBIDDEN, "cross-origin request refused: send it from Herald's own pages, or with a bearer token and no browser Origin")
}

// noSniff marks every API answer so that no browser sniffs a JSON error or
// a user-supplied string into HTML.
func noSniff(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		h.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// writeProblem writes the documented error body with status.
func writeProblem(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": msg}})
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

// me answers the signed-in reader with their secret feed key, the ?key= of
// their feed-out URLs.
func (s *server) me(w http.ResponseWriter, r *http.Request) error {
	u := auth.UserFrom(r.Context())
	key, err := s.Auth.FeedKey(r.Context(), u.ID)
	if err != nil {
		return wrap("me", err)
	}
	writeJSON(w, http.StatusOK, meJSON{User: u, FeedKey: key})
	return nil
}

// meJSON is the body of GET /api/v1/me.
type meJSON struct {
	*herald.User
	FeedKey string `json:"feed_key"`
}

// resetFeedKey gives the reader a new feed key; feed URLs with the old one
// stop working at once.
func (s *server) resetFeedKey(w http.ResponseWriter, r *http.Request) error {
	key, err := s.Auth.ResetFeedKey(r.Context(), userID(r))
	if err != nil {
		return wrap("reset feed key", err)
	}
	writeJSON(w, http.StatusOK, map[string]string{"feed_key": key})
	return nil
}

func userID(r *http.Request) int64 { return auth.UserFrom(r.Context()).ID }

func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", op, err)
}
