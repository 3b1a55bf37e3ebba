package api_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/heraldnews/herald"
)

func TestHealthAndReady(t *testing.T) {
	e := newRouteEnv(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		var body map[string]string
		e.do(t, "GET", path, "", nil).decodeInto(t, http.StatusOK, &body)
		if body["status"] != "ok" {
			t.Errorf("GET %s status = %q, want ok", path, body["status"])
		}
	}
	if err := e.store.Close(); err != nil {
		t.Fatalf("close store: %v", err)
	}
	var body map[string]string
	e.do(t, "GET", "/readyz", "", nil).decodeInto(t, http.StatusServiceUnavailable, &body)
	if body["status"] != "unavailable" {
		t.Errorf("readyz on a closed store: status = %q, want unavailable", body["status"])
	}
	// The process still serves.
	e.do(t, "GET", "/healthz", "", nil).decodeInto(t, http.StatusOK, &body)
}

func TestUnauthorized(t *testing.T) {
	e := newRouteEnv(t)
	// A token of the right shape that was never issued.
	unknown := "hrd_" + base64.RawURLEncoding.EncodeToString(make([]byte, 32))
	creds := []struct {
		name   string
		header []string // Authorization values; none for no header
	}{
		{"missing", nil},
		{"empty bearer", []string{"Bearer "}},
		{"basic scheme", []string{"Basic YWxpY2U6c2VjcmV0"}},
		{"no prefix", []string{"Bearer " + strings.TrimPrefix(e.tokA, "hrd_")}},
		{"truncated", []string{"Bearer " + e.tokA[:len(e.tokA)-1]}},
		{"garbage", []string{"Bearer not-a-token"}},
		{"unknown token", []string{"Bearer " + unknown}},
		{"two headers", []string{"Bearer " + e.tokA, "Bearer " + e.tokA}},
	}
	id, src := e.ids[0], e.alpha.ID
	routes := []struct{ method, path, body string }{
		{"GET", "/api/v1/stories", ""},
		{"GET", fmt.Sprintf("/api/v1/stories/%d", id), ""},
		{"GET", "/api/v1/topics", ""},
		{"GET", "/api/v1/topics/climate", ""},
		{"GET", "/api/v1/follows", ""},
		{"PUT", "/api/v1/follows/topics/climate", ""},
		{"DELETE", "/api/v1/follows/topics/climate", ""},
		{"PUT", fmt.Sprintf("/api/v1/follows/sources/%d", src), ""},
		{"DELETE", fmt.Sprintf("/api/v1/follows/sources/%d", src), ""},
		{"GET", "/api/v1/mutes", ""},
		{"PUT", "/api/v1/mutes/topics/climate", ""},
		{"DELETE", "/api/v1/mutes/topics/climate", ""},
		{"GET", "/api/v1/feed", ""},
		{"POST", "/api/v1/events", fmt.Sprintf(`[{"story_id":%d,"kind":"open"}]`, id)},
		{"GET", "/api/v1/sources", ""},
		{"POST", "/api/v1/sources", `{"url":"https://gamma.example/feed"}`},
		{"GET", fmt.Sprintf("/api/v1/sources/%d", src), ""},
		{"GET", "/api/v1/me", ""},
	}
	for _, rt := range routes {
		for _, c := range creds {
			t.Run(rt.method+" "+rt.path+"/"+c.name, func(t *testing.T) {
				req, err := http.NewRequest(rt.method, e.srv.URL+rt.path, strings.NewReader(rt.body))
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range c.header {
					req.Header.Add("Authorization", h)
				}
				r := send(t, e.srv.Client(), req)
				r.wantError(t, http.StatusUnauthorized, herald.EUNAUTHORIZED)
				if got := r.header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
					t.Errorf("WWW-Authenticate = %q, want a Bearer challenge", got)
				}
			})
		}
	}
	// Nothing above may have changed anything.
	var follows struct{ Items []herald.Follow }
	e.do(t, "GET", "/api/v1/follows", e.tokA, nil).decodeInto(t, http.StatusOK, &follows)
	if len(follows.Items) != 0 {
		t.Errorf("unauthorised requests left follows: %+v", follows.Items)
	}
	if srcs, _ := e.store.Sources(t.Context()); len(srcs) != 2 {
		t.Errorf("unauthorised requests left %d sources, want 2", len(srcs))
	}

	// The same token, sent well, is accepted and names its user.
	var me herald.User
	e.do(t, "GET", "/api/v1/me", e.tokA, nil).decodeInto(t, http.StatusOK, &me)
	if me.ID != e.userA.ID || me.Name != "alice" {
		t.Errorf("GET /api/v1/me = %+v, want alice (id %d)", me, e.userA.ID)
	}
}

