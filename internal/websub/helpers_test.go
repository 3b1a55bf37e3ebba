package websub_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/analyze"
	"github.com/heraldnews/herald/internal/fetch"
	"github.com/heraldnews/herald/internal/ingest"
	"github.com/heraldnews/herald/internal/store"
	"github.com/heraldnews/herald/internal/topic"
	"github.com/heraldnews/herald/internal/websub"
)

var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}

// env is a Herald with a WebSub subscriber: a real SQLite store and ingest
// pipeline, and the callback handler served over loopback at public.
type env struct {
	store  herald.Store
	pipe   *ingest.Pipeline
	sub    *websub.Subscriber
	public string // the callback server's base URL, Herald's public URL
}

// newEnv builds an env; opts may set Options fields other than PublicURL and Ingest.
func newEnv(t *testing.T, opts websub.Options) *env {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	fetcher := fetch.New(fetch.Options{AllowNetworks: loopback, Timeout: 5 * time.Second})
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	e := &env{store: st, public: srv.URL}
	opts.PublicURL = srv.URL
	opts.Ingest = func(ctx context.Context, id int64, body []byte, ct string) error {
		_, err := e.pipe.IngestPushed(ctx, id, body, ct)
		return err
	}
	if e.sub, err = websub.New(st, fetcher, log, opts); err != nil {
		t.Fatal(err)
	}
	handler = e.sub.Handler()
	an := analyze.New(nil, topic.NewResolver(topic.Options{}), nil)
	e.pipe = ingest.New(st, fetcher, an, log, ingest.Options{AllowNetworks: loopback, WebSub: e.sub})
	t.Cleanup(e.sub.Wait)
	return e
}

// source adds a source with url.
func (e *env) source(t *testing.T, url string) *herald.Source {
	t.Helper()
	src := &herald.Source{URL: url, Title: "Gazette"}
	if err := e.store.CreateSource(t.Context(), src); err != nil {
		t.Fatal(err)
	}
	return src
}

// subscription reads the subscription of source id.
func (e *env) subscription(t *testing.T, id int64) *herald.Subscription {
	t.Helper()
	sub, err := e.store.Subscription(t.Context(), id)
	if err != nil {
		t.Fatalf("Subscription(%d): %v", id, err)
	}
	return sub
}

// stories returns the titles of source id's stories.
func (e *env) stories(t *testing.T, id int64) []string {
	t.Helper()
	page, err := e.store.Stories(t.Context(), herald.StoryFilter{SourceID: id, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, s := range page.Items {
		titles = append(titles, s.Title)
	}
	return titles
}

// callback sends the hub's request to Herald's callback for token.
func (e *env) callback(t *testing.T, method, token string, query url.Values, header http.Header, body string) (int, string) {
	t.Helper()
	u := e.public + "/websub/" + token
	if query != nil {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(t.Context(), method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// verify has the hub verify the subscribe intent of sub and fails t unless
// the challenge comes back.
func (e *env) verify(t *testing.T, sub *herald.Subscription, lease string) {
	t.Helper()
	q := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {sub.TopicURL}, "hub.challenge": {"c-123"}, "hub.lease_seconds": {lease}}
	if code, body := e.callback(t, http.MethodGet, sub.Token, q, nil, ""); code != http.StatusOK || body != "c-123" {
		t.Fatalf("verification = %d %q, want 200 with the challenge", code, body)
	}
}

// push has the hub distribute body for sub, signed with method ("" for no signature).
func (e *env) push(t *testing.T, sub *herald.Subscription, method, secret, body string) int {
	t.Helper()
	h := http.Header{"Content-Type": {"application/rss+xml; charset=utf-8"}}
	if method != "" {
		h.Set("X-Hub-Signature", sign(method, secret, body))
	}
	code, _ := e.callback(t, http.MethodPost, sub.Token, nil, h, body)
	return code
}

// sign computes an X-Hub-Signature the way a hub does.
func sign(method, secret, body string) string {
	hashes := map[string]func() hash.Hash{"sha1": sha1.New, "sha256": sha256.New, "sha384": sha512.New384, "sha512": sha512.New}
	mac := hmac.New(hashes[method], []byte(secret))
	mac.Write([]byte(body))
	return method + "=" + hex.EncodeToString(mac.Sum(nil))
}

// hub is a fake WebSub hub that records the requests it gets.
type hub struct {
	*httptest.Server
	mu       sync.Mutex
	requests []url.Values
	status   int // answer to requests; 202 by default
}

func newHub(t *testing.T) *hub {
	h := &hub{status: http.StatusAccepted}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			http.Error(w, "want a form POST", http.StatusBadRequest)
			return
		}
		r.ParseForm()
		h.mu.Lock()
		defer h.mu.Unlock()
		h.requests = append(h.requests, r.PostForm)
		w.WriteHeader(h.status)
	}))
	t.Cleanup(h.Close)
	return h
}

// got returns the requests so far.
func (h *hub) got() []url.Values {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]url.Values(nil), h.requests...)
}

// item is one RSS item of a test feed.
type item struct{ guid, title string }

// rss returns an RSS document with items; hubURL and selfURL, when set, are
// announced with atom:link.
func rss(base, hubURL, selfURL string, items ...item) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>The Test Gazette</title><link>` + base + `/</link>`)
	if hubURL != "" {
		fmt.Fprintf(&b, `<atom:link rel="hub" href="%s"/>`, hubURL)
	}
	if selfURL != "" {
		fmt.Fprintf(&b, `<atom:link rel="self" href="%s"/>`, selfURL)
	}
	date := time.Now().Add(-time.Hour).UTC().Format(time.RFC1123Z)
	for _, it := range items {
		fmt.Fprintf(&b, `<item><title>%s</title><link>%s/%s</link><guid>%s</guid><pubDate>%s</pubDate>
<description><![CDATA[<p>%s: the council met on Tuesday and voted.</p><script>alert(1)</script>]]></description></item>`,
			it.title, base, it.guid, it.guid, date, it.title)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}
