package api_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/api"
	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/rank"
	"github.com/heraldnews/herald/internal/store"
)

// TestAddSourceIsForAdminsUnlessReadersMay: sources are the whole install's,
// so a reader adds one only when the operator allows it (issue 10 item 6).
func TestAddSourceIsForAdminsUnlessReadersMay(t *testing.T) {
	e := newRouteEnv(t)
	e.do(t, "POST", "/api/v1/sources", e.tokA, `{"url":"https://gamma.example/feed"}`).
		wantError(t, http.StatusForbidden, herald.EFORBIDDEN, "administrator", "--readers-add-sources")
	if srcs, _ := e.store.Sources(t.Context()); len(srcs) != 2 {
		t.Fatalf("a refused add stored a source: %d sources", len(srcs))
	}
	e.do(t, "POST", "/api/v1/sources", adminToken(t, e), `{"url":"https://gamma.example/feed"}`).
		decodeInto(t, http.StatusCreated, new(herald.Source))

	open := newRouteEnv(t, func(d *api.Deps) { d.ReadersAddSources = true })
	open.do(t, "POST", "/api/v1/sources", open.tokA, `{"url":"https://gamma.example/feed"}`).
		decodeInto(t, http.StatusCreated, new(herald.Source))
}

// TestTokensListAndRevoke: a reader lists their tokens (no secrets) and
// revokes one; it stops working at once. Another reader's token is 404.
func TestTokensListAndRevoke(t *testing.T) {
	e := newRouteEnv(t)
	second, err := e.auth.CreateToken(t.Context(), e.userA.ID, "phone")
	if err != nil {
		t.Fatal(err)
	}
	e.do(t, "GET", "/api/v1/feed", second, nil).decodeInto(t, http.StatusOK, new(feedPage))
	var list struct{ Items []map[string]any }
	r := e.do(t, "GET", "/api/v1/tokens", e.tokA, nil)
	r.decodeInto(t, http.StatusOK, &list)
	if len(list.Items) != 2 || list.Items[1]["name"] != "phone" || list.Items[1]["last_used_at"] == nil {
		t.Fatalf("GET /api/v1/tokens = %s, want two tokens, the phone's used", r.body)
	}
	if strings.Contains(string(r.body), second) || strings.Contains(string(r.body), "hash") {
		t.Fatalf("the token list shows a secret or hash: %s", r.body)
	}
	phone := int64(list.Items[1]["id"].(float64))
	path := fmt.Sprintf("/api/v1/tokens/%d", phone)
	e.do(t, "DELETE", path, e.tokB, nil).wantError(t, http.StatusNotFound, herald.ENOTFOUND)
	e.do(t, "GET", "/api/v1/feed", second, nil).decodeInto(t, http.StatusOK, new(feedPage))
	if r := e.do(t, "DELETE", path, e.tokA, nil); r.status != http.StatusNoContent {
		t.Fatalf("DELETE own token = %d %s, want 204", r.status, r.body)
	}
	e.do(t, "GET", "/api/v1/feed", second, nil).wantError(t, http.StatusUnauthorized, herald.EUNAUTHORIZED, "revoked")
	e.do(t, "DELETE", path, e.tokA, nil).wantError(t, http.StatusNotFound, herald.ENOTFOUND)
	e.do(t, "GET", "/api/v1/feed", e.tokA, nil).decodeInto(t, http.StatusOK, new(feedPage))
}

// TestJSONRoutesRefuseOtherBodies: a body that is not declared JSON is 415
// with the documented error, on every route that reads JSON.
func TestJSONRoutesRefuseOtherBodies(t *testing.T) {
	e := newRouteEnv(t)
	root := adminToken(t, e)
	for _, rt := range []struct{ method, path, body string }{
		{"POST", "/api/v1/events", fmt.Sprintf(`[{"story_id":%d,"kind":"open"}]`, e.ids[0])},
		{"POST", "/api/v1/sources", `{"url":"https://gamma.example/feed"}`},
		{"PATCH", "/api/v1/topics/climate", `{"name":"Weather"}`},
		{"POST", "/api/v1/topics/climate/merge", `{"into":"elections"}`},
	} {
		for _, ct := range []string{"", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx"} {
			t.Run(rt.method+" "+rt.path+" "+ct, func(t *testing.T) {
				req, _ := http.NewRequest(rt.method, e.srv.URL+rt.path, strings.NewReader(rt.body))
				req.Header.Set("Authorization", "Bearer "+root)
				if ct != "" {
					req.Header.Set("Content-Type", ct)
				}
				send(t, e.srv.Client(), req).wantError(t, http.StatusUnsupportedMediaType, "unsupported_media_type", "application/json")
			})
		}
	}
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/events", strings.NewReader(fmt.Sprintf(`[{"story_id":%d,"kind":"open"}]`, e.ids[0])))
	req.Header.Set("Authorization", "Bearer "+e.tokA)
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	if r := send(t, e.srv.Client(), req); r.status != http.StatusAccepted {
		t.Errorf("application/json; charset=utf-8: status %d %s, want 202", r.status, r.body)
	}
}

