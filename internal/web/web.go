// Package web serves Herald's server-rendered pages: sign-in, the reader's feed,
// topics, stories, sources and what the reader follows. Pages are html/template
// files embedded in the binary, each executed with its own typed page struct;
// handlers return errors and one adapter turns them into an error page. The pages
// need no JavaScript, and every state-changing route is a POST guarded by
// http.CrossOriginProtection.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/rank"
)

// Deps is what the pages need. Store, Feed and Auth are required.
type Deps struct {
	Store herald.Store
	Feed  herald.FeedService
	Auth  *auth.Service
	Log   *slog.Logger // nil discards
	// AddSource validates, stores and queues a first fetch of a feed URL. When nil,
	// the add-source form is hidden and POST /sources answers 404.
	AddSource func(ctx context.Context, rawURL string) (*herald.Source, error)
	// ImportSource is AddSource for a source with a title, site and category
	// (from OPML). When nil, the import form is hidden and POST /sources/import
	// answers 404. See ingest.Pipeline.ImportSource.
	ImportSource func(ctx context.Context, src herald.Source) (*herald.Source, error)
	// ReadersAddSources lets readers, not only administrators, add sources
	// for the whole install (the add and import forms).
	ReadersAddSources bool
	Version           string // shown in the footer
	// LoginHint, when set, is shown on the sign-in page (the demo names its account).
	LoginHint string
	// Following is the "Following" view: what the reader follows, newest
	// first. When nil, that view is Feed's.
	Following herald.FeedService
	// Preview fetches and parses what a person typed as a source (a feed or
	// a site's page) without storing it; nil hides the preview step.
	Preview func(ctx context.Context, rawURL string) (*herald.FeedPreview, error)
	// Ranking is the learning feed: the why page and the ranking settings;
	// nil hides them.
	Ranking *rank.Personal
	// PublicHeadlines shows signed-out visitors /headlines.
	PublicHeadlines bool
}

// server holds the dependencies and the parsed templates.
type server struct {
	Deps
	tmpl *templates
	now  func() time.Time
}

// handlerFunc is a page handler: it writes a response, or returns an error that
// the adapter renders.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// Register adds the page routes to mux with Go 1.22 method patterns. It registers
// nothing under /api/, /healthz or /readyz, and no catch-all, so the API keeps its
// own 404 and 405 answers. Unsafe methods from another origin get 403.
// It panics if the embedded templates do not parse (a build defect).
func Register(mux *http.ServeMux, d Deps) {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	s := &server{Deps: d, tmpl: mustParseTemplates(), now: time.Now}
	guard := http.NewCrossOriginProtection()
	guard.SetDenyHandler(s.page(s.crossOrigin))
	for _, routes := range []map[string]handlerFunc{s.routes(), s.readerRoutes(), s.accountRoutes(), s.adminRoutes(), s.rankRoutes()} {
		for pattern, h := range routes {
			mux.Handle(pattern, secureHeaders(guard.Handler(s.page(h))))
		}
	}
	// The OPML upload streams a body far larger than a form's, so page does not wrap it.
	mux.Handle("POST /sources/import", secureHeaders(guard.Handler(s.upload(s.importOPML))))
	mux.Handle("GET /static/{file}", secureHeaders(http.HandlerFunc(serveStatic)))
	// What no route takes gets a page that says so (the API keeps its own
	// answers under /api/, a more specific pattern).
	mux.Handle("/", secureHeaders(s.page(s.noPage(mux))))
}

// noPage answers a request no route took: 405 with Allow when the path has
// routes for other methods, else 404, each as a page.
func (s *server) noPage(mux *http.ServeMux) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodPost} {
			probe := &http.Request{Method: m, URL: r.URL, Host: r.Host}
			if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/" {
				allow = append(allow, m)
			}
		}
		if len(allow) == 0 || r.Method == http.MethodGet {
			return herald.Errorf(herald.ENOTFOUND, "There is no page at %s. It may have moved, or the address may be mistyped.", r.URL.Path)
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.errorPage(w, r, http.StatusMethodNotAllowed, "That address does not take a "+r.Method+" request.")
		return nil
	}
}

// routes maps each page pattern to its handler.
func (s *server) routes() map[string]handlerFunc {
	return map[string]handlerFunc{
		"GET /login":                   s.loginForm,
		"POST /login":                  s.login,
		"POST /logout":                 s.logout,
		"GET /{$}":                     s.feed,
		"GET /topics":                  s.topics,
		"GET /topics/{slug}":           s.topic,
		"POST /topics/{slug}/follow":   s.followTopic,
		"POST /topics/{slug}/unfollow": s.unfollowTopic,
		"POST /topics/{slug}/mute":     s.muteTopic,
		"POST /topics/{slug}/unmute":   s.unmuteTopic,
		"POST /topics/{slug}/rename":   s.renameTopic,
		"POST /topics/{slug}/merge":    s.mergeTopic,
		"GET /stories/{id}":            s.story,
		"GET /sources":                 s.sources,
		"POST /sources":                s.addSource,
		"GET /sources/export.opml":     s.exportOPML,
		"GET /sources/{id}":            s.source,
		"POST /sources/{id}/follow":    s.followSource,
		"POST /sources/{id}/unfollow":  s.unfollowSource,
		"GET /following":               s.following,
		"GET /clusters/{id}":           s.cluster,
		"POST /clusters/{id}/follow":   s.followCluster,
		"POST /clusters/{id}/unfollow": s.unfollowCluster,
	}
}

// contentSecurityPolicy allows only this origin's stylesheet, script and
// images: lead images are served from Herald's own thumbnails, and images
// inside a story's text load only from this origin (a reader's browser never
// contacts a publisher).
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; " +
	"script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// secureHeaders sets the security headers every page response carries.
func secureHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", contentSecurityPolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("X-Frame-Options", "DENY")
		h.ServeHTTP(w, r)
	})
}