func TestUnknownRouteAndWrongMethod(t *testing.T) {
	e := newRouteEnv(t)
	for _, path := range []string{"/api/v1/nope", "/api/v2/stories", "/api/", "/api/v1/stories/1/comments"} {
		for _, tok := range []string{"", e.tokA} {
			e.do(t, "GET", path, tok, nil).wantError(t, http.StatusNotFound, herald.ENOTFOUND)
		}
	}
	cases := []struct {
		method, path string
		allow        string // a method the Allow header must list
	}{
		{"PATCH", "/api/v1/topics", "GET"},
		{"DELETE", "/api/v1/feed", "GET"},
		{"POST", "/api/v1/follows", "GET"},
		{"GET", "/api/v1/events", "POST"},
		{"POST", "/api/v1/follows/topics/climate", "PUT"},
		{"PATCH", "/api/v1/mutes/topics/climate", "DELETE"},
		{"PUT", "/api/v1/me", "GET"},
		{"POST", "/healthz", "GET"},
	}
	for _, c := range cases {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			r := e.do(t, c.method, c.path, e.tokA, nil)
			if r.status != http.StatusMethodNotAllowed {
				t.Fatalf("status = %d, want 405; body %s", r.status, r.body)
			}
			if allow := r.header.Get("Allow"); !strings.Contains(allow, c.allow) {
				t.Errorf("Allow = %q, want it to list %s", allow, c.allow)
			}
			if strings.HasPrefix(c.path, "/api/") {
				r.wantError(t, http.StatusMethodNotAllowed, "method_not_allowed", c.method)
			}
		})
	}
	// A route's own method still works next to the 405s.
	e.do(t, "GET", "/api/v1/topics", e.tokA, nil).decodeInto(t, http.StatusOK, new(map[string]any))
}

func TestListStoriesValidation(t *testing.T) {
	e := newRouteEnv(t)
	enc := base64.RawURLEncoding.EncodeToString
	cases := []struct {
		name, query, field string
	}{
		{"limit zero", "limit=0", "limit"},
		{"limit too big", "limit=201", "limit"},
		{"limit negative", "limit=-1", "limit"},
		{"limit not a number", "limit=x", "limit"},
		{"cursor not base64", "cursor=%21%21%21", "cursor"},
		{"cursor without colon", "cursor=" + enc([]byte("12345")), "cursor"},
		{"cursor with bad id", "cursor=" + enc([]byte("12345:x")), "cursor"},
		{"cursor with zero id", "cursor=" + enc([]byte("12345:0")), "cursor"},
		{"source not a number", "source=x", "source"},
		{"source zero", "source=0", "source"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.do(t, "GET", "/api/v1/stories?"+c.query, e.tokA, nil).wantError(t, http.StatusBadRequest, herald.EINVALID, c.field)
		})
	}
	for _, limit := range []int{1, 200} {
		var p herald.StoryPage
		e.do(t, "GET", fmt.Sprintf("/api/v1/stories?limit=%d", limit), e.tokA, nil).decodeInto(t, http.StatusOK, &p)
		if want := min(limit, seedStories); len(p.Items) != want {
			t.Errorf("limit=%d: %d items, want %d", limit, len(p.Items), want)
		}
	}
}

func TestListStoriesPagination(t *testing.T) {
	e := newRouteEnv(t)
	for _, limit := range []int{1, 2, 5, seedStories, 50} {
		t.Run(fmt.Sprint("limit ", limit), func(t *testing.T) {
			var got []int64
			cursor, pages := "", 0
			for {
				var p herald.StoryPage
				q := url.Values{"limit": {fmt.Sprint(limit)}, "cursor": {cursor}}
				e.do(t, "GET", "/api/v1/stories?"+q.Encode(), e.tokA, nil).decodeInto(t, http.StatusOK, &p)
				if len(p.Items) > limit {
					t.Fatalf("page of %d items, limit %d", len(p.Items), limit)
				}
				got = append(got, storyIDs(p.Items)...)
				if pages++; pages > seedStories+1 {
					t.Fatalf("paging does not end")
				}
				if p.NextCursor == "" {
					break
				}
				cursor = p.NextCursor
			}
			if diff := cmp.Diff(e.ids, got); diff != "" {
				t.Errorf("stories over all pages (-want +got):\n%s", diff)
			}
			if want := (seedStories + limit - 1) / limit; pages < want {
				t.Errorf("%d pages, want at least %d", pages, want)
			}
		})
	}
}

