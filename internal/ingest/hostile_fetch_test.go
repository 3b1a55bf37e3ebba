package ingest

import (
	"fmt"
	"io"
	"log/slog"
	"net"
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

// hostilePipeline is a pipeline on a fresh SQLite file with the given fetcher
// options (whose AllowNetworks the pipeline shares) and entity finder.
func hostilePipeline(t *testing.T, fopts fetch.Options, finder analyze.EntityFinder) (*Pipeline, *store.DB) {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if fopts.Timeout == 0 {
		fopts.Timeout = 10 * time.Second
	}
	fetcher := fetch.New(fopts)
	t.Cleanup(fetcher.CloseIdleConnections)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	an := analyze.New(finder, topic.NewResolver(topic.Options{}), nil)
	return New(st, fetcher, an, log, Options{AllowNetworks: fopts.AllowNetworks}), st
}

// serveOn starts h on addr ("127.0.0.2:0" for a second loopback address).
func serveOn(t *testing.T, addr string, h http.Handler) *httptest.Server {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// addStored stores a source directly, as an import or an older allow-list
// may have left it, bypassing AddSource's checks.
func addStored(t *testing.T, st herald.Store, src *herald.Source) *herald.Source {
	t.Helper()
	if src.FullText == "" {
		src.FullText = herald.FullTextAuto
	}
	src.NextFetchAt = time.Now().Add(-time.Minute)
	if err := st.CreateSource(t.Context(), src); err != nil {
		t.Fatal(err)
	}
	return src
}

func sourceNow(t *testing.T, st herald.Store, id int64) *herald.Source {
	t.Helper()
	s, err := st.Source(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func storyCount(t *testing.T, st herald.Store, sourceID int64) int {
	t.Helper()
	page, err := st.Stories(t.Context(), herald.StoryFilter{SourceID: sourceID, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	return len(page.Items)
}

func rssFeed(items ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Hostile Gazette</title><link>https://gazette.example/</link>` +
		strings.Join(items, "") + `</channel></rss>`
}

func rssItem(guid, title, link, extra string) string {
	return fmt.Sprintf(`<item><guid>%s</guid><title>%s</title><link>%s</link><pubDate>%s</pubDate>%s</item>`,
		guid, title, link, time.Now().Add(-time.Hour).UTC().Format(time.RFC1123Z), extra)
}

func feedHandler(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, body)
	}
}

// TestHostileA1_PrivateSourceFailsAlone: a stored source on loopback (left by
// an import or an older --allow-networks) is refused at fetch time with a
// clear per-feed error naming the fix, the server sees no connection, and the
// source backs off. A private article URL in a public feed is never scraped.
func TestHostileA1_PrivateSourceFailsAlone(t *testing.T) {
	var hits atomic.Int32
	private := serveOn(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		feedHandler(rssFeed(rssItem("p1", "Secret", "https://gazette.example/p1", "")))(w, r)
	}))
	p, st := hostilePipeline(t, fetch.Options{}, nil)
	src := addStored(t, st, &herald.Source{URL: private.URL + "/feed"})
	stats, err := p.RefreshDue(t.Context(), true)
	if err != nil {
		t.Fatal(err)
	}
	got := sourceNow(t, st, src.ID)
	if stats.Failed != 1 || got.ErrorCount != 1 || !got.NextFetchAt.After(time.Now()) {
		t.Errorf("stats %+v; source error count %d, next fetch %v: want one failure and a back-off", stats, got.ErrorCount, got.NextFetchAt)
	}
	for _, want := range []string{"127.0.0.1", "private or reserved network", "--allow-networks"} {
		if !strings.Contains(got.LastError, want) {
			t.Errorf("source error %q lacks %q", got.LastError, want)
		}
	}
	if hits.Load() != 0 {
		t.Errorf("the private server was reached %d times", hits.Load())
	}

	// The full-text scraper follows the same rule: the feed is on an allowed
	// address, its story links to a private one.
	var articleHits atomic.Int32
	article := serveOn(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { articleHits.Add(1) }))
	public := serveOn(t, "127.0.0.2:0", feedHandler(rssFeed(rssItem("s1", "Short item", article.URL+"/story", "<description>Short.</description>"))))
	p, st = hostilePipeline(t, fetch.Options{AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.2/32")}}, nil)
	src, err = p.AddSource(t.Context(), public.URL+"/feed")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.RefreshSource(t.Context(), src); err != nil {
		t.Fatal(err)
	}
	if n := storyCount(t, st, src.ID); n != 1 {
		t.Errorf("%d stories stored, want the item with its feed summary", n)
	}
	if articleHits.Load() != 0 {
		t.Errorf("the private article server was reached %d times", articleHits.Load())
	}
}

// TestHostileA5_StoredURLsAreWeb: items whose links and images use file:,
// data:, javascript:, gopher: or ftp: are stored without them, and nothing but
// the feed is requested (a link that is not http(s) is never scraped).
func TestHostileA5_StoredURLsAreWeb(t *testing.T) {
	var other atomic.Int32
	body := `<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Schemes</title>` +
		rssItem("1", "File link", "file:///etc/passwd", `<description>Short.</description><enclosure url="file:///etc/passwd" type="image/png"/>`) +
		rssItem("2", "Data link", "data:text/html,x", `<description>Short.</description><media:thumbnail url="data:image/png;base64,AA"/>`) +
		rssItem("3", "Script link", "javascript:alert(1)", `<description><![CDATA[<p>Short <img src="javascript:alert(1)"></p>]]></description>`) +
		rssItem("4", "Gopher link", "gopher://127.0.0.1/x", `<description>Short.</description><media:content url="ftp://127.0.0.1/a.jpg" medium="image"/>`) +
		`</channel></rss>`
	srv := serveOn(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feed" {
			other.Add(1)
		}
		feedHandler(body)(w, r)
	}))
	p, st := hostilePipeline(t, fetch.Options{AllowNetworks: loopback}, nil)
	src, err := p.AddSource(t.Context(), srv.URL+"/feed")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.RefreshSource(t.Context(), src); err != nil {
		t.Fatal(err)
	}
	page, err := st.Stories(t.Context(), herald.StoryFilter{SourceID: src.ID})
	if err != nil || len(page.Items) != 4 {
		t.Fatalf("stories = %v, %v; want 4", page, err)
	}
	for _, s := range page.Items {
		for name, u := range map[string]string{"URL": s.URL, "CanonicalURL": s.CanonicalURL, "ImageURL": s.ImageURL} {
			if u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
				t.Errorf("%s: %s %q stored", s.Title, name, u)
			}
		}
		for _, scheme := range []string{"file:", "data:", "javascript:", "gopher:", "ftp:"} {
			if strings.Contains(strings.ToLower(s.ContentHTML+s.Summary), scheme) {
				t.Errorf("%s: content keeps %s: %q", s.Title, scheme, s.ContentHTML)
			}
		}
	}
	if other.Load() != 0 {
		t.Errorf("%d requests besides the feed", other.Load())
	}
}

