package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
)

// adminToken creates an administrator and returns an API token of theirs.
func adminToken(t *testing.T, e *routeEnv) string {
	t.Helper()
	u := &herald.User{Name: "root", PasswordHash: "unused", IsAdmin: true}
	if err := e.store.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	tok, err := auth.New(e.store, auth.Options{}).CreateToken(context.Background(), u.ID, "admin")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestTopicAdminNeedsAnAdministrator(t *testing.T) {
	e := newRouteEnv(t)
	e.do(t, "PATCH", "/api/v1/topics/climate", e.tokA, map[string]string{"name": "Weather"}).
		wantError(t, http.StatusForbidden, "forbidden", "administrator")
	e.do(t, "POST", "/api/v1/topics/climate/merge", e.tokA, map[string]string{"into": "elections"}).
		wantError(t, http.StatusForbidden, "forbidden", "administrator")
	e.do(t, "PATCH", "/api/v1/topics/climate", "", map[string]string{"name": "Weather"}).
		wantError(t, http.StatusUnauthorized, "unauthorized")
}

func TestTopicAdminRenameAndMerge(t *testing.T) {
	e := newRouteEnv(t)
	root := adminToken(t, e)

	var got herald.Topic
	e.do(t, "PATCH", "/api/v1/topics/climate", root, map[string]string{"name": "Climate crisis"}).decodeInto(t, http.StatusOK, &got)
	if got.Slug != "climate" || got.Name != "Climate crisis" || got.Kind != herald.KindOther {
		t.Errorf("rename = %+v, want climate named Climate crisis, kind kept", got)
	}
	e.do(t, "PATCH", "/api/v1/topics/climate", root, map[string]string{"kind": "event"}).decodeInto(t, http.StatusOK, &got)
	if got.Name != "Climate crisis" || got.Kind != herald.KindEvent {
		t.Errorf("kind-only change = %+v, want the name kept and kind event", got)
	}
	e.do(t, "PATCH", "/api/v1/topics/climate", root, map[string]string{"kind": "planet"}).
		wantError(t, http.StatusBadRequest, "invalid", "kind")
	e.do(t, "PATCH", "/api/v1/topics/climate", root, map[string]string{}).
		wantError(t, http.StatusBadRequest, "invalid", "name or kind")
	e.do(t, "PATCH", "/api/v1/topics/atlantis", root, map[string]string{"name": "Atlantis"}).
		wantError(t, http.StatusNotFound, "not_found")

	// alice follows elections; after the merge she follows climate.
	e.do(t, "PUT", "/api/v1/follows/topics/elections", e.tokA, nil).decodeInto(t, http.StatusOK, &struct{}{})
	e.do(t, "POST", "/api/v1/topics/elections/merge", root, map[string]string{"into": "climate"}).decodeInto(t, http.StatusOK, &got)
	want := len(union(e.ids, e.byTopic["climate"], e.byTopic["elections"]))
	if got.Slug != "climate" || got.StoryCount != want {
		t.Errorf("merge = %s with %d stories, want climate with %d", got.Slug, got.StoryCount, want)
	}
	var old herald.Topic
	e.do(t, "GET", "/api/v1/topics/elections", e.tokB, nil).decodeInto(t, http.StatusOK, &old)
	if old.Slug != "climate" {
		t.Errorf("GET the merged slug = %s, want climate", old.Slug)
	}
	var follows struct {
		Items []herald.Follow `json:"items"`
	}
	e.do(t, "GET", "/api/v1/follows", e.tokA, nil).decodeInto(t, http.StatusOK, &follows)
	if len(follows.Items) != 1 || follows.Items[0].Topic == nil || follows.Items[0].Topic.Slug != "climate" {
		t.Errorf("alice's follows after the merge = %+v, want climate", follows.Items)
	}
	e.do(t, "POST", "/api/v1/topics/climate/merge", root, map[string]string{"into": "elections"}).
		wantError(t, http.StatusBadRequest, "invalid", "already one topic")
	e.do(t, "POST", "/api/v1/topics/climate/merge", root, map[string]string{}).
		wantError(t, http.StatusBadRequest, "invalid", "into")
}
