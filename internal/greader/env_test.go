package greader_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/heraldnews/herald/internal/api"
	"github.com/heraldnews/herald/internal/greader"
	"github.com/heraldnews/herald/internal/rank"
	"github.com/heraldnews/herald/internal/readertest"
	"github.com/heraldnews/herald/internal/reading"
)

// env is Herald's Google Reader API and JSON API over the shared fixture.
type env struct {
	*readertest.Env
	srv *httptest.Server
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{Env: readertest.New(t)}
	feed := &rank.Service{Store: e.Store}
	mux := http.NewServeMux()
	greader.Register(mux, greader.Deps{Store: e.Store, Feed: feed, Auth: e.Auth, Reading: &reading.Service{Store: e.Store},
		ReadersAddSources: true, AddSource: e.AddSource, Log: slog.New(slog.DiscardHandler)})
	api.Register(mux, api.Deps{Store: e.Store, Feed: feed, Auth: e.Auth})
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	return e
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
	c.e.T.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, c.e.srv.URL+path, rd)
	if err != nil {
		c.e.T.Fatal(err)
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
		c.e.T.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

func (c client) get(path string) reply { return c.do("GET", path, "") }

func (c client) post(path, body string) reply { return c.do("POST", path, body) }

// login signs in the way most apps do and returns the signed-in client.
func (e *env) login() client {
	e.T.Helper()
	r := client{e: e}.post("/accounts/ClientLogin", "Email=ada&Passwd="+url.QueryEscape(e.Password))
	if r.status != http.StatusOK {
		e.T.Fatalf("ClientLogin: %d %s", r.status, r.body)
	}
	for _, line := range strings.Split(r.body, "\n") {
		if auth, ok := strings.CutPrefix(line, "Auth="); ok {
			return client{e: e, auth: "GoogleLogin auth=" + auth}
		}
	}
	e.T.Fatalf("ClientLogin answered no Auth: %q", r.body)
	return client{}
}

// token returns the client's T token.
func (c client) token() string {
	c.e.T.Helper()
	r := c.get("/reader/api/0/token")
	if r.status != http.StatusOK || len(r.body) != 57 {
		c.e.T.Fatalf("token: %d %q", r.status, r.body)
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
