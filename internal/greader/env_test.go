package greader_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/api"
	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/greader"
	"github.com/heraldnews/herald/internal/rank"
	"github.com/heraldnews/herald/internal/reading"
	"github.com/heraldnews/herald/internal/store"
)

// env is Herald's Google Reader API and JSON API over one SQLite store: the
// reader ada follows sources World and Sport and the topic North Korea;
// source Other is not followed, and brings one North Korea story.
type env struct {
	t        *testing.T
	srv      *httptest.Server
	store    *store.DB
	auth     *auth.Service
	ada      *herald.User
	password string // ada's app password
	bearer   string // ada's API token
	world    *herald.Source
	sport    *herald.Source
	other    *herald.Source
	stories  map[string]*herald.Story // by external id
	now      time.Time
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := t.Context()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := &env{t: t, store: db, stories: map[string]*herald.Story{}, now: time.Now().UTC().Truncate(time.Second)}
	e.auth = auth.New(db, auth.Options{LoginState: auth.StoredState{Store: db}, FeedKeys: db})
	e.ada = &herald.User{Name: "ada", PasswordHash: mustHash(t, "account password")}
	if err := db.CreateUser(ctx, e.ada); err != nil {
		t.Fatal(err)
	}
	if e.password, err = e.auth.CreateAppPassword(ctx, e.ada, "test app"); err != nil {
		t.Fatal(err)
	}
	if e.bearer, err = e.auth.CreateToken(ctx, e.ada.ID, "test"); err != nil {
		t.Fatal(err)
	}
	e.world = e.source("https://world.example/feed", "World Desk", "News")
	e.sport = e.source("https://sport.example/feed", "Sport Page", "Sport")
	e.other = e.source("https://other.example/feed", "Other Times", "")
	nk := herald.StoryTopic{Topic: herald.Topic{Slug: "north-korea", Name: "North Korea", Kind: herald.KindPlace}, Salience: 0.9}
	climate := herald.StoryTopic{Topic: herald.Topic{Slug: "climate", Name: "Climate", Kind: herald.KindOther}, Salience: 0.6}
	e.story(e.world, "w1", 50*time.Minute)
	e.story(e.world, "w2", 40*time.Minute, nk)
	e.story(e.world, "w3", 30*time.Minute, climate)
	e.story(e.sport, "s1", 20*time.Minute)
	e.story(e.sport, "s2", 10*time.Minute)
	e.story(e.other, "o1", 45*time.Minute, nk)
	e.story(e.other, "o2", 35*time.Minute, climate)
	e.story(e.world, "old", 40*24*time.Hour) // outside the unread window
	for _, err := range []error{db.FollowSource(ctx, e.ada.ID, e.world.ID), db.FollowSource(ctx, e.ada.ID, e.sport.ID),
		db.FollowTopic(ctx, e.ada.ID, "north-korea")} {
		if err != nil {
			t.Fatal(err)
		}
	}
	feed := &rank.Service{Store: db}
	rd := &reading.Service{Store: db}
	mux := http.NewServeMux()
	greader.Register(mux, greader.Deps{Store: db, Feed: feed, Auth: e.auth, Reading: rd, ReadersAddSources: true,
		AddSource: e.addSource, Log: slog.New(slog.DiscardHandler)})
	api.Register(mux, api.Deps{Store: db, Feed: feed, Auth: e.auth})
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	return e
}