func TestListStoriesFilters(t *testing.T) {
	e := newRouteEnv(t)
	climateAlpha := slices.DeleteFunc(slices.Clone(e.byTopic["climate"]), func(id int64) bool {
		return !slices.Contains(e.bySource[e.alpha.ID], id)
	})
	if len(climateAlpha) == 0 || len(climateAlpha) == len(e.byTopic["climate"]) {
		t.Fatalf("seed data does not exercise the topic+source filter: %v", climateAlpha)
	}
	cases := []struct {
		name  string
		query url.Values
		want  []int64
	}{
		{"all", url.Values{}, e.ids},
		{"topic", url.Values{"topic": {"north-korea"}}, e.byTopic["north-korea"]},
		{"topic on two-topic stories", url.Values{"topic": {"climate"}}, e.byTopic["climate"]},
		{"unknown topic", url.Values{"topic": {"atlantis"}}, []int64{}},
		{"source", url.Values{"source": {fmt.Sprint(e.beta.ID)}}, e.bySource[e.beta.ID]},
		{"unknown source", url.Values{"source": {"9999"}}, []int64{}},
		{"topic and source intersect", url.Values{"topic": {"climate"}, "source": {fmt.Sprint(e.alpha.ID)}}, climateAlpha},
		{"search text", url.Values{"q": {"zeppelin"}}, []int64{e.zeppelin}},
		{"search title", url.Values{"q": {`"Story 03"`}}, []int64{e.storyByTitle(t, "Story 03")}},
		{"search and source", url.Values{"q": {"zeppelin"}, "source": {fmt.Sprint(e.alpha.ID)}}, []int64{}},
		{"search no match", url.Values{"q": {"submarine"}}, []int64{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := c.query
			q.Set("limit", "200")
			r := e.do(t, "GET", "/api/v1/stories?"+q.Encode(), e.tokA, nil)
			var raw map[string]json.RawMessage
			r.decodeInto(t, http.StatusOK, &raw)
			if string(raw["items"]) == "null" {
				t.Fatalf("items is null, want an array")
			}
			var p herald.StoryPage
			r.decodeInto(t, http.StatusOK, &p)
			if diff := cmp.Diff(c.want, storyIDs(p.Items)); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if p.NextCursor != "" {
				t.Errorf("next_cursor = %q on the only page", p.NextCursor)
			}
		})
	}
}