// TestHostileA7_OnlyPermanentRedirectsMove: 301 and 308 (at every hop) move a
// source; 302, 307 and a 301 followed by a 302 do not; a permanent redirect to
// a non-public address or a non-http scheme fails the fetch and never becomes
// the stored URL.
func TestHostileA7_OnlyPermanentRedirectsMove(t *testing.T) {
	allow := []netip.Prefix{netip.MustParsePrefix("127.0.0.2/32")}
	feedSrv := serveOn(t, "127.0.0.2:0", feedHandler(rssFeed(rssItem("r1", "Moved story", "https://gazette.example/r1", ""))))
	var privateHits atomic.Int32
	private := serveOn(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		privateHits.Add(1)
		feedHandler(rssFeed())(w, r)
	}))
	mover := serveOn(t, "127.0.0.2:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		codes := strings.Split(q.Get("codes"), ",")
		code := 0
		fmt.Sscan(codes[0], &code)
		to := q.Get("to")
		if len(codes) > 1 { // the next hop on this server, with the remaining codes
			to = fmt.Sprintf("/hop?codes=%s&to=%s", strings.Join(codes[1:], ","), q.Get("to"))
		}
		http.Redirect(w, r, to, code)
	}))
	p, st := hostilePipeline(t, fetch.Options{AllowNetworks: allow}, nil)
	const target = "TARGET" // the feed server, one path per case (two sources cannot share a URL)
	tests := []struct {
		name, codes, to string
		moved, fails    bool
	}{
		{"301", "301", target, true, false},
		{"308", "308", target, true, false},
		{"302", "302", target, false, false},
		{"307", "307", target, false, false},
		{"301 then 302", "301,302", target, false, false},
		{"301 to loopback", "301", private.URL + "/feed", false, true},
		{"308 to a file", "308", "file:///etc/passwd", false, true},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			to := tc.to
			if to == target {
				to = fmt.Sprintf("%s/feed/%d", feedSrv.URL, i)
			}
			start := fmt.Sprintf("%s/hop?codes=%s&to=%s", mover.URL, tc.codes, to)
			src := addStored(t, st, &herald.Source{URL: start})
			_, err := p.RefreshSource(t.Context(), src)
			if (err != nil) != tc.fails {
				t.Fatalf("RefreshSource error = %v, want failure %t", err, tc.fails)
			}
			got := sourceNow(t, st, src.ID)
			if moved := got.URL != start; moved != tc.moved {
				t.Errorf("source URL is %s; moved %t, want %t", got.URL, moved, tc.moved)
			}
			if tc.moved && got.URL != to {
				t.Errorf("moved to %s, want %s", got.URL, to)
			}
			if tc.fails && got.LastError == "" {
				t.Error("the refused redirect left no error on the source")
			}
		})
	}
	if privateHits.Load() != 0 {
		t.Errorf("the private server was reached %d times", privateHits.Load())
	}
}