func mustHash(t *testing.T, pw string) string {
	h, err := auth.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func (e *env) source(url, title, category string) *herald.Source {
	src := &herald.Source{URL: url, Title: title, Category: category, SiteURL: strings.TrimSuffix(url, "/feed")}
	if err := e.store.CreateSource(e.t.Context(), src); err != nil {
		e.t.Fatal(err)
	}
	return src
}

// addSource stands for ingest's AddSource: it stores the source.
func (e *env) addSource(ctx context.Context, raw string) (*herald.Source, error) {
	src := &herald.Source{URL: raw, Title: "Added " + raw}
	return src, e.store.CreateSource(ctx, src)
}

// story stores a story of src published age ago.
func (e *env) story(src *herald.Source, ext string, age time.Duration, topics ...herald.StoryTopic) *herald.Story {
	st := &herald.Story{SourceID: src.ID, ExternalID: ext, URL: "https://news.example/" + ext, Title: "Story " + ext + " <&>",
		Summary: "<p>Summary of " + ext + "</p>", ContentHTML: "<p>Text of " + ext + "</p>", Authors: []string{"Ann Writer"},
		PublishedAt: e.now.Add(-age), FetchedAt: e.now.Add(-age).Add(time.Minute), Topics: topics}
	if _, err := e.store.UpsertStory(e.t.Context(), st); err != nil {
		e.t.Fatal(err)
	}
	e.stories[ext] = st
	return st
}

// id returns the id of the story with external id ext.
func (e *env) id(ext string) int64 {
	st, ok := e.stories[ext]
	if !ok {
		e.t.Fatalf("no story %q", ext)
	}
	return st.ID
}

// reply is an answer.
type reply struct {
	status int
	header http.Header
	body   string
}

// json decodes the body into v, failing unless the status is 200.
func (r reply) json(t *testing.T, v any) {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d, want 200: %s", r.status, r.body)
	}
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// ok fails unless the answer is 200 "OK".
func (r reply) ok(t *testing.T) {
	t.Helper()
	if r.status != http.StatusOK || r.body != "OK" {
		t.Fatalf("answer %d %q, want 200 OK", r.status, r.body)
	}
}

// client is a feed reader app: its Authorization header, if signed in.
type client struct {
	e    *env
	auth string
}

// do sends a request; body, when not "", is form-encoded unless headers
// say otherwise.
func (c client) do(method, path, body string, headers ...string) reply {
	c.e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, c.e.srv.URL+path, rd)
	if err != nil {
		c.e.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c.auth != "" {
		req.Header.Set("Authorization", c.auth)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	resp, err := c.e.srv.Client().Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

func (c client) get(path string) reply { return c.do("GET", path, "") }

func (c client) post(path, body string) reply { return c.do("POST", path, body) }

// login signs in the way most apps do and returns the signed-in client.
func (e *env) login() client {
	e.t.Helper()
	r := client{e: e}.post("/accounts/ClientLogin", "Email=ada&Passwd="+url.QueryEscape(e.password))
	if r.status != http.StatusOK {
		e.t.Fatalf("ClientLogin: %d %s", r.status, r.body)
	}
	for _, line := range strings.Split(r.body, "\n") {
		if auth, ok := strings.CutPrefix(line, "Auth="); ok {
			return client{e: e, auth: "GoogleLogin auth=" + auth}
		}
	}
	e.t.Fatalf("ClientLogin answered no Auth: %q", r.body)
	return client{}
}

// token returns the client's T token.
func (c client) token() string {
	c.e.t.Helper()
	r := c.get("/reader/api/0/token")
	if r.status != http.StatusOK || len(r.body) != 57 {
		c.e.t.Fatalf("token: %d %q", r.status, r.body)
	}
	return r.body
}

// itemRefs is stream/items/ids.
type itemRefs struct {
	ItemRefs []struct {
		ID string `json:"id"`
	} `json:"itemRefs"`
	Continuation string `json:"continuation"`
}

// contents is stream/contents and stream/items/contents.
type contents struct {
	ID           string `json:"id"`
	Items        []item `json:"items"`
	Continuation string `json:"continuation"`
}

type item struct {
	ID            string   `json:"id"`
	Title         string   `json:"title"`
	Published     int64    `json:"published"`
	CrawlTimeMsec string   `json:"crawlTimeMsec"`
	TimestampUsec string   `json:"timestampUsec"`
	Categories    []string `json:"categories"`
	Canonical     []struct {
		Href string `json:"href"`
	} `json:"canonical"`
	Origin struct {
		StreamID string `json:"streamId"`
		Title    string `json:"title"`
	} `json:"origin"`
	Summary struct {
		Content string `json:"content"`
	} `json:"summary"`
	Author string `json:"author"`
}

func (it item) has(category string) bool {
	for _, c := range it.Categories {
		if c == category {
			return true
		}
	}
	return false
}
