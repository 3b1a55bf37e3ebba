package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func noEnv(string) string { return "" }

// herald runs one CLI command in-process and returns its standard output.
func cli(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	var out, errOut syncBuffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: noEnv}
	if code := run(context.Background(), e, args); code != 0 {
		t.Fatalf("herald %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out.String(), errOut.String())
	}
	return out.String()
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// client calls the JSON API with a bearer token.
type client struct {
	t     *testing.T
	base  string
	token string
}

func (c client) do(method, path string, want int, out any) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		c.t.Fatalf("%s %s = %d, want %d: %s", method, path, resp.StatusCode, want, body)
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			c.t.Fatalf("%s %s: decode %s: %v", method, path, body, err)
		}
	}
}

type feedResponse struct {
	Items []struct {
		Story struct {
			ID     int64  `json:"id"`
			Title  string `json:"title"`
			Topics []struct {
				Slug string `json:"slug"`
			} `json:"topics"`
		} `json:"story"`
		Reasons []struct {
			Kind string `json:"kind"`
			Text string `json:"text"`
		} `json:"reasons"`
	} `json:"items"`
}

// followAndRead follows the topic with the most stories and checks the feed:
// stories carrying that topic, each with a reason. It returns the topic's slug.
func followAndRead(t *testing.T, c client) string {
	t.Helper()
	var topics struct {
		Items []struct {
			Slug       string `json:"slug"`
			Name       string `json:"name"`
			StoryCount int    `json:"story_count"`
		} `json:"items"`
	}
	c.do("GET", "/api/v1/topics?limit=20", http.StatusOK, &topics)
	if len(topics.Items) == 0 {
		t.Fatal("no topics after ingest")
	}
	slug := topics.Items[0].Slug
	var feed feedResponse
	c.do("GET", "/api/v1/feed", http.StatusOK, &feed)
	// A reader who follows nothing gets discovery (the newest and trending
	// stories), each explained, and none claims a follow.
	for _, it := range feed.Items {
		if len(it.Reasons) == 0 {
			t.Errorf("feed story %q before following anything has no reason", it.Story.Title)
		}
		for _, r := range it.Reasons {
			if strings.HasPrefix(r.Kind, "followed_") {
				t.Errorf("feed story %q before following anything has reason %+v", it.Story.Title, r)
			}
		}
	}
	c.do("PUT", "/api/v1/follows/topics/"+slug, http.StatusOK, nil)
	c.do("GET", "/api/v1/feed", http.StatusOK, &feed)
	if len(feed.Items) == 0 {
		t.Fatalf("feed after following %s is empty", slug)
	}
	// The followed topic's stories lead with the follow as their reason; a
	// story claiming the follow carries the topic.
	followed := 0
	for _, it := range feed.Items {
		has := false
		for _, tp := range it.Story.Topics {
			has = has || tp.Slug == slug
		}
		claims := false
		for _, r := range it.Reasons {
			claims = claims || r.Kind == "followed_topic"
		}
		if claims && !has {
			t.Errorf("feed story %q says it is there for a followed topic but does not carry %s", it.Story.Title, slug)
		}
		if has {
			followed++
			if len(it.Reasons) == 0 || !strings.HasPrefix(it.Reasons[0].Text, "Because you follow ") {
				t.Errorf("feed story %q has reasons %+v, want 'Because you follow …' first", it.Story.Title, it.Reasons)
			}
		}
	}
	if followed == 0 {
		t.Errorf("no feed story carries the followed topic %s", slug)
	}
	return slug
}

func TestDemoEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the whole demo")
	}
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: noEnv}
		done <- run(ctx, e, []string{"demo", "--addr", "127.0.0.1:0", "--data", dir, "--log-level", "warn"})
	}()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("demo exited %d: %s", code, errOut.String())
		}
	}()
	ready := regexp.MustCompile(`ready at (http://\S+)/`)
	var base string
	for deadline := time.Now().Add(60 * time.Second); base == ""; time.Sleep(50 * time.Millisecond) {
		if m := ready.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("demo not ready after 60 s\nstdout: %s\nstderr: %s", out.String(), errOut.String())
		}
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz = %v, %v", resp, err)
	}
	resp.Body.Close()
	token := lastLine(cli(t, "", "token", "create", "demo", "--data", dir))
	followAndRead(t, client{t: t, base: base, token: token})
	signInAndReadWeb(t, base, "demo", "demo")
}