// TestAPIAnswersCarryNoSniff: every API answer, success, error or 405,
// carries X-Content-Type-Options: nosniff.
func TestAPIAnswersCarryNoSniff(t *testing.T) {
	e := newRouteEnv(t)
	for _, rt := range []struct{ method, path, tok string }{
		{"GET", "/api/v1/feed", e.tokA},
		{"GET", "/api/v1/feed", ""},
		{"GET", "/api/v1/nope", e.tokA},
		{"DELETE", "/api/v1/feed", e.tokA},
		{"DELETE", "/api/v1/follows/topics/climate", e.tokA},
		{"GET", "/healthz", ""},
		{"GET", "/readyz", ""},
	} {
		if r := e.do(t, rt.method, rt.path, rt.tok, nil); r.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s %s (status %d): X-Content-Type-Options = %q, want nosniff", rt.method, rt.path, r.status, r.header.Get("X-Content-Type-Options"))
		}
	}
}

// TestCrossOriginAPIRequestsGetJSON: a browser's cross-site request riding on
// the session is refused with the documented JSON error.
func TestCrossOriginAPIRequestsGetJSON(t *testing.T) {
	e := newRouteEnv(t)
	for _, h := range [][2]string{{"Origin", "https://evil.example"}, {"Sec-Fetch-Site", "cross-site"}} {
		req, _ := http.NewRequest("PUT", e.srv.URL+"/api/v1/follows/topics/climate", nil)
		req.Header.Set("Authorization", "Bearer "+e.tokA)
		req.Header.Set(h[0], h[1])
		send(t, e.srv.Client(), req).wantError(t, http.StatusForbidden, herald.EFORBIDDEN, "cross-origin")
	}
	fs, _ := e.store.Follows(t.Context(), e.userA.ID)
	if len(fs) != 0 {
		t.Errorf("a cross-origin request followed a topic: %+v", fs)
	}
}

// TestTokenRequestsDoNotWaitForTheWriteLock holds SQLite's write lock from
// another connection, as `herald refresh` does while it stores a batch: a
// request with a token is answered without waiting for it, as one with a
// session cookie is (issue 10 item 2).
func TestTokenRequestsDoNotWaitForTheWriteLock(t *testing.T) {
	e := newRouteEnv(t)
	other, err := sql.Open("sqlite", e.path+"?_pragma=busy_timeout(30000)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(t.Context(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatalf("take the write lock: %v", err)
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")

	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.srv.URL+"/api/v1/feed", nil)
	req.Header.Set("Authorization", "Bearer "+e.tokA)
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatalf("GET /api/v1/feed with a token while another process writes: %v (it waited for the write lock)", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", resp.StatusCode)
	}
}

// lookupFails is a store that cannot look tokens up, like one that is down
// or locked, whichever way it is asked.
type lookupFails struct{ *store.DB }

func (lookupFails) LookupToken(context.Context, string) (*herald.Token, *herald.User, error) {
	return nil, nil, errors.New("database is locked")
}

func (lookupFails) TokenByHash(context.Context, string, time.Time) (*herald.Token, *herald.User, error) {
	return nil, nil, errors.New("database is locked")
}

// TestStoreFailureIsNever401: when credentials cannot be checked the answer
// is 503 with the documented JSON error, never 401 (a valid token must not
// look revoked).
func TestStoreFailureIsNever401(t *testing.T) {
	e := newRouteEnv(t)
	mux := http.NewServeMux()
	broken := auth.New(lookupFails{e.store}, auth.Options{})
	api.Register(mux, api.Deps{Store: e.store, Feed: &rank.Service{Store: e.store}, Auth: broken})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/api/v1/feed", nil)
	req.Header.Set("Authorization", "Bearer "+e.tokA)
	r := send(t, srv.Client(), req)
	r.wantError(t, http.StatusServiceUnavailable, herald.EUNAVAILABLE, "try again")
	if r.header.Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
}

// hungUpFeed fails the way the feed query does when the client hangs up.
type hungUpFeed struct{}

func (hungUpFeed) Feed(ctx context.Context, _ herald.FeedQuery) ([]herald.FeedItem, string, error) {
	<-ctx.Done()
	return nil, "", fmt.Errorf("feed candidates: %w", ctx.Err())
}

// TestClientGoneIsNotAnError: a client that disconnects mid-request is
// logged at debug level, never as an ERROR 500 (issue 10 item 7).
func TestClientGoneIsNotAnError(t *testing.T) {
	e := newRouteEnv(t)
	var logs strings.Builder
	mux := http.NewServeMux()
	api.Register(mux, api.Deps{Store: e.store, Feed: hungUpFeed{}, Auth: e.auth,
		Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	ctx, cancel := context.WithCancel(t.Context())
	req := httptest.NewRequestWithContext(ctx, "GET", "/api/v1/feed", nil)
	req.Header.Set("Authorization", "Bearer "+e.tokA)
	rec := httptest.NewRecorder()
	go cancel()
	mux.ServeHTTP(rec, req)
	if rec.Code == http.StatusInternalServerError || rec.Body.Len() > 0 {
		t.Errorf("a client that went away got %d %q", rec.Code, rec.Body)
	}
	if strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "level=DEBUG msg=\"client went away\"") {
		t.Errorf("logs = %s, want one debug line and no error", logs.String())
	}
}
