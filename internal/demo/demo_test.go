package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
)

var testNow = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func newTestPublisher(t testing.TB) *Publisher {
	t.Helper()
	p, err := New(testNow)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return p
}

func newTestServer(t testing.TB) (*Publisher, *httptest.Server) {
	t.Helper()
	p := newTestPublisher(t)
	srv := httptest.NewServer(p.Handler())
	t.Cleanup(srv.Close)
	return p, srv
}

// get fetches url with the given request headers and returns the response
// with its body read.
func get(t testing.TB, url string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", url, err)
	}
	return res, body
}

func TestNewDatesStoriesBeforeNow(t *testing.T) {
	now := time.Now()
	p, err := New(now)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	stories := p.Stories()
	for i, st := range stories {
		if !st.Published.Before(now) || st.Published.Before(now.Add(-MaxAge-time.Second)) {
			t.Errorf("%s published %v, want within %v before %v", st.Path(), st.Published, MaxAge, now)
		}
		if st.Published.Location() != time.UTC {
			t.Errorf("%s published in %v, want UTC", st.Path(), st.Published.Location())
		}
		if i > 0 && st.Published.After(stories[i-1].Published) {
			t.Errorf("Stories() not newest first at %d: %v after %v", i, st.Published, stories[i-1].Published)
		}
	}
}

func TestStoriesIsACopy(t *testing.T) {
	p := newTestPublisher(t)
	p.Stories()[0].Title = "changed"
	p.Sources()[0].Title = "changed"
	if p.Stories()[0].Title == "changed" || p.Sources()[0].Title == "changed" {
		t.Error("changing the returned slices changed the publisher")
	}
}

func TestFeedURLs(t *testing.T) {
	p := newTestPublisher(t)
	want := []string{
		"http://127.0.0.1:9/harbour-gazette/rss.xml",
		"http://127.0.0.1:9/northwind/atom.xml",
		"http://127.0.0.1:9/circuit/feed.json",
		"http://127.0.0.1:9/meridian-sport/rss.xml",
		"http://127.0.0.1:9/civic-ledger/index.rdf",
		"http://127.0.0.1:9/calderia-today/feed.json",
		"http://127.0.0.1:9/saltmarsh-courier/atom.xml",
	}
	for _, base := range []string{"http://127.0.0.1:9", "http://127.0.0.1:9/"} {
		got := p.FeedURLs(base)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("FeedURLs(%q) = %q, want %q", base, got, want)
		}
	}
}

// feedKind is what gofeed must find in a feed of one format.
type feedKind struct {
	feedType, version string
	fullText          bool // items carry the full text as content
	guid              bool // items carry an id (RSS 1.0 has none: rdf:about is the link)
}

var feedKinds = map[Format]feedKind{
	FormatRSS:        {"rss", "2.0", true, true},
	FormatRSSSummary: {"rss", "2.0", false, true},
	FormatAtom:       {"atom", "1.0", true, true},
	FormatJSON:       {"json", "https://jsonfeed.org/version/1.1", true, true},
	FormatRDF:        {"rss", "1.0", true, false},
}

func TestFeedsParse(t *testing.T) {
	p, srv := newTestServer(t)
	for i, src := range p.Sources() {
		t.Run(src.Slug, func(t *testing.T) {
			res, body := get(t, p.FeedURLs(srv.URL)[i], nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, feedTypes[src.Format]) {
				t.Errorf("Content-Type %q, want %s", ct, feedTypes[src.Format])
			}
			checkWellFormed(t, src.Format, body)
			feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("gofeed: %v", err)
			}
			kind := feedKinds[src.Format]
			if feed.FeedType != kind.feedType || feed.FeedVersion != kind.version {
				t.Errorf("detected %s %s, want %s %s", feed.FeedType, feed.FeedVersion, kind.feedType, kind.version)
			}
			if feed.Title != src.Title || feed.Link != srv.URL+src.HomePath() {
				t.Errorf("feed title %q link %q, want %q %q", feed.Title, feed.Link, src.Title, srv.URL+src.HomePath())
			}
			checkItems(t, srv.URL, feed.Items, p.bySource[src.Slug], kind)
		})
	}
}

// checkWellFormed parses a feed strictly: gofeed forgives malformed XML.
func checkWellFormed(t *testing.T, format Format, body []byte) {
	t.Helper()
	if format == FormatJSON {
		if !json.Valid(body) {
			t.Error("feed is not valid JSON")
		}
		return
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("feed is not well-formed XML: %v", err)
		}
	}
}

