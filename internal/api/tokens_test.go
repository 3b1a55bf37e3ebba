package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
)

// createdToken is the answer to POST /api/v1/tokens.
type createdToken struct {
	Token  herald.Token `json:"token"`
	Secret string       `json:"secret"`
}

func TestCreateTokensAndAppPasswords(t *testing.T) {
	e := newRouteEnv(t)
	var api, app createdToken
	e.do(t, "POST", "/api/v1/tokens", e.tokA, map[string]string{"name": "script"}).decodeInto(t, http.StatusCreated, &api)
	e.do(t, "POST", "/api/v1/tokens", e.tokA, map[string]string{"name": "Reeder", "kind": "app_password"}).
		decodeInto(t, http.StatusCreated, &app)
	if api.Token.Kind != herald.TokenAPI || api.Token.Name != "script" || api.Token.ID == 0 || len(api.Secret) < 40 {
		t.Errorf("created API token %+v", api)
	}
	if app.Token.Kind != herald.TokenAppPassword || app.Token.Name != "Reeder" || len(app.Secret) != 29 {
		t.Errorf("created app password %+v", app)
	}
	// The new API token works as a bearer token; the app password does not.
	var me struct{ Name string }
	e.do(t, "GET", "/api/v1/me", api.Secret, nil).decodeInto(t, http.StatusOK, &me)
	if me.Name != "alice" {
		t.Errorf("the new token signs in as %q, want alice", me.Name)
	}
	e.do(t, "GET", "/api/v1/me", app.Secret, nil).wantError(t, http.StatusUnauthorized, herald.EUNAUTHORIZED)
	if _, _, err := e.auth.AppPasswordLogin(t.Context(), "alice", app.Secret); err != nil {
		t.Errorf("the app password does not sign a feed reader app in: %v", err)
	}

	var list struct{ Items []herald.Token }
	e.do(t, "GET", "/api/v1/tokens", e.tokA, nil).decodeInto(t, http.StatusOK, &list)
	kinds := map[int64]string{}
	for _, tok := range list.Items {
		kinds[tok.ID] = tok.Kind
	}
	if kinds[api.Token.ID] != herald.TokenAPI || kinds[app.Token.ID] != herald.TokenAppPassword || len(list.Items) != 3 {
		t.Errorf("GET /api/v1/tokens = %+v; want the test token, the script token and the app password", list.Items)
	}
	// Bob cannot revoke alice's app password; alice can.
	path := fmt.Sprintf("/api/v1/tokens/%d", app.Token.ID)
	e.do(t, "DELETE", path, e.tokB, nil).wantError(t, http.StatusNotFound, herald.ENOTFOUND)
	if r := e.do(t, "DELETE", path, e.tokA, nil); r.status != http.StatusNoContent {
		t.Fatalf("DELETE %s = %d %s", path, r.status, r.body)
	}
	if _, _, err := e.auth.AppPasswordLogin(t.Context(), "alice", app.Secret); herald.ErrorCode(err) != herald.EUNAUTHORIZED {
		t.Errorf("a revoked app password still signs in: %v", err)
	}
}

func TestCreateTokenRefusals(t *testing.T) {
	e := newRouteEnv(t)
	for _, tc := range []struct {
		name string
		body any
		code string
	}{
		{"no name", map[string]string{"kind": "api"}, herald.EINVALID},
		{"unknown kind", map[string]string{"name": "x", "kind": "session"}, herald.EINVALID},
		{"unknown field", map[string]string{"name": "x", "scope": "all"}, herald.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.do(t, "POST", "/api/v1/tokens", e.tokA, tc.body).wantError(t, http.StatusBadRequest, tc.code)
		})
	}
}

func TestMeFeedKey(t *testing.T) {
	e := newRouteEnv(t)
	var me struct {
		Name    string `json:"name"`
		FeedKey string `json:"feed_key"`
	}
	e.do(t, "GET", "/api/v1/me", e.tokA, nil).decodeInto(t, http.StatusOK, &me)
	if me.Name != "alice" || !strings.HasPrefix(me.FeedKey, auth.FeedKeyPrefix) {
		t.Fatalf("GET /api/v1/me = %+v; want alice with a feed key", me)
	}
	var again struct {
		FeedKey string `json:"feed_key"`
	}
	e.do(t, "GET", "/api/v1/me", e.tokA, nil).decodeInto(t, http.StatusOK, &again)
	if again.FeedKey != me.FeedKey {
		t.Errorf("feed key changed between two reads: %q then %q", me.FeedKey, again.FeedKey)
	}
	var fresh struct {
		FeedKey string `json:"feed_key"`
	}
	e.do(t, "POST", "/api/v1/me/feed-key", e.tokA, nil).decodeInto(t, http.StatusOK, &fresh)
	if fresh.FeedKey == me.FeedKey || len(fresh.FeedKey) < 20 {
		t.Fatalf("POST /api/v1/me/feed-key = %q; want a new key", fresh.FeedKey)
	}
	if _, err := e.auth.FeedKeyUser(t.Context(), me.FeedKey); herald.ErrorCode(err) != herald.EUNAUTHORIZED {
		t.Errorf("the replaced feed key still reads feeds: %v", err)
	}
	if u, err := e.auth.FeedKeyUser(t.Context(), fresh.FeedKey); err != nil || u.ID != e.userA.ID {
		t.Errorf("the new feed key reads %v, %v; want alice", u, err)
	}
}
