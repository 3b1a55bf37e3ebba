package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/extract"
	"github.com/heraldnews/herald/internal/rank"
	"github.com/heraldnews/herald/internal/store"
)

// env is a running Herald web server over a real SQLite store, with a reader
// "ada" (password "correct horse") and a browser-like client that keeps cookies
// and does not follow redirects.
type env struct {
	t      *testing.T
	store  herald.Store
	auth   *auth.Service
	srv    *httptest.Server
	client *http.Client
	user   *herald.User
	logs   *logBuffer
}

type envOption func(*Deps)

func withoutAddSource() envOption { return func(d *Deps) { d.AddSource = nil } }

// readersAddSources lets the reader ada add sources, as --readers-add-sources does.
func readersAddSources() envOption { return func(d *Deps) { d.ReadersAddSources = true } }

func withStore(wrap func(herald.Store) herald.Store) envOption {
	return func(d *Deps) { d.Store = wrap(d.Store) }
}

func newEnv(t *testing.T, opts ...envOption) *env {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := &env{t: t, store: db, auth: auth.New(db, auth.Options{}), logs: &logBuffer{}}
	d := Deps{
		Store: db, Feed: &rank.Service{Store: db}, Auth: e.auth, Version: "test",
		Log:       slog.New(slog.NewTextHandler(e.logs, nil)),
		AddSource: func(ctx context.Context, raw string) (*herald.Source, error) { return addSourceForTest(ctx, db, raw) },
	}
	for _, o := range opts {
		o(&d)
	}
	mux := http.NewServeMux()
	Register(mux, d)
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	jar, _ := cookiejar.New(nil)
	e.client = &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if e.user, err = e.auth.CreateUser(ctx, "ada", "correct horse", false); err != nil {
		t.Fatal(err)
	}
	return e
}

// addSourceForTest stands in for ingest's AddSource: it accepts http(s) URLs only.
func addSourceForTest(ctx context.Context, st herald.Store, raw string) (*herald.Source, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, herald.Errorf(herald.EINVALID, "url: %q is not an http or https address", raw)
	}
	src := &herald.Source{URL: raw, Title: u.Host, FullText: herald.FullTextAuto}
	if err := st.CreateSource(ctx, src); err != nil {
		return nil, err
	}
	return src, nil
}

// signIn signs ada in through the login form.
func (e *env) signIn() {
	e.t.Helper()
	resp := e.post("/login", url.Values{"name": {"ada"}, "password": {"correct horse"}})
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("sign in: status %d, want 303", resp.StatusCode)
	}
}

// response is a finished request with its body read.
type response struct {
	*http.Response
	Body string
}

func (e *env) do(req *http.Request) response {
	e.t.Helper()
	resp, err := e.client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return response{Response: resp, Body: string(b)}
}

func (e *env) get(path string) response {
	e.t.Helper()
	req, err := http.NewRequest("GET", e.srv.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.do(req)
}

// post submits a form; extra headers come in pairs ("Origin", "https://x").
func (e *env) post(path string, form url.Values, headers ...string) response {
	e.t.Helper()
	req, err := http.NewRequest("POST", e.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return e.do(req)
}

// seedStory stores a story from a source created on first use, carrying topics.
func (e *env) seedStory(s herald.Story, topics ...herald.StoryTopic) int64 {
	e.t.Helper()
	ctx := context.Background()
	src, err := e.store.SourceByURL(ctx, "https://news.example/feed")
	if herald.IsNotFound(err) {
		src = &herald.Source{URL: "https://news.example/feed", Title: "Example News", FullText: herald.FullTextAuto}
		err = e.store.CreateSource(ctx, src)
	}
	if err != nil {
		e.t.Fatal(err)
	}
	s.SourceID = src.ID
	if s.URL == "" {
		s.URL = "https://news.example/" + url.PathEscape(s.Title)
	}
	if s.PublishedAt.IsZero() {
		s.PublishedAt = time.Now().Add(-3 * time.Hour)
	}
	s.Topics = topics
	res, err := e.store.UpsertStory(ctx, &s)
	if err != nil {
		e.t.Fatal(err)
	}
	return res.ID
}

func topic(slug, name, kind string, salience float64) herald.StoryTopic {
	return herald.StoryTopic{Topic: herald.Topic{Slug: slug, Name: name, Kind: kind}, Salience: salience}
}

// logBuffer collects log output safely across the server's goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func wantStatus(t *testing.T, r response, status int) {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d\n%s", r.Request.Method, r.Request.URL.Path, r.StatusCode, status, r.Body)
	}
}

func wantContains(t *testing.T, r response, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(r.Body, s) {
			t.Errorf("%s %s: body lacks %q", r.Request.Method, r.Request.URL.Path, s)
		}
	}
}

func wantLacks(t *testing.T, r response, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(r.Body, s) {
			t.Errorf("%s %s: body has %q", r.Request.Method, r.Request.URL.Path, s)
		}
	}
}

// wantText checks the page's visible text, with tags removed and spaces collapsed.
func wantText(t *testing.T, r response, subs ...string) {
	t.Helper()
	text := extract.InlineText(r.Body)
	for _, s := range subs {
		if !strings.Contains(text, s) {
			t.Errorf("%s %s: text lacks %q", r.Request.Method, r.Request.URL.Path, s)
		}
	}
}
