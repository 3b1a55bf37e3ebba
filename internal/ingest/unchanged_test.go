package ingest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// A feed served without ETag or Last-Modified brings the same items on every
// poll: they are skipped (no tagging, no full-text fetch, no write), an
// undated item keeps the date it was first seen, and a changed item is stored.
func TestUnchangedItemsAreSkipped(t *testing.T) {
	ctx := context.Background()
	p, st := newPipeline(t, loopback)
	clock := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	p.now = func() time.Time { return clock }

	var articleFetches atomic.Int32
	title := "Brazil raises rates"
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<rss version="2.0"><channel><title>T</title>
<item><title>%s</title><link>%s/story</link><guid>short</guid><pubDate>Thu, 30 Apr 2026 09:00:00 GMT</pubDate><description>Rates rise.</description></item>
<item><title>Undated note</title><link>%s/undated</link><guid>undated</guid><description>A note with no date at all, long enough to stand as the whole story without a fetch of the page behind it, which is what this feed wants.</description></item>
</channel></rss>`, title, srv.URL, srv.URL)
		case "/story":
			articleFetches.Add(1)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!doctype html><html><body><article><h1>Brazil raises rates</h1><p>The central bank of Brazil raised interest rates again on Wednesday, its governor said in Brasilia, citing prices.</p></article></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	src, err := p.AddSource(ctx, srv.URL+"/feed")
	if err != nil {
		t.Fatal(err)
	}
	refresh := func() Stats {
		t.Helper()
		s, err := p.RefreshSource(ctx, src)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	undatedAt := func() time.Time {
		t.Helper()
		page, err := st.Stories(ctx, herald.StoryFilter{SourceID: src.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page.Items {
			if s.Title == "Undated note" {
				return s.PublishedAt
			}
		}
		t.Fatal("undated story not stored")
		return time.Time{}
	}

	if s := refresh(); s.New != 2 || s.Unchanged != 0 {
		t.Fatalf("first poll = %+v, want 2 new", s)
	}
	firstSeen := undatedAt()
	fetches := articleFetches.Load()

	clock = clock.Add(time.Hour)
	if s := refresh(); s.Unchanged != 2 || s.New+s.Updated+s.Duplicates != 0 {
		t.Errorf("second poll of the same feed = %+v, want 2 unchanged and nothing else", s)
	}
	if n := articleFetches.Load(); n != fetches {
		t.Errorf("article page fetched %d more times for an unchanged item", n-fetches)
	}
	if got := undatedAt(); !got.Equal(firstSeen) {
		t.Errorf("undated story moved from %v to %v", firstSeen, got)
	}

	clock = clock.Add(time.Hour)
	title = "Brazil raises rates again"
	if s := refresh(); s.Updated != 1 || s.Unchanged != 1 {
		t.Errorf("poll after an edit = %+v, want 1 updated and 1 unchanged", s)
	}
}
