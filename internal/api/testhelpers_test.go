package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/api"
	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/fetch"
	"github.com/heraldnews/herald/internal/ingest"
	"github.com/heraldnews/herald/internal/rank"
	"github.com/heraldnews/herald/internal/store"
)

// Seeded topics.
var (
	topicKorea   = herald.Topic{Slug: "north-korea", Name: "North Korea", Kind: herald.KindPlace}
	topicClimate = herald.Topic{Slug: "climate", Name: "Climate", Kind: herald.KindOther}
	topicVote    = herald.Topic{Slug: "elections", Name: "Elections", Kind: herald.KindEvent}
)

// seedStories is how many stories routeEnv stores.
const seedStories = 12

// routeEnv is an API server over a real SQLite store in a temporary
// directory, with two users (A and B), two sources and seedStories stories.
type routeEnv struct {
	srv          *httptest.Server
	store        *store.DB
	path         string // the SQLite file
	auth         *auth.Service
	userA, userB *herald.User
	tokA, tokB   string
	alpha, beta  *herald.Source
	// ids is every seeded story id, newest first (published_at, then id).
	ids []int64
	// byTopic and bySource list seeded story ids, newest first.
	byTopic  map[string][]int64
	bySource map[int64][]int64
	// zeppelin is the one story whose text mentions "zeppelin".
	zeppelin int64
}

// newRouteEnv builds a routeEnv, with opts applied to the API's Deps;
// everything is closed when the test ends.
func newRouteEnv(t *testing.T, opts ...func(*api.Deps)) *routeEnv {
	t.Helper()
	return newRouteEnvOn(t, filepath.Join(t.TempDir(), "herald.db"), opts...)
}