// feedServer serves an RSS feed of stories about overlapping subjects.
func feedServer(t *testing.T) *httptest.Server {
	var srv *httptest.Server
	stories := []struct{ title, body string }{
		{"North Korea tests a missile", "North Korea fired a missile on Monday. Prime Minister Shinzo Abe said Japan would respond. North Korea has tested many missiles this year."},
		{"Abe and Trump talk about North Korea", "Shinzo Abe and Donald Trump spoke by phone about North Korea. Abe said they agreed to keep up pressure on North Korea."},
		{"Brazil's central bank raises rates", "The Central Bank of Brazil raised its main rate on Wednesday. Economists in Sao Paulo had expected the move."},
	}
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		if _, err := fmt.Sscanf(r.URL.Path, "/story/%d", &n); err == nil && n < len(stories) { // the article itself
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<html><head><title>%s</title></head><body><article><h1>%s</h1><p>%s</p></article></body></html>`,
				stories[n].title, stories[n].title, stories[n].body)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>%s</link>`, srv.URL)
		for i, s := range stories {
			fmt.Fprintf(w, `<item><title>%s</title><link>%s/story/%d</link><guid>%d</guid><pubDate>%s</pubDate><description>%s</description></item>`,
				s.title, srv.URL, i, i, time.Now().Add(-time.Duration(i+1)*time.Hour).UTC().Format(time.RFC1123Z), s.body)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// cliFlow runs source add → refresh → user add → token create through the CLI
// with dbArgs, then serves the app and follows a topic through the API.
func cliFlow(t *testing.T, dbArgs ...string) {
	srv := feedServer(t)
	allow := []string{"--allow-networks", "127.0.0.0/8"}
	cli(t, "", append(append([]string{"source", "add", srv.URL + "/feed"}, dbArgs...), allow...)...)
	var st struct {
		New    int `json:"new"`
		Failed int `json:"failed"`
	}
	if err := json.Unmarshal([]byte(lastLine(cli(t, "", append(append([]string{"refresh"}, dbArgs...), allow...)...))), &st); err != nil {
		t.Fatal(err)
	}
	if st.New != 3 || st.Failed != 0 {
		t.Fatalf("refresh = %+v, want 3 new stories", st)
	}
	cli(t, "correct horse battery\n", append([]string{"user", "add", "alice"}, dbArgs...)...)
	token := lastLine(cli(t, "", append([]string{"token", "create", "alice"}, dbArgs...)...))

	a := openTestApp(t, dbArgs...)
	web := httptest.NewServer(a.handler())
	defer web.Close()
	c := client{t: t, base: web.URL, token: token}
	followAndRead(t, c)
	c.do("GET", "/api/v1/feed", http.StatusOK, nil)
	(client{t: t, base: web.URL, token: "hrd_wrong"}).do("GET", "/api/v1/feed", http.StatusUnauthorized, nil)
	signInAndReadWeb(t, web.URL, "alice", "correct horse battery")
}

// signInAndReadWeb signs in through the login form and checks that the feed page
// shows a reason.
func signInAndReadWeb(t *testing.T, base, name, password string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar}
	resp, err := hc.PostForm(base+"/login", url.Values{"name": {name}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Because you follow") {
		t.Fatalf("after sign-in: %d, page without 'Because you follow':\n%.2000s", resp.StatusCode, body)
	}
}

func TestCLIFlowSQLite(t *testing.T) {
	cliFlow(t, "--data", t.TempDir())
}

func TestCLIFlowPostgres(t *testing.T) {
	base := os.Getenv("HERALD_TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("HERALD_TEST_POSTGRES_URL not set; skipping the PostgreSQL end-to-end flow")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	schema := fmt.Sprintf("herald_e2e_%d", time.Now().UnixNano())
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		conn.Close(context.Background())
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	cliFlow(t, "--db", u.String(), "--data", t.TempDir())
}
