// Package demo is the built-in demo publisher that `herald demo` starts inside
// the process, so that a newcomer without internet access sees Herald work.
//
// It serves seven invented outlets over HTTP, each with a feed in one of five
// formats (RSS 2.0 with full text, RSS 2.0 with summaries only, Atom 1.0, JSON
// Feed 1.1 and RSS 1.0) and an HTML article page for every story, so that
// Herald ingests them through the same fetch, parse and store path as real
// feeds. The stories are fiction written for the demo and embedded from
// content/: recurring invented people, organisations and events run through
// several outlets on different days, and six events are each told by three
// or four outlets in their own words (a wire story run nearly verbatim by two
// of them, a story revised under a new URL), so that the demo shows story
// clusters. Publication times are offsets before the publisher's start-up
// time, so the demo always looks fresh, and every response is stable for the
// life of a Publisher (ETag, Last-Modified, 304 on a conditional GET).
package demo

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

//go:embed content
var contentFS embed.FS

// Publisher serves the demo content. It is immutable after New and safe for
// concurrent use.
type Publisher struct {
	now      time.Time
	sources  []Source
	stories  []Story // newest first
	bySource map[string][]Story
	pages    *template.Template
	handler  http.Handler
	images   *imageCache
}

// New parses the embedded content and dates every story relative to now (a
// zero now means time.Now()). It returns an error if a content file is
// malformed.
func New(now time.Time) (*Publisher, error) {
	sub, err := fs.Sub(contentFS, "content")
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	return newFromFS(sub, now)
}

func newFromFS(fsys fs.FS, now time.Time) (*Publisher, error) {
	if now.IsZero() {
		now = time.Now()
	}
	sources, stories, err := loadContent(fsys)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	pages, err := parseTemplates()
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	p := &Publisher{now: now.UTC().Truncate(time.Second), sources: sources, pages: pages, images: &imageCache{}}
	p.date(stories)
	p.handler = p.routes()
	return p, nil
}

// date sets each story's publication time and indexes the stories newest
// first, ties broken by source and slug so that every listing is stable.
func (p *Publisher) date(stories []Story) {
	for i := range stories {
		stories[i].Published = p.now.Add(-stories[i].Age)
	}
	slices.SortFunc(stories, func(a, b Story) int {
		if c := b.Published.Compare(a.Published); c != 0 {
			return c
		}
		return strings.Compare(a.Path(), b.Path())
	})
	p.stories = stories
	p.bySource = make(map[string][]Story, len(p.sources))
	for _, st := range stories {
		p.bySource[st.Source] = append(p.bySource[st.Source], st)
	}
}

// Stories returns every story, newest first. The slice is the caller's.
func (p *Publisher) Stories() []Story { return slices.Clone(p.stories) }

// Sources returns the outlets in the order their feeds are listed. The slice
// is the caller's.
func (p *Publisher) Sources() []Source { return slices.Clone(p.sources) }

// FeedURLs returns the absolute URL of every source's feed under baseURL (as
// returned by Start, or an httptest server's URL), in the order of Sources.
func (p *Publisher) FeedURLs(baseURL string) []string {
	base := strings.TrimSuffix(baseURL, "/")
	urls := make([]string, len(p.sources))
	for i, s := range p.sources {
		urls[i] = base + s.FeedPath()
	}
	return urls
}

// Handler serves the index page at /, each source's front page at /<source>/,
// its feed at Source.FeedPath and its article pages at /<source>/<slug>.
// Absolute links in feeds and pages are built from the request's Host.
func (p *Publisher) Handler() http.Handler { return p.handler }

// Start listens on addr (such as "127.0.0.1:0") and serves Handler until ctx is
// done, then shuts the server down. It returns the base URL to reach it, with
// an unspecified listen address replaced by the loopback address. It returns
// an error only if it cannot listen; later failures of the server go to log.
func (p *Publisher) Start(ctx context.Context, addr string, log *slog.Logger) (baseURL string, err error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return "", fmt.Errorf("demo: listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           p.handler,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go serve(srv, ln, log)
	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdownCtx) // on timeout the remaining connections are simply dropped
	}()
	return "http://" + reachable(ln.Addr()), nil
}

func serve(srv *http.Server, ln net.Listener, log *slog.Logger) {
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("demo publisher stopped", "addr", ln.Addr().String(), "error", err)
	}
}

// reachable returns addr as host:port, with an unspecified IP (0.0.0.0, ::)
// replaced by 127.0.0.1, which a dual-stack listener also accepts and which
// the demo's fetch allow-list (127.0.0.0/8) covers.
func reachable(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return addr.String()
	}
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(tcp.Port))
}
