package feedout_test

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/feedout"
	"github.com/heraldnews/herald/internal/rank"
	"github.com/heraldnews/herald/internal/store"
)

// env serves the feeds over a store whose stories carry the text that
// trips feed writers: markup and entities in titles, ampersands in links,
// "]]>" and non-ASCII in content.
type env struct {
	t       *testing.T
	srv     *httptest.Server
	db      *store.DB
	auth    *auth.Service
	ada     *herald.User
	key     string
	bearer  string
	src     *herald.Source
	stories []*herald.Story // newest first
}

const trickyTitle = `Leaders <b>meet</b> & "talk" about 'peace' — Pyongyang's “summit”`

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := t.Context()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := &env{t: t, db: db, auth: auth.New(db, auth.Options{FeedKeys: db})}
	e.ada = &herald.User{Name: "ada", PasswordHash: "unused"}
	if err := db.CreateUser(ctx, e.ada); err != nil {
		t.Fatal(err)
	}
	if e.key, err = e.auth.FeedKey(ctx, e.ada.ID); err != nil {
		t.Fatal(err)
	}
	if e.bearer, err = e.auth.CreateToken(ctx, e.ada.ID, "test"); err != nil {
		t.Fatal(err)
	}
	e.src = &herald.Source{URL: "https://world.example/feed?a=1&b=2", Title: "World & Co", SiteURL: "https://world.example/"}
	if err := db.CreateSource(ctx, e.src); err != nil {
		t.Fatal(err)
	}
	nk := herald.StoryTopic{Topic: herald.Topic{Slug: "north-korea", Name: "North Korea", Kind: herald.KindPlace}, Salience: 0.9}
	base := time.Now().UTC().Truncate(time.Second).Add(-time.Hour)
	for i := 0; i < 3; i++ {
		st := &herald.Story{SourceID: e.src.ID, ExternalID: fmt.Sprintf("s%d", i), URL: fmt.Sprintf("https://world.example/story?id=%d&lang=en", i),
			Title: fmt.Sprintf("%s %d", trickyTitle, i), Summary: "<p>Summary with &amp; and <em>markup</em></p>",
			ContentHTML: "<p>Body ]]&gt; with ünïcödé and a <a href=\"https://x.example/?a=1&amp;b=2\">link</a></p>",
			Authors:     []string{"Kim & Lee"}, ImageURL: "https://img.example/p.png?w=1&h=2", ClusterID: 9,
			PublishedAt: base.Add(time.Duration(i) * time.Minute), Topics: []herald.StoryTopic{nk}}
		if _, err := db.UpsertStory(ctx, st); err != nil {
			t.Fatal(err)
		}
		e.stories = append([]*herald.Story{st}, e.stories...)
	}
	if err := db.FollowTopic(ctx, e.ada.ID, "north-korea"); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	feedout.Register(mux, feedout.Deps{Store: db, Feed: &rank.Service{Store: db}, Auth: e.auth})
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	return e
}

// get fetches path with extra headers (name, value pairs).
func (e *env) get(path string, headers ...string) (*http.Response, []byte) {
	e.t.Helper()
	req, err := http.NewRequest("GET", e.srv.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

// feedPaths are every feed of the fixture, without extension.
func (e *env) feedPaths() []string {
	return []string{"/feed", "/topics/north-korea/feed", fmt.Sprintf("/sources/%d/feed", e.src.ID), "/clusters/9/feed"}
}

func TestEveryFeedParses(t *testing.T) {
	e := newEnv(t)
	for _, path := range e.feedPaths() {
		for _, ext := range []string{"atom", "rss", "json"} {
			t.Run(path+"."+ext, func(t *testing.T) {
				resp, body := e.get(path + "." + ext + "?key=" + e.key)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("status %d: %s", resp.StatusCode, body)
				}
				wantType := map[string]string{"atom": "application/atom+xml", "rss": "application/rss+xml", "json": "application/feed+json"}[ext]
				if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, wantType) {
					t.Errorf("Content-Type = %q, want %s", ct, wantType)
				}
				if ext != "json" {
					strictXML(t, body)
				} else if !json.Valid(body) {
					t.Fatal("invalid JSON")
				}
				e.checkParsed(t, ext, body)
				feedparser(t, ext, body, len(e.stories))
			})
		}
	}
}