// storyByTitle finds a seeded story's id through the store.
func (e *routeEnv) storyByTitle(t *testing.T, title string) int64 {
	t.Helper()
	p, err := e.store.Stories(t.Context(), herald.StoryFilter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range p.Items {
		if s.Title == title {
			return s.ID
		}
	}
	t.Fatalf("no story titled %q", title)
	return 0
}

func TestGetStory(t *testing.T) {
	e := newRouteEnv(t)
	for _, c := range []struct {
		id     string
		status int
		code   string
	}{
		{"999999", http.StatusNotFound, herald.ENOTFOUND},
		{"abc", http.StatusBadRequest, herald.EINVALID},
		{"0", http.StatusBadRequest, herald.EINVALID},
		{"-3", http.StatusBadRequest, herald.EINVALID},
		{"1.5", http.StatusBadRequest, herald.EINVALID},
	} {
		r := e.do(t, "GET", "/api/v1/stories/"+c.id, e.tokA, nil)
		if c.code == herald.EINVALID {
			r.wantError(t, c.status, c.code, "id")
		} else {
			r.wantError(t, c.status, c.code)
		}
	}

	// Story 2 (Alpha's) carries elections (0.8) and climate (0.3).
	id := e.storyByTitle(t, "Story 02")
	var got map[string]any
	e.do(t, "GET", fmt.Sprintf("/api/v1/stories/%d", id), e.tokA, nil).decodeInto(t, http.StatusOK, &got)
	for _, k := range []string{"id", "title", "url", "summary", "content_html", "authors", "published_at",
		"source", "topics", "section", "cluster_id"} {
		if _, ok := got[k]; !ok {
			t.Errorf("story JSON lacks %q: %v", k, got)
		}
	}
	for _, k := range []string{"source_id", "canonical_url", "fingerprint", "fetched_at"} {
		if _, ok := got[k]; ok {
			t.Errorf("story JSON has internal field %q", k)
		}
	}
	want := map[string]any{
		"id": float64(id), "title": "Story 02", "url": "https://alpha.example/story/2",
		"summary": "Summary 2", "content_html": "<p>Body of story 2.</p>", "authors": []any{"Ann Writer"},
		"source":  map[string]any{"id": float64(e.alpha.ID), "title": "Alpha News"},
		"section": "world", "cluster_id": float64(102),
		"topics": []any{
			map[string]any{"slug": "elections", "name": "Elections", "kind": "event", "salience": 0.8},
			map[string]any{"slug": "climate", "name": "Climate", "kind": "other", "salience": 0.3},
		},
	}
	for k, v := range want {
		if diff := cmp.Diff(v, got[k]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", k, diff)
		}
	}
	at, err := time.Parse(time.RFC3339, fmt.Sprint(got["published_at"]))
	if err != nil || at.IsZero() {
		t.Errorf("published_at = %v: %v", got["published_at"], err)
	}
}

// topicList is the body of GET /api/v1/topics.
type topicList struct {
	Items []map[string]any `json:"items"`
}

func TestTopics(t *testing.T) {
	e := newRouteEnv(t)
	counts := map[string]float64{}
	for slug, ids := range e.byTopic {
		counts[slug] = float64(len(ids))
	}
	var l topicList
	e.do(t, "GET", "/api/v1/topics", e.tokA, nil).decodeInto(t, http.StatusOK, &l)
	if len(l.Items) != 3 {
		t.Fatalf("%d topics, want 3: %v", len(l.Items), l.Items)
	}
	// climate (8 stories) first: most stories first.
	if l.Items[0]["slug"] != "climate" {
		t.Errorf("first topic = %v, want climate", l.Items[0]["slug"])
	}
	for _, tp := range l.Items {
		slug := tp["slug"].(string)
		if tp["story_count"] != counts[slug] {
			t.Errorf("topic %s story_count = %v, want %v", slug, tp["story_count"], counts[slug])
		}
	}

	e.do(t, "GET", "/api/v1/topics?q=KOREA", e.tokA, nil).decodeInto(t, http.StatusOK, &l)
	if len(l.Items) != 1 || l.Items[0]["slug"] != "north-korea" {
		t.Errorf("q=KOREA: %v, want only north-korea", l.Items)
	}
	e.do(t, "GET", "/api/v1/topics?limit=1", e.tokA, nil).decodeInto(t, http.StatusOK, &l)
	if len(l.Items) != 1 {
		t.Errorf("limit=1: %d topics", len(l.Items))
	}
	r := e.do(t, "GET", "/api/v1/topics?q=nothing-like-this", e.tokA, nil)
	if !strings.Contains(string(r.body), `"items":[]`) {
		t.Errorf("no match: body %s, want an empty items array", r.body)
	}
	for _, q := range []string{"limit=0", "limit=501", "limit=many"} {
		e.do(t, "GET", "/api/v1/topics?"+q, e.tokA, nil).wantError(t, http.StatusBadRequest, herald.EINVALID, "limit")
	}

	var tp map[string]any
	e.do(t, "GET", "/api/v1/topics/north-korea", e.tokA, nil).decodeInto(t, http.StatusOK, &tp)
	want := map[string]any{"slug": "north-korea", "name": "North Korea", "kind": "place", "story_count": counts["north-korea"]}
	if diff := cmp.Diff(want, tp); diff != "" {
		t.Errorf("GET topic (-want +got):\n%s", diff)
	}
	e.do(t, "GET", "/api/v1/topics/atlantis", e.tokA, nil).wantError(t, http.StatusNotFound, herald.ENOTFOUND, "atlantis")
}

func TestTopicWithoutStoriesHasStoryCount(t *testing.T) {
	e := newRouteEnv(t)
	// Re-tag every north-korea story: the topic stays, with no stories.
	p, err := e.store.Stories(t.Context(), herald.StoryFilter{TopicSlug: "north-korea", Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range p.Items {
		s.SourceID = s.Source.ID
		s.Topics = []herald.StoryTopic{{Topic: topicClimate, Salience: 0.5}}
		if _, err := e.store.UpsertStory(t.Context(), s); err != nil {
			t.Fatal(err)
		}
	}
	var tp map[string]any
	e.do(t, "GET", "/api/v1/topics/north-korea", e.tokA, nil).decodeInto(t, http.StatusOK, &tp)
	if got, ok := tp["story_count"]; !ok || got != float64(0) {
		t.Errorf("GET topic: story_count = %v (present %v), want 0", got, ok)
	}
	var l topicList
	e.do(t, "GET", "/api/v1/topics", e.tokA, nil).decodeInto(t, http.StatusOK, &l)
	for _, tp := range l.Items {
		if _, ok := tp["story_count"]; !ok {
			t.Errorf("topic %v in the list has no story_count", tp["slug"])
		}
	}
}

// followList is the body of GET /api/v1/follows.
type followList struct {
	Items []herald.Follow `json:"items"`
}

func (e *routeEnv) follows(t *testing.T, tok string) []string {
	t.Helper()
	var l followList
	r := e.do(t, "GET", "/api/v1/follows", tok, nil)
	r.decodeInto(t, http.StatusOK, &l)
	if l.Items == nil {
		t.Fatalf("follows items is null: %s", r.body)
	}
	var out []string
	for _, f := range l.Items {
		switch {
		case f.Kind == herald.FollowTopic && f.Topic != nil:
			out = append(out, "topic:"+f.Topic.Slug)
		case f.Kind == herald.FollowSource && f.Source != nil:
			out = append(out, fmt.Sprintf("source:%d:%s", f.Source.ID, f.Source.Title))
		default:
			t.Errorf("malformed follow %+v", f)
		}
	}
	slices.Sort(out)
	return out
}

func TestFollows(t *testing.T) {
	e := newRouteEnv(t)
	if got := e.follows(t, e.tokA); len(got) != 0 {
		t.Fatalf("new user follows %v", got)
	}
	alpha := fmt.Sprintf("/api/v1/follows/sources/%d", e.alpha.ID)
	steps := []struct {
		method, path string
		status       int
		code         string // for errors
	}{
		{"PUT", "/api/v1/follows/topics/climate", http.StatusOK, ""},
		{"PUT", "/api/v1/follows/topics/climate", http.StatusOK, ""}, // idempotent
		{"PUT", "/api/v1/follows/topics/north-korea", http.StatusOK, ""},
		{"PUT", "/api/v1/follows/topics/atlantis", http.StatusNotFound, herald.ENOTFOUND},
		{"DELETE", "/api/v1/follows/topics/atlantis", http.StatusNotFound, herald.ENOTFOUND},
		{"PUT", alpha, http.StatusOK, ""},
		{"PUT", alpha, http.StatusOK, ""},
		{"PUT", "/api/v1/follows/sources/9999", http.StatusNotFound, herald.ENOTFOUND},
		{"DELETE", "/api/v1/follows/sources/9999", http.StatusNotFound, herald.ENOTFOUND},
		{"PUT", "/api/v1/follows/sources/abc", http.StatusBadRequest, herald.EINVALID},
		{"DELETE", "/api/v1/follows/sources/0", http.StatusBadRequest, herald.EINVALID},
		{"DELETE", "/api/v1/follows/topics/north-korea", http.StatusNoContent, ""},
		{"DELETE", "/api/v1/follows/topics/north-korea", http.StatusNoContent, ""}, // idempotent
	}
	for _, s := range steps {
		r := e.do(t, s.method, s.path, e.tokA, nil)
		if s.code != "" {
			r.wantError(t, s.status, s.code)
			continue
		}
		if r.status != s.status {
			t.Fatalf("%s %s: status %d, want %d; body %s", s.method, s.path, r.status, s.status, r.body)
		}
	}
	want := []string{fmt.Sprintf("source:%d:Alpha News", e.alpha.ID), "topic:climate"}
	if diff := cmp.Diff(want, e.follows(t, e.tokA)); diff != "" {
		t.Errorf("A's follows (-want +got):\n%s", diff)
	}
	if got := e.follows(t, e.tokB); len(got) != 0 {
		t.Errorf("B sees follows %v", got)
	}

	// PUT answers with what is now followed.
	var body struct {
		Following bool           `json:"following"`
		Topic     herald.Topic   `json:"topic"`
		Source    *herald.Source `json:"source"`
	}
	e.do(t, "PUT", "/api/v1/follows/topics/elections", e.tokB, nil).decodeInto(t, http.StatusOK, &body)
	if !body.Following || body.Topic.Slug != "elections" || body.Topic.Name != "Elections" {
		t.Errorf("PUT follow topic answered %+v", body)
	}
	e.do(t, "PUT", fmt.Sprintf("/api/v1/follows/sources/%d", e.beta.ID), e.tokB, nil).decodeInto(t, http.StatusOK, &body)
	if !body.Following || body.Source == nil || body.Source.ID != e.beta.ID {
		t.Errorf("PUT follow source answered %+v", body)
	}
	// B unfollowing what only A follows changes nothing for A.
	e.do(t, "DELETE", "/api/v1/follows/topics/climate", e.tokB, nil)
	e.do(t, "DELETE", alpha, e.tokB, nil)
	if diff := cmp.Diff(want, e.follows(t, e.tokA)); diff != "" {
		t.Errorf("A's follows after B unfollowed (-want +got):\n%s", diff)
	}
	wantB := []string{fmt.Sprintf("source:%d:Beta Post", e.beta.ID), "topic:elections"}
	if diff := cmp.Diff(wantB, e.follows(t, e.tokB)); diff != "" {
		t.Errorf("B's follows (-want +got):\n%s", diff)
	}
	// Unfollowing the source empties it from the list.
	if r := e.do(t, "DELETE", alpha, e.tokA, nil); r.status != http.StatusNoContent {
		t.Errorf("DELETE %s: %d", alpha, r.status)
	}
	if diff := cmp.Diff([]string{"topic:climate"}, e.follows(t, e.tokA)); diff != "" {
		t.Errorf("A's follows after unfollowing the source (-want +got):\n%s", diff)
	}
}

func TestFeed(t *testing.T) {
	e := newRouteEnv(t)
	r := e.do(t, "GET", "/api/v1/feed", e.tokA, nil)
	var p feedPage
	r.decodeInto(t, http.StatusOK, &p)
	if !strings.Contains(string(r.body), `"items":[]`) || p.NextCursor != "" {
		t.Errorf("feed before following: %s, want no items", r.body)
	}

	e.do(t, "PUT", "/api/v1/follows/topics/north-korea", e.tokA, nil)
	var full feedPage
	e.do(t, "GET", "/api/v1/feed", e.tokA, nil).decodeInto(t, http.StatusOK, &full)
	var got []int64
	for _, it := range full.Items {
		got = append(got, it.Story.ID)
		want := []herald.Reason{{Kind: herald.ReasonTopic, Text: "Because you follow North Korea", TopicSlug: "north-korea"}}
		if diff := cmp.Diff(want, it.Reasons); diff != "" {
			t.Errorf("story %d reasons (-want +got):\n%s", it.Story.ID, diff)
		}
		if it.Score <= 0 || it.Score > 1 {
			t.Errorf("story %d score %v, want in (0, 1]", it.Story.ID, it.Score)
		}
		if it.Story.Title == "" || len(it.Story.Topics) == 0 {
			t.Errorf("feed story %d lacks title or topics: %+v", it.Story.ID, it.Story)
		}
	}
	if diff := cmp.Diff(e.byTopic["north-korea"], got); diff != "" {
		t.Errorf("feed after following north-korea (-want +got):\n%s", diff)
	}

	// Following a source adds its stories, with a source reason.
	e.do(t, "PUT", fmt.Sprintf("/api/v1/follows/sources/%d", e.beta.ID), e.tokA, nil)
	want := union(e.ids, e.byTopic["north-korea"], e.bySource[e.beta.ID])
	for _, limit := range []int{1, 2, 5, 200} {
		if diff := cmp.Diff(want, e.feedIDs(t, e.tokA, limit)); diff != "" {
			t.Errorf("feed with limit %d (-want +got):\n%s", limit, diff)
		}
	}
	e.do(t, "GET", "/api/v1/feed", e.tokA, nil).decodeInto(t, http.StatusOK, &full)
	for _, it := range full.Items {
		var kinds []string
		for _, rs := range it.Reasons {
			kinds = append(kinds, rs.Kind)
			if rs.Kind == herald.ReasonSource && (rs.SourceID != e.beta.ID || rs.Text != "Because you follow Beta Post") {
				t.Errorf("story %d source reason %+v", it.Story.ID, rs)
			}
		}
		wantKinds := []string{}
		if slices.Contains(e.byTopic["north-korea"], it.Story.ID) {
			wantKinds = append(wantKinds, herald.ReasonTopic)
		}
		if it.Story.Source.ID == e.beta.ID {
			wantKinds = append(wantKinds, herald.ReasonSource)
		}
		if !slices.Equal(wantKinds, kinds) {
			t.Errorf("story %d reason kinds %v, want %v", it.Story.ID, kinds, wantKinds)
		}
	}

	// B follows nothing and sees nothing of A's feed.
	if got := e.feedIDs(t, e.tokB, 50); len(got) != 0 {
		t.Errorf("B's feed has %v", got)
	}
	for _, q := range []string{"limit=0", "limit=201", "limit=x"} {
		e.do(t, "GET", "/api/v1/feed?"+q, e.tokA, nil).wantError(t, http.StatusBadRequest, herald.EINVALID, "limit")
	}
	e.do(t, "GET", "/api/v1/feed?cursor=%25%25", e.tokA, nil).wantError(t, http.StatusBadRequest, herald.EINVALID, "cursor")
}

func TestMutes(t *testing.T) {
	e := newRouteEnv(t)
	e.do(t, "PUT", "/api/v1/follows/topics/climate", e.tokA, nil)
	e.do(t, "PUT", "/api/v1/follows/topics/north-korea", e.tokA, nil)
	e.do(t, "PUT", "/api/v1/follows/topics/climate", e.tokB, nil)
	all := union(e.ids, e.byTopic["climate"], e.byTopic["north-korea"])
	if diff := cmp.Diff(all, e.feedIDs(t, e.tokA, 50)); diff != "" {
		t.Fatalf("feed before muting (-want +got):\n%s", diff)
	}

	future := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
	bad := []struct{ name, until string }{
		{"past", time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)},
		{"date only", "2099-01-01"},
		{"words", "tomorrow"},
		{"unix seconds", "4102444800"},
	}
	for _, c := range bad {
		t.Run("until "+c.name, func(t *testing.T) {
			q := url.Values{"until": {c.until}}.Encode()
			e.do(t, "PUT", "/api/v1/mutes/topics/elections?"+q, e.tokA, nil).wantError(t, http.StatusBadRequest, herald.EINVALID, "until")
		})
	}
	e.do(t, "PUT", "/api/v1/mutes/topics/atlantis", e.tokA, nil).wantError(t, http.StatusNotFound, herald.ENOTFOUND)
	e.do(t, "DELETE", "/api/v1/mutes/topics/atlantis", e.tokA, nil).wantError(t, http.StatusNotFound, herald.ENOTFOUND)
	if m := e.mutes(t, e.tokA); len(m) != 0 {
		t.Fatalf("refused mutes were stored: %+v", m)
	}

	// A mute for good: stories carrying climate leave A's feed, even those that
	// also carry elections; B's feed is untouched.
	var body map[string]any
	e.do(t, "PUT", "/api/v1/mutes/topics/climate", e.tokA, nil).decodeInto(t, http.StatusOK, &body)
	if body["muted"] != true || body["slug"] != "climate" || body["until"] != nil {
		t.Errorf("mute answered %v", body)
	}
	if diff := cmp.Diff(without(e.ids, e.byTopic["climate"]), e.feedIDs(t, e.tokA, 3)); diff != "" {
		t.Errorf("feed with climate muted (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(e.byTopic["climate"], e.feedIDs(t, e.tokB, 50)); diff != "" {
		t.Errorf("B's feed after A muted climate (-want +got):\n%s", diff)
	}
	if m := e.mutes(t, e.tokA); len(m) != 1 || m[0].Topic.Slug != "climate" || !m[0].Until.IsZero() {
		t.Errorf("A's mutes = %+v, want climate for good", m)
	}
	if m := e.mutes(t, e.tokB); len(m) != 0 {
		t.Errorf("B sees mutes %+v", m)
	}

	// Unmuting (twice: idempotent) brings them back.
	for range 2 {
		if r := e.do(t, "DELETE", "/api/v1/mutes/topics/climate", e.tokA, nil); r.status != http.StatusNoContent {
			t.Fatalf("unmute: %d %s", r.status, r.body)
		}
	}
	if diff := cmp.Diff(all, e.feedIDs(t, e.tokA, 50)); diff != "" {
		t.Errorf("feed after unmuting (-want +got):\n%s", diff)
	}

	// A mute until a future time is in force now.
	q := url.Values{"until": {future.In(time.FixedZone("", 2*3600)).Format(time.RFC3339)}}.Encode()
	e.do(t, "PUT", "/api/v1/mutes/topics/north-korea?"+q, e.tokA, nil).decodeInto(t, http.StatusOK, &body)
	if body["until"] != future.Format(time.RFC3339) {
		t.Errorf("mute until answered until = %v, want %s", body["until"], future.Format(time.RFC3339))
	}
	if diff := cmp.Diff(e.byTopic["climate"], e.feedIDs(t, e.tokA, 50)); diff != "" {
		t.Errorf("feed with north-korea muted until %s (-want +got):\n%s", future, diff)
	}
	if m := e.mutes(t, e.tokA); len(m) != 1 || m[0].Topic.Slug != "north-korea" || !m[0].Until.Equal(future) {
		t.Errorf("A's mutes = %+v, want north-korea until %s", m, future)
	}
}

func (e *routeEnv) mutes(t *testing.T, tok string) []herald.Mute {
	t.Helper()
	var l struct {
		Items []herald.Mute `json:"items"`
	}
	r := e.do(t, "GET", "/api/v1/mutes", tok, nil)
	r.decodeInto(t, http.StatusOK, &l)
	if l.Items == nil {
		t.Fatalf("mutes items is null: %s", r.body)
	}
	return l.Items
}

func TestEvents(t *testing.T) {
	e := newRouteEnv(t)
	id := e.ids[0]
	ok := fmt.Sprintf(`{"story_id":%d,"kind":"open"}`, id)
	cases := []struct {
		name   string
		body   string
		status int
		code   string
		field  string // the message must name it
	}{
		{"empty array", `[]`, http.StatusBadRequest, herald.EINVALID, "events"},
		{"null", `null`, http.StatusBadRequest, herald.EINVALID, "events"},
		{"object not array", ok, http.StatusBadRequest, herald.EINVALID, "request body"},
		{"empty body", ``, http.StatusBadRequest, herald.EINVALID, "request body"},
		{"malformed JSON", `[{"story_id":`, http.StatusBadRequest, herald.EINVALID, "request body"},
		{"unknown field", fmt.Sprintf(`[{"story_id":%d,"kind":"open","mood":"happy"}]`, id), http.StatusBadRequest, herald.EINVALID, "mood"},
		{"unknown kind", fmt.Sprintf(`[%s,{"story_id":%d,"kind":"nap"}]`, ok, id), http.StatusBadRequest, herald.EINVALID, "events[1].kind"},
		{"missing kind", fmt.Sprintf(`[{"story_id":%d}]`, id), http.StatusBadRequest, herald.EINVALID, "events[0].kind"},
		{"negative dwell", fmt.Sprintf(`[{"story_id":%d,"kind":"read","dwell_ms":-5}]`, id), http.StatusBadRequest, herald.EINVALID, "events[0].dwell_ms"},
		{"story_id zero", `[{"story_id":0,"kind":"open"}]`, http.StatusBadRequest, herald.EINVALID, "events[0].story_id"},
		{"story_id missing", fmt.Sprintf(`[%s,%s,{"kind":"open"}]`, ok, ok), http.StatusBadRequest, herald.EINVALID, "events[2].story_id"},
		{"story_id negative", `[{"story_id":-4,"kind":"open"}]`, http.StatusBadRequest, herald.EINVALID, "events[0].story_id"},
		{"story_id a string", `[{"story_id":"7","kind":"open"}]`, http.StatusBadRequest, herald.EINVALID, "story_id"},
		{"bad time", fmt.Sprintf(`[{"story_id":%d,"kind":"open","at":"yesterday"}]`, id), http.StatusBadRequest, herald.EINVALID, "request body"},
		{"too many", "[" + strings.Repeat(ok+",", 500) + ok + "]", http.StatusBadRequest, herald.EINVALID, "events"},
		{"over 1 MiB", `[` + ok + strings.Repeat(" ", 1<<20) + `]`, http.StatusBadRequest, herald.EINVALID, "larger than"},
		{"unknown story", `[{"story_id":999999,"kind":"open"}]`, http.StatusNotFound, herald.ENOTFOUND, "999999"},
		{"unknown story after a good one", fmt.Sprintf(`[%s,{"story_id":999999,"kind":"save"}]`, ok), http.StatusNotFound, herald.ENOTFOUND, "999999"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.do(t, "POST", "/api/v1/events", e.tokA, c.body).wantError(t, c.status, c.code, c.field)
		})
	}

	valid := []struct {
		name, body string
		n          float64
	}{
		{"one", ok, 1},
		{"batch", fmt.Sprintf(`[{"story_id":%d,"kind":"impression"},{"story_id":%d,"kind":"read","dwell_ms":4200,"at":"2026-01-02T03:04:05Z"},{"story_id":%d,"kind":"less_like","at":"2999-01-01T00:00:00Z"}]`, id, e.ids[1], e.ids[2]), 3},
		{"every kind", kindsBatch(id), 7},
		{"at the cap", "[" + strings.Repeat(ok+",", 499) + ok + "]", 500},
	}
	for _, c := range valid {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "one" {
				c.body = "[" + c.body + "]"
			}
			var got map[string]float64
			e.do(t, "POST", "/api/v1/events", e.tokB, c.body).decodeInto(t, http.StatusAccepted, &got)
			if got["accepted"] != c.n {
				t.Errorf("accepted = %v, want %v", got["accepted"], c.n)
			}
		})
	}
}

