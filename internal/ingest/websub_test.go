package ingest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// fakeWebSub answers Pushing with pushing and records Ensure calls.
type fakeWebSub struct {
	pushing bool
	mu      sync.Mutex
	ensured []string // "source hub topic"
	quiet   time.Duration
}

func (f *fakeWebSub) Pushing(_ context.Context, _ int64, _ time.Time, quiet time.Duration) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.quiet = quiet
	return f.pushing
}

func (f *fakeWebSub) Ensure(_ context.Context, id int64, hub, topic string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ensured = append(f.ensured, fmt.Sprintf("%d %s %s", id, hub, topic))
}

// hubFeed serves an RSS feed that names a hub (and a self URL when self is set),
// answering 304 to a conditional request.
func hubFeed(t *testing.T, self bool) *httptest.Server {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"h1"`)
		if r.Header.Get("If-None-Match") == `"h1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		links := `<atom:link rel="hub" href="https://hub.example/"/>`
		if self {
			links += `<atom:link rel="self" href="https://news.example/feed.xml"/>`
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Hub Gazette</title>%s
<item><title>Ferry link approved</title><link>%s/a</link><guid>a</guid></item></channel></rss>`, links, srv.URL)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestRefreshAsksForSubscription(t *testing.T) {
	for _, tc := range []struct {
		name  string
		self  bool
		topic func(feedURL string) string
	}{
		{"topic is the feed's self link", true, func(string) string { return "https://news.example/feed.xml" }},
		{"topic is the fetched URL without one", false, func(u string) string { return u }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			p, _ := newPipeline(t, loopback)
			ws := &fakeWebSub{}
			p.opts.WebSub = ws
			srv := hubFeed(t, tc.self)
			src, err := p.AddSource(ctx, srv.URL+"/feed")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.RefreshSource(ctx, src); err != nil {
				t.Fatal(err)
			}
			want := fmt.Sprintf("%d https://hub.example/ %s", src.ID, tc.topic(src.URL))
			if len(ws.ensured) != 1 || ws.ensured[0] != want {
				t.Errorf("Ensure calls = %q, want [%q]", ws.ensured, want)
			}
		})
	}
}

func TestRefreshWithoutHubAsksNothing(t *testing.T) {
	ctx := t.Context()
	p, _ := newPipeline(t, loopback)
	ws := &fakeWebSub{}
	p.opts.WebSub = ws
	srv, _ := origin(t)
	src, err := p.AddSource(ctx, srv.URL+"/feed")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.RefreshSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	if len(ws.ensured) != 0 {
		t.Errorf("Ensure called for a feed without a hub: %q", ws.ensured)
	}
}

// TestPollingFallback: a source whose hub pushes is polled at the ceiling;
// otherwise (no WebSub, or a hub that does not cover it) at its adaptive interval.
func TestPollingFallback(t *testing.T) {
	const ceiling = 6 * time.Hour
	for _, tc := range []struct {
		name   string
		ws     *fakeWebSub
		want   time.Duration
		notMod bool
	}{
		{name: "no WebSub", ws: nil, want: ceiling / 4},
		{name: "hub not pushing", ws: &fakeWebSub{pushing: false}, want: ceiling / 4},
		{name: "hub pushing", ws: &fakeWebSub{pushing: true}, want: ceiling},
		{name: "hub pushing, 304", ws: &fakeWebSub{pushing: true}, want: ceiling, notMod: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			p, st := newPipeline(t, loopback)
			if tc.ws != nil {
				p.opts.WebSub = tc.ws
			}
			at := time.Now().UTC().Truncate(time.Millisecond)
			p.now = func() time.Time { return at }
			srv := hubFeed(t, true)
			src, err := p.AddSource(ctx, srv.URL+"/feed")
			if err != nil {
				t.Fatal(err)
			}
			if tc.notMod {
				src.ETag = `"h1"`
			}
			if _, err := p.RefreshSource(ctx, src); err != nil {
				t.Fatal(err)
			}
			got, err := st.Source(ctx, src.ID)
			if err != nil {
				t.Fatal(err)
			}
			if wait := got.NextFetchAt.Sub(at); wait != tc.want {
				t.Errorf("next poll after %s, want %s", wait, tc.want)
			}
			if tc.ws != nil && tc.ws.quiet != ceiling {
				t.Errorf("Pushing asked with quiet = %s, want the ceiling %s", tc.ws.quiet, ceiling)
			}
			if !tc.notMod && got.Interval != ceiling/4 {
				t.Errorf("stored interval = %s, want the adaptive %s kept for when pushes stop", got.Interval, ceiling/4)
			}
		})
	}
}

func TestIngestPushed(t *testing.T) {
	ctx := t.Context()
	p, st := newPipeline(t, loopback)
	src := &herald.Source{URL: "https://gazette.example/feed", Title: "Gazette"}
	if err := st.CreateSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	doc := fmt.Sprintf(rss, "https://gazette.example", time.Now().Add(-time.Hour).UTC().Format(time.RFC1123Z))
	stats, err := p.IngestPushed(ctx, src.ID, []byte(doc), "application/rss+xml; charset=utf-8")
	if err != nil || stats.New != 2 {
		t.Fatalf("IngestPushed = %+v, %v; want 2 new", stats, err)
	}
	page, err := st.Stories(ctx, herald.StoryFilter{SourceID: src.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range page.Items {
		if strings.Contains(s.ContentHTML, "<script") || strings.Contains(s.ContentHTML, "onerror") {
			t.Errorf("pushed story %q not sanitised: %s", s.Title, s.ContentHTML)
		}
		if len(s.Topics) == 0 {
			t.Errorf("pushed story %q not tagged", s.Title)
		}
	}
	if got, _ := st.Source(ctx, src.ID); !got.LastFetchedAt.IsZero() {
		t.Error("a push touched the source's fetch state")
	}
	if _, err := p.IngestPushed(ctx, src.ID+100, []byte(doc), ""); !herald.IsNotFound(err) {
		t.Errorf("IngestPushed(unknown source) = %v, want ENOTFOUND", err)
	}
	if _, err := p.IngestPushed(ctx, src.ID, []byte("<html><body>hi</body></html>"), "text/html"); herald.ErrorCode(err) != herald.EINVALID {
		t.Errorf("IngestPushed(HTML page) = %v, want EINVALID", err)
	}
}