// strictXML fails unless body is well-formed XML throughout.
func strictXML(t *testing.T, body []byte) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(body)))
	d.Strict = true
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, body)
		}
	}
}

// checkParsed parses body with gofeed and checks every story is there with
// its title, link, id, dates and author as stored.
func (e *env) checkParsed(t *testing.T, ext string, body []byte) {
	t.Helper()
	f, err := gofeed.NewParser().ParseString(string(body))
	if err != nil {
		t.Fatalf("gofeed: %v\n%s", err, body)
	}
	wantType := map[string]string{"atom": "atom", "rss": "rss", "json": "json"}[ext]
	if f.FeedType != wantType || f.Title == "" || len(f.Items) != len(e.stories) {
		t.Fatalf("gofeed read type %q, title %q, %d items; want %s with %d items", f.FeedType, f.Title, len(f.Items), wantType, len(e.stories))
	}
	for i, it := range f.Items {
		st := e.stories[i]
		wantID := fmt.Sprintf("%s/stories/%d", e.srv.URL, st.ID)
		if it.Title != st.Title || it.Link != st.URL || it.GUID != wantID {
			t.Errorf("item %d: title %q link %q id %q\nwant %q %q %q", i, it.Title, it.Link, it.GUID, st.Title, st.URL, wantID)
		}
		if it.PublishedParsed == nil || !it.PublishedParsed.Equal(st.PublishedAt) {
			t.Errorf("item %d published %v, want %v", i, it.PublishedParsed, st.PublishedAt)
		}
		if len(it.Authors) == 0 || it.Authors[0].Name != "Kim & Lee" {
			t.Errorf("item %d authors %+v", i, it.Authors)
		}
		if text := it.Content + it.Description; !strings.Contains(text, "]]&gt;") || !strings.Contains(text, "ünïcödé") {
			t.Errorf("item %d content %q lost its text", i, text)
		}
	}
}

// feedparser parses body with Debian's python3-feedparser, when installed,
// and fails on any bozo (ill-formed) flag.
func feedparser(t *testing.T, ext string, body []byte, items int) {
	t.Helper()
	py := "/usr/bin/python3"
	if exec.Command(py, "-c", "import feedparser").Run() != nil {
		t.Log("python3-feedparser is not installed (apt-get install python3-feedparser); skipping its check")
		return
	}
	if ext == "json" && exec.Command(py, "-c", "import feedparser.parsers.json").Run() != nil {
		t.Log("this python3-feedparser reads no JSON Feed (Debian's 6.0 has no JSON parser); gofeed and the JSON Feed schema check it")
		return
	}
	path := filepath.Join(t.TempDir(), "feed."+ext)
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	script := `import feedparser, json, sys
d = feedparser.parse(open(sys.argv[1], 'rb').read())
print(json.dumps({"bozo": int(d.bozo), "error": str(d.get("bozo_exception", "")), "version": d.version,
  "titles": [e.get("title") for e in d.entries], "ids": [e.get("id") for e in d.entries]}))`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("feedparser: %v\n%s", err, out)
	}
	var got struct {
		Bozo    int
		Error   string
		Version string
		Titles  []string
		IDs     []string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("feedparser output %s: %v", out, err)
	}
	want := map[string]string{"atom": "atom10", "rss": "rss20", "json": "json11"}[ext]
	if got.Bozo != 0 || got.Version != want || len(got.Titles) != items || got.Titles[0] == "" {
		t.Errorf("feedparser: bozo %d (%s), version %q, %d entries; want no bozo, %s, %d entries", got.Bozo, got.Error, got.Version,
			len(got.Titles), want, items)
	}
	if len(got.Titles) > 0 && !strings.HasPrefix(got.Titles[0], trickyTitle) {
		t.Errorf("feedparser read title %q, want it to start %q", got.Titles[0], trickyTitle)
	}
}