// TestHostileA8_RedirectLoopFailsWithBackoff: a feed that redirects A→B→A is
// given up after 10 redirects with an error recorded on the source, and the
// next attempt waits longer after each failure.
func TestHostileA8_RedirectLoopFailsWithBackoff(t *testing.T) {
	var hits atomic.Int32
	srv := serveOn(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.SetCookie(w, &http.Cookie{Name: "consent", Value: "pending"})
		if r.URL.Path == "/a" {
			http.Redirect(w, r, "/b", http.StatusFound)
			return
		}
		http.Redirect(w, r, "/a", http.StatusMovedPermanently)
	}))
	p, st := hostilePipeline(t, fetch.Options{AllowNetworks: loopback}, nil)
	src := addStored(t, st, &herald.Source{URL: srv.URL + "/a"})
	for attempt, minDelay := range []time.Duration{p.opts.MinInterval, 2 * p.opts.MinInterval} {
		hits.Store(0)
		_, err := p.RefreshSource(t.Context(), src)
		if err == nil {
			t.Fatal("a redirect loop did not fail")
		}
		if n := hits.Load(); n > 11 {
			t.Errorf("attempt %d: %d requests, want at most 11 (10 redirects)", attempt, n)
		}
		src = sourceNow(t, st, src.ID)
		if !strings.Contains(src.LastError, "stopped after 10 redirects") || src.ErrorCount != attempt+1 {
			t.Errorf("attempt %d: source error %q, count %d", attempt, src.LastError, src.ErrorCount)
		}
		if d := src.NextFetchAt.Sub(src.LastFetchedAt); d < minDelay-time.Millisecond { // stored to the millisecond
			t.Errorf("attempt %d: next fetch %s after this one, want at least %s", attempt, d, minDelay)
		}
		if src.URL != srv.URL+"/a" {
			t.Errorf("the loop moved the source to %s", src.URL)
		}
	}
}