func checkItems(t *testing.T, base string, items []*gofeed.Item, want []Story, kind feedKind) {
	t.Helper()
	if len(items) != len(want) {
		t.Fatalf("%d items, want %d", len(items), len(want))
	}
	for i, item := range items {
		st := want[i]
		if item.Title != st.Title || item.Link != base+st.Path() {
			t.Errorf("item %d: title %q link %q, want %q %q", i, item.Title, item.Link, st.Title, base+st.Path())
		}
		wantGUID := ""
		if kind.guid {
			wantGUID = tagURI(st.Source + "/" + st.Slug)
		}
		if item.GUID != wantGUID {
			t.Errorf("item %d: guid %q, want %q", i, item.GUID, wantGUID)
		}
		if item.PublishedParsed == nil || !item.PublishedParsed.Equal(st.Published) || !st.Published.Before(testNow) {
			t.Errorf("item %d: published %v, want %v (before %v)", i, item.PublishedParsed, st.Published, testNow)
		}
		if i > 0 && item.PublishedParsed.After(*items[i-1].PublishedParsed) {
			t.Errorf("item %d is newer than item %d", i, i-1)
		}
		if len(item.Authors) != 1 || item.Authors[0].Name != st.Author {
			t.Errorf("item %d: authors %+v, want %q", i, item.Authors, st.Author)
		}
		if len(item.Categories) != 1 || item.Categories[0] != st.Category {
			t.Errorf("item %d: categories %q, want %q", i, item.Categories, st.Category)
		}
		if item.Description != st.Summary {
			t.Errorf("item %d: description %q, want the summary %q", i, item.Description, st.Summary)
		}
		content := strings.TrimPrefix(item.Content, figureHTML(base, st)) // RSS 1.0 carries the lead image as a figure
		if kind.fullText && content != st.HTML || !kind.fullText && item.Content != "" {
			t.Errorf("item %d: content %.60q..., want full text %v", i, item.Content, kind.fullText)
		}
	}
}

func TestArticlePages(t *testing.T) {
	p, srv := newTestServer(t)
	for _, st := range p.Stories() {
		url := srv.URL + st.Path()
		res, body := get(t, url, nil)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("GET %s: %d %s", url, res.StatusCode, res.Header.Get("Content-Type"))
			continue
		}
		page := readPage(t, body)
		want := map[string]string{
			"h1":                     st.Title,
			"canonical":              url,
			"og:title":               st.Title,
			"og:url":                 url,
			"article:published_time": st.Published.Format(time.RFC3339),
			"article:author":         st.Author,
			"author":                 st.Author,
			"description":            st.Summary,
		}
		for key, v := range want {
			if page[key] != v {
				t.Errorf("%s: %s = %q, want %q", st.Path(), key, page[key], v)
			}
		}
		if first, _, _ := strings.Cut(st.Text, "\n\n"); !strings.Contains(page["body"], first) {
			t.Errorf("%s: article text lacks the first paragraph %.60q...", st.Path(), first)
		}
	}
}

// readPage parses an HTML page and returns what a full-text extractor looks
// for: the h1 text, the canonical link, meta tags by name or property and the
// article text.
func readPage(t *testing.T, body []byte) map[string]string {
	t.Helper()
	if !bytes.HasPrefix(body, []byte("<!doctype html>")) {
		t.Errorf("page does not start with a doctype: %.40q", body)
	}
	root, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("parse page: %v", err)
	}
	page := make(map[string]string)
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		attr := attrs(n)
		switch {
		case n.Data == "h1":
			page["h1"] = textOf(n)
		case n.Data == "article":
			page["body"] = textOf(n)
		case n.Data == "link" && attr["rel"] == "canonical":
			page["canonical"] = attr["href"]
		case n.Data == "meta" && attr["property"] != "":
			page[attr["property"]] = attr["content"]
		case n.Data == "meta" && attr["name"] != "":
			page[attr["name"]] = attr["content"]
		}
	}
	return page
}

func attrs(n *html.Node) map[string]string {
	m := make(map[string]string, len(n.Attr))
	for _, a := range n.Attr {
		m[a.Key] = a.Val
	}
	return m
}

func TestIndexListsFeeds(t *testing.T) {
	p, srv := newTestServer(t)
	res, body := get(t, srv.URL+"/", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /: status %d", res.StatusCode)
	}
	root, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("parse index: %v", err)
	}
	alternates, anchors := make(map[string]bool), make(map[string]bool)
	for n := range root.Descendants() {
		a := attrs(n)
		switch {
		case n.Data == "link" && a["rel"] == "alternate":
			alternates[a["href"]] = true
		case n.Data == "a":
			anchors[a["href"]] = true
		}
	}
	for i, u := range p.FeedURLs(srv.URL) {
		if !alternates[u] || !anchors[u] || !anchors[srv.URL+p.Sources()[i].HomePath()] {
			t.Errorf("index does not link feed %s and its home page (alternate %v, anchor %v)", u, alternates[u], anchors[u])
		}
	}
}