// kindsBatch is one event of every kind for story id.
func kindsBatch(id int64) string {
	var parts []string
	for _, k := range []string{herald.EventImpression, herald.EventOpen, herald.EventRead, herald.EventSave,
		herald.EventHide, herald.EventMoreLike, herald.EventLessLike} {
		parts = append(parts, fmt.Sprintf(`{"story_id":%d,"kind":%q}`, id, k))
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func TestSources(t *testing.T) {
	e := newRouteEnv(t)
	root := adminToken(t, e)
	cases := []struct {
		name   string
		body   string
		status int
		code   string
		field  string
	}{
		{"missing url", `{}`, http.StatusBadRequest, herald.EINVALID, "url"},
		{"blank url", `{"url":"   "}`, http.StatusBadRequest, herald.EINVALID, "url"},
		{"loopback IP", `{"url":"http://127.0.0.1:8080/feed.xml"}`, http.StatusBadRequest, herald.EINVALID, "url"},
		{"localhost", `{"url":"http://localhost/feed"}`, http.StatusBadRequest, herald.EINVALID, "url"},
		{"IPv6 loopback", `{"url":"http://[::1]/feed"}`, http.StatusBadRequest, herald.EINVALID, "url"},
		{"private network", `{"url":"http://10.1.2.3/feed"}`, http.StatusBadRequest, herald.EINVALID, "url"},
		{"link-local", `{"url":"http://169.254.169.254/latest/meta-data"}`, http.StatusBadRequest, herald.EINVALID, "url"},
		{"ftp", `{"url":"ftp://files.example/feed"}`, http.StatusBadRequest, herald.EINVALID, "url"},
		{"unknown field", `{"url":"https://gamma.example/feed","title":"G"}`, http.StatusBadRequest, herald.EINVALID, "title"},
		{"malformed JSON", `{"url":`, http.StatusBadRequest, herald.EINVALID, "request body"},
		{"existing", `{"url":"https://alpha.example/feed"}`, http.StatusConflict, herald.ECONFLICT, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.do(t, "POST", "/api/v1/sources", root, c.body).wantError(t, c.status, c.code, c.field)
		})
	}
	if srcs, _ := e.store.Sources(t.Context()); len(srcs) != 2 {
		t.Fatalf("refused sources were stored: %d sources", len(srcs))
	}

	var added herald.Source
	e.do(t, "POST", "/api/v1/sources", root, `{"url":" gamma.example/feed.xml "}`).decodeInto(t, http.StatusCreated, &added)
	if added.ID == 0 || added.URL != "https://gamma.example/feed.xml" || added.FullText != herald.FullTextAuto {
		t.Errorf("added source = %+v", added)
	}

	var l struct {
		Items []map[string]any `json:"items"`
	}
	e.do(t, "GET", "/api/v1/sources", e.tokB, nil).decodeInto(t, http.StatusOK, &l)
	var urls []string
	for _, s := range l.Items {
		urls = append(urls, fmt.Sprint(s["url"]))
		for _, k := range []string{"id", "title", "site_url", "full_text", "error_count", "story_count", "created_at"} {
			if _, ok := s[k]; !ok {
				t.Errorf("source %v lacks %q", s["url"], k)
			}
		}
		if _, ok := s["etag"]; ok {
			t.Errorf("source %v shows its etag", s["url"])
		}
	}
	slices.Sort(urls)
	wantURLs := []string{"https://alpha.example/feed", "https://beta.example/feed", "https://gamma.example/feed.xml"}
	if diff := cmp.Diff(wantURLs, urls); diff != "" {
		t.Errorf("listed sources (-want +got):\n%s", diff)
	}
	for _, s := range l.Items {
		if s["url"] == "https://alpha.example/feed" && s["story_count"] != float64(len(e.bySource[e.alpha.ID])) {
			t.Errorf("alpha story_count = %v, want %d", s["story_count"], len(e.bySource[e.alpha.ID]))
		}
	}

	var one herald.Source
	e.do(t, "GET", fmt.Sprintf("/api/v1/sources/%d", added.ID), e.tokA, nil).decodeInto(t, http.StatusOK, &one)
	if one.ID != added.ID || one.URL != added.URL || one.NextFetchAt.IsZero() {
		t.Errorf("GET source = %+v, want %+v due now", one, added)
	}
	e.do(t, "GET", "/api/v1/sources/9999", e.tokA, nil).wantError(t, http.StatusNotFound, herald.ENOTFOUND)
	e.do(t, "GET", "/api/v1/sources/abc", e.tokA, nil).wantError(t, http.StatusBadRequest, herald.EINVALID, "id")
}