// TestHostileA10_HugeFeed: a body over the fetcher's cap fails the source with
// an explicit "too large" error and stores nothing; a valid feed of 12,000
// items stores at most feed.MaxItems of them.
func TestHostileA10_HugeFeed(t *testing.T) {
	big := rssFeed(rssItem("b", "Big", "https://gazette.example/b", "<description>"+strings.Repeat("x", 256<<10)+"</description>"))
	var many strings.Builder
	for i := range 12_000 {
		fmt.Fprintf(&many, `<item><guid>m%d</guid><title>Item %d</title><pubDate>%s</pubDate></item>`,
			i, i, time.Now().Add(-time.Duration(i)*time.Minute).UTC().Format(time.RFC1123Z))
	}
	srv := serveOn(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/big" {
			feedHandler(big)(w, r)
			return
		}
		feedHandler(rssFeed(many.String()))(w, r)
	}))
	p, st := hostilePipeline(t, fetch.Options{AllowNetworks: loopback, MaxBytes: 128 << 10}, nil)
	src := addStored(t, st, &herald.Source{URL: srv.URL + "/big"})
	if _, err := p.RefreshSource(t.Context(), src); err == nil {
		t.Fatal("an oversized feed did not fail")
	}
	got := sourceNow(t, st, src.ID)
	if !strings.Contains(got.LastError, "too large") || storyCount(t, st, src.ID) != 0 {
		t.Errorf("source error %q with %d stories; want a \"too large\" error and none stored", got.LastError, storyCount(t, st, src.ID))
	}

	p, st = hostilePipeline(t, fetch.Options{AllowNetworks: loopback}, nil)
	src = addStored(t, st, &herald.Source{URL: srv.URL + "/many", FullText: herald.FullTextNever})
	stats, err := p.RefreshSource(t.Context(), src)
	if err != nil {
		t.Fatal(err)
	}
	page, err := st.Stories(t.Context(), herald.StoryFilter{SourceID: src.ID, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if stats.New != feed.MaxItems || len(page.Items) != 1 || page.Items[0].ExternalID != "m0" {
		t.Errorf("stored %d new stories (newest %v); want the %d most recent", stats.New, page.Items, feed.MaxItems)
	}
}

// TestHostileA12_Politeness: a 429 or 503 with Retry-After holds the source
// back at least that long; sources on one host are fetched at most
// fetch.DefaultPerHost at a time whatever the worker count; and a refetch
// sends the stored ETag and Last-Modified and takes a 304.
func TestHostileA12_Politeness(t *testing.T) {
	t.Run("Retry-After", func(t *testing.T) {
		srv := serveOn(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/429" {
				w.Header().Set("Retry-After", "3600")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			w.Header().Set("Retry-After", time.Now().Add(2*time.Hour).UTC().Format(http.TimeFormat))
			w.WriteHeader(http.StatusServiceUnavailable)
		}))
		p, st := hostilePipeline(t, fetch.Options{AllowNetworks: loopback}, nil)
		for path, wait := range map[string]time.Duration{"/429": time.Hour, "/503": 2*time.Hour - time.Minute} {
			src := addStored(t, st, &herald.Source{URL: srv.URL + path})
			before := time.Now().Truncate(time.Millisecond) // the precision the store keeps
			if _, err := p.RefreshSource(t.Context(), src); err == nil {
				t.Fatalf("%s did not fail", path)
			}
			got := sourceNow(t, st, src.ID)
			if got.NextFetchAt.Before(before.Add(wait)) {
				t.Errorf("%s: next fetch at %v, want at least %s later", path, got.NextFetchAt, wait)
			}
		}
	})
	t.Run("per host", func(t *testing.T) {
		var now, peak atomic.Int32
		srv := serveOn(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n := now.Add(1)
			defer now.Add(-1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			time.Sleep(20 * time.Millisecond)
			feedHandler(rssFeed(rssItem(r.URL.Path, "Story "+r.URL.Path, "https://gazette.example"+r.URL.Path, "")))(w, r)
		}))
		st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "h.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		fetcher := fetch.New(fetch.Options{AllowNetworks: loopback})
		defer fetcher.CloseIdleConnections()
		p := New(st, fetcher, analyze.New(nil, topic.NewResolver(topic.Options{}), nil),
			slog.New(slog.NewTextHandler(io.Discard, nil)), Options{AllowNetworks: loopback, Workers: 12})
		for i := range 24 {
			addStored(t, st, &herald.Source{URL: fmt.Sprintf("%s/feed/%d", srv.URL, i), FullText: herald.FullTextNever})
		}
		stats, err := p.RefreshDue(t.Context(), true)
		if err != nil || stats.Sources != 24 || stats.Failed != 0 {
			t.Fatalf("refresh = %+v, %v", stats, err)
		}
		if got := peak.Load(); got > fetch.DefaultPerHost {
			t.Errorf("%d requests at once on one host, want at most %d", got, fetch.DefaultPerHost)
		}
	})
	t.Run("conditional GET", func(t *testing.T) {
		lastMod := time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat)
		var full, conditional atomic.Int32
		srv := serveOn(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("ETag", `"v7"`)
			w.Header().Set("Last-Modified", lastMod)
			if r.Header.Get("If-None-Match") == `"v7"` && r.Header.Get("If-Modified-Since") == lastMod {
				conditional.Add(1)
				w.WriteHeader(http.StatusNotModified)
				return
			}
			full.Add(1)
			feedHandler(rssFeed(rssItem("c1", "Conditional", "https://gazette.example/c1", "")))(w, r)
		}))
		p, st := hostilePipeline(t, fetch.Options{AllowNetworks: loopback}, nil)
		src := addStored(t, st, &herald.Source{URL: srv.URL + "/feed"})
		for range 2 {
			if _, err := p.RefreshSource(t.Context(), src); err != nil {
				t.Fatal(err)
			}
			src = sourceNow(t, st, src.ID)
		}
		if full.Load() != 1 || conditional.Load() != 1 {
			t.Errorf("%d full and %d conditional responses, want 1 and 1", full.Load(), conditional.Load())
		}
	})
}