func TestSourcePagesListStories(t *testing.T) {
	p, srv := newTestServer(t)
	for _, src := range p.Sources() {
		_, body := get(t, srv.URL+src.HomePath(), nil)
		for _, st := range p.bySource[src.Slug] {
			if !bytes.Contains(body, []byte(`href="`+srv.URL+st.Path()+`"`)) {
				t.Errorf("%s does not link %s", src.HomePath(), st.Path())
			}
		}
	}
}

func TestConditionalGet(t *testing.T) {
	p, srv := newTestServer(t)
	paths := []string{"/", "/circuit/", p.Stories()[0].Path()}
	for _, s := range p.Sources() {
		paths = append(paths, s.FeedPath())
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			url := srv.URL + path
			first, body := get(t, url, nil)
			etag, lastMod := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
			if etag == "" || lastMod == "" {
				t.Fatalf("ETag %q, Last-Modified %q: want both", etag, lastMod)
			}
			again, body2 := get(t, url, nil)
			if again.Header.Get("ETag") != etag || !bytes.Equal(body, body2) {
				t.Error("a second GET returned a different document")
			}
			checkStatus(t, url, map[string]string{"If-None-Match": etag}, http.StatusNotModified)
			checkStatus(t, url, map[string]string{"If-Modified-Since": lastMod}, http.StatusNotModified)
			checkStatus(t, url, map[string]string{"If-None-Match": `"stale"`}, http.StatusOK)
			older := testNow.Add(-2 * MaxAge).Format(http.TimeFormat)
			checkStatus(t, url, map[string]string{"If-Modified-Since": older}, http.StatusOK)
		})
	}
}

func checkStatus(t *testing.T, url string, header map[string]string, want int) {
	t.Helper()
	res, body := get(t, url, header)
	if res.StatusCode != want {
		t.Errorf("GET with %v: status %d, want %d", header, res.StatusCode, want)
	}
	if want == http.StatusNotModified && len(body) != 0 {
		t.Errorf("304 with a %d-byte body", len(body))
	}
}

func TestFeedsStableAcrossPublishers(t *testing.T) {
	_, srv1 := newTestServer(t)
	_, srv2 := newTestServer(t)
	path := "/northwind/atom.xml"
	// Both servers listen on different ports, so compare with the hosts evened out.
	_, b1 := get(t, srv1.URL+path, nil)
	_, b2 := get(t, srv2.URL+path, nil)
	b2 = bytes.ReplaceAll(b2, []byte(srv2.URL), []byte(srv1.URL))
	if !bytes.Equal(b1, b2) {
		t.Error("two publishers started at the same time serve different feeds")
	}
}

func TestNotFound(t *testing.T) {
	_, srv := newTestServer(t)
	for _, path := range []string{"/nowhere/", "/nowhere/story", "/circuit/no-such-story", "/circuit/rss.xml", "/favicon.ico"} {
		if res, _ := get(t, srv.URL+path, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, res.StatusCode)
		}
	}
	res, err := http.Post(srv.URL+"/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /: status %d, want 405", res.StatusCode)
	}
}

func TestStart(t *testing.T) {
	p := newTestPublisher(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, err := p.Start(ctx, "127.0.0.1:0", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	for _, u := range append(p.FeedURLs(base), base+"/") {
		if res, _ := get(t, u, nil); res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d", u, res.StatusCode)
		}
	}
	cancel()
	deadline := time.Now().Add(5 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), time.Second)
		if err != nil {
			break
		}
		conn.Close()
		if time.Now().After(deadline) {
			t.Fatal("server still accepts connections 5s after its context ended")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestStartListenError(t *testing.T) {
	p := newTestPublisher(t)
	if _, err := p.Start(context.Background(), "127.0.0.1:notaport", slog.New(slog.DiscardHandler)); err == nil {
		t.Error("Start on a malformed address succeeded")
	}
}

func TestReachable(t *testing.T) {
	tests := []struct {
		name string
		addr net.Addr
		want string
	}{
		{"loopback", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "127.0.0.1:8080"},
		{"ipv4 unspecified", &net.TCPAddr{IP: net.IPv4zero, Port: 80}, "127.0.0.1:80"},
		{"ipv6 unspecified", &net.TCPAddr{IP: net.IPv6unspecified, Port: 81}, "127.0.0.1:81"},
		{"ipv6 loopback", &net.TCPAddr{IP: net.IPv6loopback, Port: 82}, "[::1]:82"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := reachable(tt.addr); got != tt.want {
				t.Errorf("reachable(%v) = %q, want %q", tt.addr, got, tt.want)
			}
		})
	}
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(testNow); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkServe(b *testing.B) {
	p := newTestPublisher(b)
	h := p.Handler()
	paths := map[string]string{"article": p.Stories()[0].Path()}
	for _, s := range p.Sources() {
		paths[string(s.Format)] = s.FeedPath()
	}
	for name, path := range paths {
		b.Run(name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
}
