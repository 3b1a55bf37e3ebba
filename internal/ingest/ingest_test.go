package ingest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/analyze"
	"github.com/heraldnews/herald/internal/feed"
	"github.com/heraldnews/herald/internal/fetch"
	"github.com/heraldnews/herald/internal/store"
	"github.com/heraldnews/herald/internal/topic"
)

var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}

const rss = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>The Test Gazette</title><link>%[1]s/</link>
<item><title>North Korea fires missile over Japan</title><link>%[1]s/a?utm_source=rss</link><guid>a</guid>
<pubDate>%[2]s</pubDate><category>North Korea</category>
<description><![CDATA[<p>North Korea launched a missile on Tuesday, officials in Tokyo said. Prime Minister Shinzo Abe condemned the launch. North Korea said the test was a success.</p><script>alert(1)</script><img src="x" onerror="alert(2)">]]></description></item>
<item><title>Shinzo Abe meets Donald Trump</title><link>%[1]s/b</link><guid>b</guid><pubDate>%[2]s</pubDate>
<description>Shinzo Abe and Donald Trump met in Tokyo to discuss North Korea. Abe said the talks went well, and Trump agreed.</description></item>
</channel></rss>`

func newPipeline(t *testing.T, allow []netip.Prefix) (*Pipeline, herald.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	an := analyze.New(nil, topic.NewResolver(topic.Options{}), nil)
	p := New(st, fetch.New(fetch.Options{AllowNetworks: allow, Timeout: 5 * time.Second}), an, log, Options{AllowNetworks: allow})
	return p, st
}

// origin serves the test feed with ETag support and counts full responses.
func origin(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var full atomic.Int32
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feed" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, rss, srv.URL, time.Now().Add(-time.Hour).UTC().Format(time.RFC1123Z))
	}))
	t.Cleanup(srv.Close)
	return srv, &full
}

func TestRefreshStoresCleanTaggedStories(t *testing.T) {
	ctx := context.Background()
	p, st := newPipeline(t, loopback)
	srv, full := origin(t)
	src, err := p.AddSource(ctx, srv.URL+"/feed")
	if err != nil {
		t.Fatal(err)
	}
	stats, err := p.RefreshDue(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if stats.New != 2 || stats.Failed != 0 {
		t.Fatalf("first refresh = %+v, want 2 new, 0 failed", stats)
	}
	page, err := st.Stories(ctx, herald.StoryFilter{TopicSlug: "north-korea"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 {
		t.Fatalf("stories tagged north-korea = %d, want 2", len(page.Items))
	}
	for _, s := range page.Items {
		for _, bad := range []string{"<script", "onerror", "alert("} {
			if strings.Contains(s.ContentHTML, bad) || strings.Contains(s.Summary, bad) {
				t.Errorf("story %q keeps %q: %s", s.Title, bad, s.ContentHTML)
			}
		}
		if strings.Contains(s.URL, "utm_source") && s.CanonicalURL != "" && strings.Contains(s.CanonicalURL, "utm_") {
			t.Errorf("canonical URL keeps tracking parameters: %s", s.CanonicalURL)
		}
	}
	got, err := st.Source(ctx, src.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "The Test Gazette" || got.LastError != "" || !got.NextFetchAt.After(time.Now()) {
		t.Errorf("source after refresh = title %q, error %q, next %v", got.Title, got.LastError, got.NextFetchAt)
	}

	stats, err = p.RefreshDue(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if stats.NotModified != 1 || full.Load() != 1 {
		t.Errorf("second refresh = %+v with %d full responses; want a conditional GET answered 304", stats, full.Load())
	}
}

func TestBrokenSourceFailsAlone(t *testing.T) {
	ctx := context.Background()
	p, st := newPipeline(t, loopback)
	good, _ := origin(t)
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/panic-feed" {
			io.WriteString(w, "<rss><channel><item><title>")
			return
		}
		http.Error(w, "down", http.StatusInternalServerError)
	}))
	defer bad.Close()
	for _, u := range []string{bad.URL + "/500", bad.URL + "/panic-feed", good.URL + "/feed"} {
		if _, err := p.AddSource(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	stats, err := p.RefreshDue(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if stats.New != 2 || stats.Failed < 1 {
		t.Fatalf("refresh = %+v, want the good feed's 2 stories and the bad feeds failed", stats)
	}
	srcs, err := st.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range srcs {
		if strings.HasSuffix(s.URL, "/500") {
			if s.LastError == "" || s.ErrorCount != 1 || !s.NextFetchAt.After(time.Now()) {
				t.Errorf("failed source = error %q, count %d, next %v; want the error recorded and a back-off", s.LastError, s.ErrorCount, s.NextFetchAt)
			}
		}
	}
}

func TestAddSourceRefusesPrivateNetworksByDefault(t *testing.T) {
	ctx := context.Background()
	p, _ := newPipeline(t, nil)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer srv.Close()
	_, err := p.AddSource(ctx, srv.URL+"/feed")
	if herald.ErrorCode(err) != herald.EINVALID {
		t.Fatalf("AddSource(loopback) error = %v, want EINVALID", err)
	}
	for _, u := range []string{"file:///etc/passwd", "ftp://example.com/feed", "http://10.0.0.1/feed", "http://169.254.169.254/latest/meta-data/"} {
		if _, err := p.AddSource(ctx, u); herald.ErrorCode(err) != herald.EINVALID {
			t.Errorf("AddSource(%s) error = %v, want EINVALID", u, err)
		}
	}
	if hits.Load() != 0 {
		t.Errorf("the refused origin was reached %d times", hits.Load())
	}
}

func TestFullTextFetchedForShortSummaries(t *testing.T) {
	ctx := context.Background()
	p, st := newPipeline(t, loopback)
	body := strings.Repeat("The central bank of Brazil raised interest rates again on Wednesday, its governor said in Brasilia. ", 12)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<rss version="2.0"><channel><title>T</title><item><title>Brazil raises rates</title><link>%s/story</link><guid>s1</guid><description>Rates rise.</description></item></channel></rss>`, srv.URL)
		case "/story":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><html><head><title>Brazil raises rates</title></head><body><nav>Home | World</nav><article><h1>Brazil raises rates</h1><p>%s</p><p>%s</p></article><footer>Copyright</footer></body></html>`, body, body)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	if _, err := p.AddSource(ctx, srv.URL+"/feed"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.RefreshDue(ctx, true); err != nil {
		t.Fatal(err)
	}
	page, err := st.Stories(ctx, herald.StoryFilter{})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("stories = %v, %v", page, err)
	}
	if !strings.Contains(page.Items[0].ContentHTML, "central bank of Brazil") {
		t.Errorf("content was not replaced by the article's full text: %q", page.Items[0].ContentHTML)
	}
}

func TestNextInterval(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	lo, hi := 15*time.Minute, 6*time.Hour
	items := func(gaps ...time.Duration) []feed.Item {
		var its []feed.Item
		at := now
		for _, g := range gaps {
			at = at.Add(-g)
			its = append(its, feed.Item{PublishedAt: at})
		}
		return its
	}
	tests := []struct {
		name  string
		items []feed.Item
		want  time.Duration
	}{
		{"busy feed polls at the floor", items(time.Minute, time.Minute, time.Minute), lo},
		{"hourly feed", items(0, time.Hour, time.Hour, time.Hour), time.Hour},
		{"quiet feed polls at the ceiling", items(0, 48*time.Hour, 48*time.Hour), hi},
		{"no dates", []feed.Item{{}, {}}, hi / 4},
		{"one item", items(0), hi / 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nextInterval(tt.items, now, lo, hi); got != tt.want {
				t.Errorf("nextInterval = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAddSourceRefusesOverlongURLs(t *testing.T) {
	p, _ := newPipeline(t, loopback)
	_, err := p.AddSource(context.Background(), "https://news.example/"+strings.Repeat("a", maxFeedURL))
	if herald.ErrorCode(err) != herald.EINVALID || !strings.Contains(herald.ErrorMessage(err), "longer than") {
		t.Fatalf("AddSource(overlong) error = %v, want EINVALID naming the length", err)
	}
}

func TestPermanentRedirectMovesTheSource(t *testing.T) {
	ctx := context.Background()
	p, st := newPipeline(t, loopback)
	good, _ := origin(t)
	var code int
	mover := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, good.URL+"/feed", code)
	}))
	defer mover.Close()
	for _, tc := range []struct {
		code  int
		moved bool
	}{{http.StatusFound, false}, {http.StatusMovedPermanently, true}} {
		code = tc.code
		src, err := p.AddSource(ctx, fmt.Sprintf("%s/old-%d", mover.URL, tc.code))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.RefreshSource(ctx, src); err != nil {
			t.Fatal(err)
		}
		got, err := st.Source(ctx, src.ID)
		if err != nil {
			t.Fatal(err)
		}
		if moved := got.URL == good.URL+"/feed"; moved != tc.moved {
			t.Errorf("after a %d the source URL is %s; moved = %t, want %t", tc.code, got.URL, moved, tc.moved)
		}
	}
}