// newRouteEnvOn is newRouteEnv over the store at path (an SQLite file or a
// PostgreSQL URL).
func newRouteEnvOn(t *testing.T, path string, opts ...func(*api.Deps)) *routeEnv {
	t.Helper()
	ctx := context.Background()
	store, err := store.Open(ctx, path)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { store.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	authSvc := auth.New(store, auth.Options{Log: log, FeedKeys: store})
	pipe := ingest.New(store, fetch.New(fetch.Options{}), nil, log, ingest.Options{})
	e := &routeEnv{store: store, path: path, auth: authSvc, byTopic: map[string][]int64{}, bySource: map[int64][]int64{}}
	e.userA, e.tokA = addUser(t, store, authSvc, "alice")
	e.userB, e.tokB = addUser(t, store, authSvc, "bob")
	e.alpha = addSource(t, store, "https://alpha.example/feed", "Alpha News")
	e.beta = addSource(t, store, "https://beta.example/feed", "Beta Post")
	e.seed(t)

	d := api.Deps{
		Store:     store,
		Feed:      &rank.Service{Store: store},
		Auth:      authSvc,
		Log:       log,
		AddSource: pipe.AddSource,
	}
	for _, o := range opts {
		o(&d)
	}
	mux := http.NewServeMux()
	api.Register(mux, d)
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	return e
}

func addUser(t *testing.T, store herald.Store, a *auth.Service, name string) (*herald.User, string) {
	t.Helper()
	return addUserAs(t, store, a, name, false)
}

// addUserAs creates a user, an administrator when admin is set, and returns
// it with an API token of theirs.
func addUserAs(t *testing.T, store herald.Store, a *auth.Service, name string, admin bool) (*herald.User, string) {
	t.Helper()
	ctx := context.Background()
	// The hash is never checked: the tests sign in with API tokens only.
	u := &herald.User{Name: name, PasswordHash: "unused", IsAdmin: admin}
	if err := store.CreateUser(ctx, u); err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	tok, err := a.CreateToken(ctx, u.ID, "test")
	if err != nil {
		t.Fatalf("create token for %s: %v", name, err)
	}
	return u, tok
}

func addSource(t *testing.T, store herald.Store, url, title string) *herald.Source {
	t.Helper()
	s := &herald.Source{URL: url, Title: title}
	if err := store.CreateSource(context.Background(), s); err != nil {
		t.Fatalf("create source %s: %v", url, err)
	}
	return s
}

// seedTopics returns the topics of seeded story i: north-korea for i%3 == 0,
// climate for i%3 == 1, elections and climate for i%3 == 2.
func seedTopics(i int) []herald.StoryTopic {
	switch i % 3 {
	case 0:
		return []herald.StoryTopic{{Topic: topicKorea, Salience: 0.9}}
	case 1:
		return []herald.StoryTopic{{Topic: topicClimate, Salience: 0.6}}
	}
	return []herald.StoryTopic{{Topic: topicVote, Salience: 0.8}, {Topic: topicClimate, Salience: 0.3}}
}

// seed stores the stories. Stories come in pairs that share a publication time,
// so that paging has to break ties on id; even stories are Alpha's, odd Beta's.
func (e *routeEnv) seed(t *testing.T) {
	t.Helper()
	base := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	type seeded struct {
		id int64
		at time.Time
		s  *herald.Story
	}
	var all []seeded
	for i := range seedStories {
		src := e.alpha
		if i%2 == 1 {
			src = e.beta
		}
		body := fmt.Sprintf("<p>Body of story %d.</p>", i)
		if i == 7 {
			body = "<p>A zeppelin crossed the channel.</p>"
		}
		s := &herald.Story{
			SourceID:    src.ID,
			ExternalID:  fmt.Sprintf("ext-%d", i),
			URL:         fmt.Sprintf("https://%s/story/%d", strings.TrimPrefix(strings.TrimSuffix(src.URL, "/feed"), "https://"), i),
			Title:       fmt.Sprintf("Story %02d", i),
			Summary:     fmt.Sprintf("Summary %d", i),
			ContentHTML: body,
			Authors:     []string{"Ann Writer"},
			PublishedAt: base.Add(-time.Duration(i/2) * time.Minute),
			Section:     "world",
			ClusterID:   int64(100 + i),
			Topics:      seedTopics(i),
		}
		res, err := e.store.UpsertStory(context.Background(), s)
		if err != nil || !res.Created {
			t.Fatalf("seed story %d: %+v, %v", i, res, err)
		}
		all = append(all, seeded{res.ID, s.PublishedAt, s})
		if i == 7 {
			e.zeppelin = res.ID
		}
	}
	slices.SortFunc(all, func(a, b seeded) int {
		if c := b.at.Compare(a.at); c != 0 {
			return c
		}
		return int(b.id - a.id)
	})
	for _, s := range all {
		e.ids = append(e.ids, s.id)
		e.bySource[s.s.SourceID] = append(e.bySource[s.s.SourceID], s.id)
		for _, tp := range s.s.Topics {
			e.byTopic[tp.Slug] = append(e.byTopic[tp.Slug], s.id)
		}
	}
}

// response is what a test request got back.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request with an optional bearer token (none when tok is "") and
// an optional body: a string or []byte is sent as is, anything else as JSON.
func (e *routeEnv) do(t *testing.T, method, path, tok string, body any) response {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatalf("marshal body: %v", err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		t.Fatalf("new request: %v", err)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return send(t, e.srv.Client(), req)
}

func send(t *testing.T, c *http.Client, req *http.Request) response {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", req.Method, req.URL.Path, err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: raw}
}

// decodeInto decodes r's JSON body into v, failing the test on a wrong status.
func (r response) decodeInto(t *testing.T, wantStatus int, v any) {
	t.Helper()
	if r.status != wantStatus {
		t.Fatalf("status = %d, want %d; body %s", r.status, wantStatus, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type = %q, want application/json", ct)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// apiError is the API's error body.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// wantError checks that r is a JSON error with status, code, and a message
// that contains every one of substrs.
func (r response) wantError(t *testing.T, status int, code string, substrs ...string) {
	t.Helper()
	var e apiError
	r.decodeInto(t, status, &e)
	if e.Error.Code != code {
		t.Errorf("error code = %q, want %q (body %s)", e.Error.Code, code, r.body)
	}
	if e.Error.Message == "" {
		t.Errorf("error message is empty (body %s)", r.body)
	}
	for _, s := range substrs {
		if !strings.Contains(e.Error.Message, s) {
			t.Errorf("error message %q does not contain %q", e.Error.Message, s)
		}
	}
}

// storyIDs returns the ids of stories in order.
func storyIDs(ss []*herald.Story) []int64 {
	ids := make([]int64, len(ss))
	for i, s := range ss {
		ids[i] = s.ID
	}
	return ids
}

// feedPage is the body of GET /api/v1/feed.
type feedPage struct {
	Items      []herald.FeedItem `json:"items"`
	NextCursor string            `json:"next_cursor"`
}

// feedIDs returns the story ids of a whole feed, walking every page of size
// limit, and fails the test if a story shows up twice.
func (e *routeEnv) feedIDs(t *testing.T, tok string, limit int) []int64 {
	t.Helper()
	var ids []int64
	seen := map[int64]bool{}
	cursor := ""
	for page := 0; ; page++ {
		if page > seedStories+1 {
			t.Fatalf("feed paging does not end")
		}
		var p feedPage
		e.do(t, "GET", fmt.Sprintf("/api/v1/feed?limit=%d&cursor=%s", limit, cursor), tok, nil).decodeInto(t, http.StatusOK, &p)
		if p.Items == nil {
			t.Fatalf("feed items is null, want an array")
		}
		if len(p.Items) > limit {
			t.Fatalf("feed page has %d items, limit %d", len(p.Items), limit)
		}
		for _, it := range p.Items {
			if seen[it.Story.ID] {
				t.Fatalf("story %d appears twice in the feed", it.Story.ID)
			}
			seen[it.Story.ID] = true
			ids = append(ids, it.Story.ID)
		}
		if p.NextCursor == "" {
			return ids
		}
		cursor = p.NextCursor
	}
}

// union returns the ids in any of lists, in the order of order.
func union(order []int64, lists ...[]int64) []int64 {
	in := map[int64]bool{}
	for _, l := range lists {
		for _, id := range l {
			in[id] = true
		}
	}
	var out []int64
	for _, id := range order {
		if in[id] {
			out = append(out, id)
		}
	}
	return out
}

// without returns order minus the ids in drop.
func without(order []int64, drop ...[]int64) []int64 {
	out := []int64{}
	for _, id := range order {
		if !slices.ContainsFunc(drop, func(l []int64) bool { return slices.Contains(l, id) }) {
			out = append(out, id)
		}
	}
	return out
}