func TestFeedAccess(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	publisher, err := e.auth.CreateSourceToken(ctx, e.ada.ID, e.src.ID, "push")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		path    string
		headers []string
		status  int
	}{
		{"feed key", "/feed.atom?key=" + e.key, nil, http.StatusOK},
		{"bearer token", "/topics/north-korea/feed.rss", []string{"Authorization", "Bearer " + e.bearer}, http.StatusOK},
		{"nothing", "/feed.atom", nil, http.StatusUnauthorized},
		{"malformed key", "/feed.json?key=nope", nil, http.StatusUnauthorized},
		{"unknown key", "/feed.json?key=hfk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", nil, http.StatusUnauthorized},
		{"publisher token", "/feed.atom", []string{"Authorization", "Bearer " + publisher}, http.StatusForbidden},
		{"unknown topic", "/topics/nowhere/feed.atom?key=" + e.key, nil, http.StatusNotFound},
		{"unknown source", "/sources/999/feed.atom?key=" + e.key, nil, http.StatusNotFound},
		{"unknown cluster", "/clusters/999/feed.atom?key=" + e.key, nil, http.StatusNotFound},
		{"malformed id", "/sources/x/feed.atom?key=" + e.key, nil, http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := e.get(tc.path, tc.headers...)
			if resp.StatusCode != tc.status {
				t.Errorf("GET %s = %d %s, want %d", tc.path, resp.StatusCode, body, tc.status)
			}
		})
	}
	// A new key revokes the old one.
	fresh, err := e.auth.ResetFeedKey(ctx, e.ada.ID)
	if err != nil {
		t.Fatal(err)
	}
	if resp, _ := e.get("/feed.atom?key=" + e.key); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the old key still reads: %d", resp.StatusCode)
	}
	if resp, _ := e.get("/feed.atom?key=" + fresh); resp.StatusCode != http.StatusOK {
		t.Errorf("the new key does not read: %d", resp.StatusCode)
	}
}

func TestConditionalGet(t *testing.T) {
	e := newEnv(t)
	path := "/topics/north-korea/feed.atom?key=" + e.key
	resp, body := e.get(path)
	etag, modified := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if etag == "" || modified == "" {
		t.Fatalf("ETag %q, Last-Modified %q: want both", etag, modified)
	}
	if lm, err := http.ParseTime(modified); err != nil || !lm.Equal(e.stories[0].PublishedAt) {
		t.Errorf("Last-Modified %q, want the newest story's time %v", modified, e.stories[0].PublishedAt)
	}
	if resp, _ := e.get(path, "If-None-Match", etag); resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match with the ETag = %d, want 304", resp.StatusCode)
	}
	if resp, _ := e.get(path, "If-Modified-Since", modified); resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since = %d, want 304", resp.StatusCode)
	}
	if _, again := e.get(path); string(again) != string(body) {
		t.Error("the same feed read twice differs")
	}
	st := &herald.Story{SourceID: e.src.ID, ExternalID: "new", URL: "https://world.example/new", Title: "New",
		PublishedAt: time.Now().UTC().Truncate(time.Second), Topics: e.stories[0].Topics}
	if _, err := e.db.UpsertStory(t.Context(), st); err != nil {
		t.Fatal(err)
	}
	resp, _ = e.get(path, "If-None-Match", etag)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == etag {
		t.Errorf("after a new story: %d with ETag %q; want 200 and a new ETag", resp.StatusCode, resp.Header.Get("ETag"))
	}
}

func TestMergedTopicFeed(t *testing.T) {
	e := newEnv(t)
	st := &herald.Story{SourceID: e.src.ID, ExternalID: "dprk", URL: "https://world.example/dprk", Title: "DPRK story",
		PublishedAt: time.Now().UTC().Add(-2 * time.Hour), Topics: []herald.StoryTopic{{Topic: herald.Topic{Slug: "dprk", Name: "DPRK",
			Kind: herald.KindPlace}, Salience: 0.5}}}
	if _, err := e.db.UpsertStory(t.Context(), st); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.MergeTopic(t.Context(), "dprk", "north-korea"); err != nil {
		t.Fatal(err)
	}
	_, body := e.get("/topics/dprk/feed.json?key=" + e.key)
	f, err := gofeed.NewParser().ParseString(string(body))
	if err != nil {
		t.Fatal(err)
	}
	if f.Title != "Herald: North Korea" || len(f.Items) != 4 {
		t.Errorf("merged topic's feed: %q with %d items, want North Korea's 4", f.Title, len(f.Items))
	}
}
