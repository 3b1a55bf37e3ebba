package api

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/analyze"
	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/ingest"
	"github.com/heraldnews/herald/internal/store"
	"github.com/heraldnews/herald/internal/topic"
)

// pushEnv is an API over a real in-memory SQLite store with one user, two
// push-only sources and a token for each plus a reader token.
type pushEnv struct {
	t                     *testing.T
	mux                   *http.ServeMux
	store                 herald.Store
	source, other         *herald.Source
	push, pushOther, read string
}

func newPushEnv(t *testing.T) *pushEnv {
	t.Helper()
	ctx := t.Context()
	store, err := store.Open(ctx, ":memory:")
	if err != nil {
		t.Fatalf("sqlite.Open: %v", err)
	}
	t.Cleanup(func() { store.Close() })
	log := slog.New(slog.DiscardHandler)
	svc := auth.New(store, auth.Options{Log: log})
	pipe := ingest.New(store, nil, analyze.New(nil, topic.NewResolver(topic.Options{}), nil), log, ingest.Options{})
	e := &pushEnv{t: t, mux: http.NewServeMux(), store: store}
	Register(e.mux, Deps{Store: store, Auth: svc, Log: log, Push: pipe.Push})

	u := &herald.User{Name: "newsroom"}
	if err := store.CreateUser(ctx, u); err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	e.source, e.other = &herald.Source{Title: "Daily Planet"}, &herald.Source{Title: "Other Gazette"}
	for _, src := range []*herald.Source{e.source, e.other} {
		if err := store.CreateSource(ctx, src); err != nil {
			t.Fatalf("CreateSource: %v", err)
		}
	}
	tokens := []struct {
		dst    *string
		source int64
	}{{&e.push, e.source.ID}, {&e.pushOther, e.other.ID}, {&e.read, 0}}
	for _, tk := range tokens {
		if *tk.dst, err = svc.CreateSourceToken(ctx, u.ID, tk.source, "test"); err != nil {
			t.Fatalf("CreateSourceToken: %v", err)
		}
	}
	return e
}

// do sends a request with token and returns the status and body.
func (e *pushEnv) do(method, path, token, body string) (int, string) {
	e.t.Helper()
	req := httptest.NewRequestWithContext(e.t.Context(), method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	e.mux.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Body)
	return rec.Code, string(b)
}

// pushStory pushes body with the source token, wants status and decodes the story.
func (e *pushEnv) pushStory(body string, want int) *herald.Story {
	e.t.Helper()
	code, got := e.do("POST", "/api/v1/stories", e.push, body)
	if code != want {
		e.t.Fatalf("POST /api/v1/stories = %d %s, want %d", code, got, want)
	}
	var st herald.Story
	if err := json.Unmarshal([]byte(got), &st); err != nil {
		e.t.Fatalf("decode story: %v in %s", err, got)
	}
	return &st
}

const fullPush = `{"external_id": "dp-1", "title": "Budget passes Senate",
	"url": "https://planet.example/budget?utm_source=x", "authors": ["Lois Lane"],
	"published_at": "2026-11-20T09:00:00Z", "summary": "<p>The vote was close.</p>",
	"content_html": "<p>The budget passed.</p><script>alert(1)</script>",
	"image": {"url": "https://planet.example/vote.jpg", "caption": "The vote", "credit": "Jimmy Olsen"},
	"topics": ["Federal Budget", {"name": "US Senate", "kind": "organisation"}], "section": "politics"}`

func TestPushCreatesAndUpdates(t *testing.T) {
	e := newPushEnv(t)
	st := e.pushStory(fullPush, http.StatusCreated)
	if st.ID == 0 || st.Source.ID != e.source.ID || st.Title != "Budget passes Senate" || st.Section != "Politics" {
		t.Errorf("pushed story = id %d, source %+v, title %q, section %q", st.ID, st.Source, st.Title, st.Section)
	}
	if strings.Contains(st.ContentHTML, "script") || !strings.Contains(st.ContentHTML, "The budget passed.") {
		t.Errorf("content_html = %q, want sanitised content without the script", st.ContentHTML)
	}
	if st.ImageCredit != "Jimmy Olsen" || st.ImageCaption != "The vote" || st.RevisionCount != 0 {
		t.Errorf("image credit %q, caption %q, revisions %d", st.ImageCredit, st.ImageCaption, st.RevisionCount)
	}
	slugs := map[string]herald.StoryTopic{}
	for _, tp := range st.Topics {
		slugs[tp.Slug] = tp
	}
	if tp := slugs["us-senate"]; tp.Kind != herald.KindOrganisation || tp.Salience < 0.9 {
		t.Errorf("topic us-senate = %+v, want an organisation at high salience (topics %+v)", tp, st.Topics)
	}
	if _, ok := slugs["federal-budget"]; !ok {
		t.Errorf("topics = %+v, want federal-budget", st.Topics)
	}

	// Pushing the same story again changes nothing: 200, no revision.
	if again := e.pushStory(fullPush, http.StatusOK); again.ID != st.ID || again.RevisionCount != 0 {
		t.Errorf("re-push = id %d, revisions %d; want id %d and no revision", again.ID, again.RevisionCount, st.ID)
	}
	changed := strings.Replace(fullPush, "Budget passes Senate", "Budget passes Senate 51-49", 1)
	up := e.pushStory(changed, http.StatusOK)
	if up.ID != st.ID || up.RevisionCount != 1 {
		t.Errorf("update = id %d, revisions %d; want id %d, 1 revision", up.ID, up.RevisionCount, st.ID)
	}
	code, body := e.do("GET", "/api/v1/stories/"+itoa(st.ID)+"/revisions", e.read, "")
	var revs struct{ Items []herald.Revision }
	if code != http.StatusOK || json.Unmarshal([]byte(body), &revs) != nil || len(revs.Items) != 1 {
		t.Fatalf("GET revisions = %d %s, want one revision", code, body)
	}
	if r := revs.Items[0]; len(r.Changed) != 1 || r.Changed[0] != "title" || r.Previous["title"] != "Budget passes Senate" {
		t.Errorf("revision = %+v, want the title change", r)
	}
	code, body = e.do("GET", "/api/v1/stories/"+itoa(st.ID), e.read, "")
	if code != http.StatusOK || !strings.Contains(body, `"revision_count":1`) {
		t.Errorf("GET story = %d %s, want revision_count 1", code, body)
	}
}

func TestPushValidation(t *testing.T) {
	e := newPushEnv(t)
	tests := []struct {
		name, body, want string
	}{
		{"unknown field", `{"external_id":"a","title":"T","published_at":"2026-11-20T09:00:00Z","colour":"red"}`, "colour: unknown field"},
		{"missing external_id", `{"title":"T"}`, "external_id: required"},
		{"missing title", `{"external_id":"a","title":"  "}`, "title: required"},
		{"bad url", `{"external_id":"a","title":"T","published_at":"2026-11-20T09:00:00Z","url":"ftp://x.example/a"}`, "url: want an absolute http or https URL"},
		{"relative url", `{"external_id":"a","title":"T","published_at":"2026-11-20T09:00:00Z","url":"/a"}`, "url: want an absolute"},
		{"missing published_at", `{"external_id":"a","title":"T"}`, "published_at: required"},
		{"bad published_at", `{"external_id":"a","title":"T","published_at":"yesterday"}`, "published_at: want an RFC 3339 time"},
		{"bad updated_at", `{"external_id":"a","title":"T","published_at":"2026-11-20T09:00:00Z","updated_at":"2026-13-01"}`, "updated_at: want an RFC 3339 time"},
		{"bad embargo", `{"external_id":"a","title":"T","published_at":"2026-11-20T09:00:00Z","embargo_until":"soon"}`, "embargo_until: want an RFC 3339 time"},
		{"wrong type", `{"external_id":"a","title":7}`, "title: want a string"},
		{"authors not array", `{"external_id":"a","title":"T","published_at":"2026-11-20T09:00:00Z","authors":"Ann"}`, "authors: want an array"},
		{"empty author", `{"external_id":"a","title":"T","published_at":"2026-11-20T09:00:00Z","authors":["Ann",""]}`, "authors[1]: required"},
		{"image without url", `{"external_id":"a","title":"T","published_at":"2026-11-20T09:00:00Z","image":{"caption":"c"}}`, "image.url: required"},
		{"image bad url", `{"external_id":"a","title":"T","published_at":"2026-11-20T09:00:00Z","image":{"url":"javascript:alert(1)"}}`, "image.url: want an absolute"},
		{"image unknown field", `{"external_id":"a","title":"T","published_at":"2026-11-20T09:00:00Z","image":{"url":"https://x.example/a.jpg","alt":"x"}}`, "alt: unknown field"},
		{"topic bad kind", `{"external_id":"a","title":"T","published_at":"2026-11-20T09:00:00Z","topics":[{"name":"X","kind":"animal"}]}`, "topics[0].kind:"},
		{"topic empty name", `{"external_id":"a","title":"T","published_at":"2026-11-20T09:00:00Z","topics":["ok",""]}`, "topics[1].name: required"},
		{"topic wrong shape", `{"external_id":"a","title":"T","published_at":"2026-11-20T09:00:00Z","topics":[3]}`, "topics[0]: want a name or an object"},
		{"unknown section", `{"external_id":"a","title":"T","published_at":"2026-11-20T09:00:00Z","section":"astrology"}`, "is not one of World, Politics"},
		{"malformed json", `{"external_id":`, "request body:"},
		{"not an object", `[1]`, "request body: want a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := e.do("POST", "/api/v1/stories", e.push, tt.body)
			if code != http.StatusBadRequest || !strings.Contains(body, tt.want) {
				t.Errorf("POST %s = %d %s, want 400 with %q", tt.body, code, body, tt.want)
			}
		})
	}
}

// TestPublisherTokenMayOnlyPushAndRetract calls every route with a
// publisher token: each answers 403 but pushing and retracting its own
// source's stories (issue 10 item 6).
func TestPublisherTokenMayOnlyPushAndRetract(t *testing.T) {
	e := newPushEnv(t)
	st := e.pushStory(`{"external_id":"a","title":"T","published_at":"2026-11-20T09:00:00Z"}`, http.StatusCreated)
	ids := strings.NewReplacer("{id}", itoa(st.ID), "{slug}", "t")
	called := 0
	for pattern, rt := range (&server{}).routes() {
		if rt.publisher {
			continue
		}
		method, path, _ := strings.Cut(pattern, " ")
		t.Run(pattern, func(t *testing.T) {
			code, body := e.do(method, ids.Replace(path), e.push, `{}`)
			if code != http.StatusForbidden || !strings.Contains(body, `"code":"forbidden"`) || !strings.Contains(body, "push") {
				t.Errorf("%s with a publisher token = %d %s, want 403 naming what it may do", pattern, code, body)
			}
		})
		called++
	}
	if called < 20 {
		t.Fatalf("called %d routes, want every route but push and retract", called)
	}
	if code, body := e.do("DELETE", "/api/v1/stories/"+itoa(st.ID), e.push, ""); code != http.StatusNoContent {
		t.Errorf("retract with the publisher token = %d %s, want 204", code, body)
	}
}

func TestPushForbidden(t *testing.T) {
	e := newPushEnv(t)
	if code, body := e.do("POST", "/api/v1/stories", e.read, `{"external_id":"a","title":"T","published_at":"2026-11-20T09:00:00Z"}`); code != http.StatusForbidden {
		t.Errorf("POST with a reader token = %d %s, want 403", code, body)
	}
	st := e.pushStory(`{"external_id":"a","title":"Retract me","published_at":"2026-11-20T09:00:00Z"}`, http.StatusCreated)
	path := "/api/v1/stories/" + itoa(st.ID)
	for _, tok := range []string{e.read, e.pushOther} {
		if code, body := e.do("DELETE", path, tok, ""); code != http.StatusForbidden {
			t.Errorf("DELETE with another credential = %d %s, want 403", code, body)
		}
	}
	if code, body := e.do("DELETE", path, e.push, ""); code != http.StatusNoContent {
		t.Fatalf("DELETE with the source's token = %d %s, want 204", code, body)
	}
	if code, _ := e.do("GET", path, e.read, ""); code != http.StatusNotFound {
		t.Errorf("GET after retraction = %d, want 404", code)
	}
	if code, _ := e.do("DELETE", path, e.push, ""); code != http.StatusNotFound {
		t.Errorf("DELETE again = %d, want 404", code)
	}
}

func TestPushEmbargo(t *testing.T) {
	e := newPushEnv(t)
	future := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	held := e.pushStory(`{"external_id":"held","title":"Embargoed results","published_at":"2026-11-20T09:00:00Z","embargo_until":"`+future+`"}`, http.StatusCreated)
	open := e.pushStory(`{"external_id":"open","title":"Lifted results","published_at":"2026-11-20T09:00:00Z","embargo_until":"2020-01-01T00:00:00Z"}`, http.StatusCreated)
	code, body := e.do("GET", "/api/v1/stories", e.read, "")
	var page herald.StoryPage
	if code != http.StatusOK || json.Unmarshal([]byte(body), &page) != nil {
		t.Fatalf("GET /api/v1/stories = %d %s", code, body)
	}
	if len(page.Items) != 1 || page.Items[0].ID != open.ID {
		t.Errorf("stories = %s, want only story %d (story %d is under embargo)", body, open.ID, held.ID)
	}
	if code, _ := e.do("GET", "/api/v1/stories/"+itoa(held.ID), e.read, ""); code != http.StatusNotFound {
		t.Errorf("GET embargoed story = %d, want 404", code)
	}
	if code, _ := e.do("GET", "/api/v1/stories/"+itoa(held.ID)+"/revisions", e.read, ""); code != http.StatusNotFound {
		t.Errorf("GET embargoed story's revisions = %d, want 404", code)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestPushRefusesImplausibleDates: a far-future date would pin the story to
// the top of every feed and the zero time is a placeholder; both are refused
// with a message that says what is wrong (issue 10 item 5).
func TestPushRefusesImplausibleDates(t *testing.T) {
	e := newPushEnv(t)
	soon := time.Now().Add(5 * time.Minute).UTC().Format(time.RFC3339)
	later := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	story := func(field, v string) string {
		return `{"external_id":"d","title":"T","published_at":"2026-11-20T09:00:00Z",` + strconv.Quote(field) + `:` + strconv.Quote(v) + `}`
	}
	for _, tc := range []struct {
		name, body string
		want       []string // "" for accepted
	}{
		{"far future", story("published_at", "9999-12-31T23:59:59Z"), []string{"published_at: 9999-12-31T23:59:59Z is in the future", "embargo_until"}},
		{"an hour ahead", story("published_at", later), []string{"published_at:", "is in the future"}},
		{"zero time", story("published_at", "0001-01-01T00:00:00Z"), []string{"published_at: 0001-01-01T00:00:00Z is before 1995"}},
		{"before 1995", story("published_at", "1970-01-01T00:00:00Z"), []string{"published_at: 1970-01-01T00:00:00Z is before 1995"}},
		{"updated far future", story("updated_at", "9999-12-31T23:59:59Z"), []string{"updated_at: 9999-12-31T23:59:59Z is in the future"}},
		{"updated zero", story("updated_at", "0001-01-01T00:00:00Z"), []string{"updated_at: 0001-01-01T00:00:00Z is before 1995"}},
		{"a few minutes ahead (clock skew)", story("published_at", soon), nil},
		{"embargo far ahead", story("embargo_until", "9999-12-31T23:59:59Z"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := e.do("POST", "/api/v1/stories", e.push, tc.body)
			if tc.want == nil {
				if code != http.StatusCreated && code != http.StatusOK {
					t.Fatalf("POST = %d %s, want it stored", code, body)
				}
				return
			}
			if code != http.StatusBadRequest || !strings.Contains(body, `"code":"invalid"`) {
				t.Fatalf("POST = %d %s, want 400 invalid", code, body)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("message %s lacks %q", body, w)
				}
			}
		})
	}
}

// TestPushRefusesInvalidUTF8NamingTheField: bytes that are not UTF-8 would be
// stored as U+FFFD; they are refused with a 400 naming the field.
func TestPushRefusesInvalidUTF8NamingTheField(t *testing.T) {
	e := newPushEnv(t)
	// BAD stands for bytes that are not UTF-8.
	for _, tc := range []struct{ field, body, bad string }{
		{"title", `{"external_id":"u","title":"Bad BAD title","published_at":"2026-11-20T09:00:00Z"}`, "\xff"},
		{"summary", `{"external_id":"u","title":"T","published_at":"2026-11-20T09:00:00Z","summary":"<p>BAD</p>"}`, "\xc3\x28"},
		{"content_html", `{"external_id":"u","title":"T","published_at":"2026-11-20T09:00:00Z","content_html":"BAD"}`, "\xed\xa0\x80"},
		{"authors[1]", `{"external_id":"u","title":"T","published_at":"2026-11-20T09:00:00Z","authors":["Ann","BBAD"]}`, "\xff"},
		{"image.caption", `{"external_id":"u","title":"T","published_at":"2026-11-20T09:00:00Z","image":{"url":"https://x.example/a.jpg","caption":"BAD"}}`, "\xfe"},
		{"topics[0].name", `{"external_id":"u","title":"T","published_at":"2026-11-20T09:00:00Z","topics":[{"name":"BAD"}]}`, "\x80"},
		{"request body", `{"external_id":"u","title":"T","published_at":"2026-11-20T09:00:00Z","BAD":"x"}`, "\xff"},
	} {
		tc.body = strings.Replace(tc.body, "BAD", tc.bad, 1)
		t.Run(tc.field, func(t *testing.T) {
			code, body := e.do("POST", "/api/v1/stories", e.push, tc.body)
			if code != http.StatusBadRequest || !strings.Contains(body, tc.field+": holds invalid UTF-8") {
				t.Errorf("POST = %d %s, want 400 naming %s", code, body, tc.field)
			}
		})
	}
	if code, body := e.do("GET", "/api/v1/stories", e.read, ""); code != http.StatusOK || strings.Contains(body, "\uFFFD") {
		t.Errorf("stories after refused pushes = %d %s", code, body)
	}
}

// TestPushOfOwnStoryIsNeverRefusedForAnotherSources: a publisher pushing its
// own story, with the URL and text another publisher pushed first, is not
// blocked (issue 10 item 4): it is stored (201) as the pusher's own, linked
// to the visible story it repeats.
func TestPushOfOwnStoryIsNeverRefusedForAnotherSources(t *testing.T) {
	e := newPushEnv(t)
	first := e.pushStory(fullPush, http.StatusCreated)
	other := strings.Replace(fullPush, `"dp-1"`, `"og-7"`, 1)
	code, body := e.do("POST", "/api/v1/stories", e.pushOther, other)
	if code != http.StatusCreated {
		t.Fatalf("POST = %d %s, want 201", code, body)
	}
	var st herald.Story
	if err := json.Unmarshal([]byte(body), &st); err != nil || st.ID == first.ID || st.Source.ID != e.other.ID ||
		st.DuplicateOf != first.ID {
		t.Errorf("POST = %s, want a story of source %d other than %d, linked to it", body, e.other.ID, first.ID)
	}
}

// TestPushOfOwnRepeatReturnsTheStoredStory: the same story under a new
// external_id of the same source is the publisher's own story, not a new
// one: 200 with the story it has.
func TestPushOfOwnRepeatReturnsTheStoredStory(t *testing.T) {
	e := newPushEnv(t)
	first := e.pushStory(fullPush, http.StatusCreated)
	again := e.pushStory(strings.Replace(fullPush, `"dp-1"`, `"dp-1-again"`, 1), http.StatusOK)
	if again.ID != first.ID {
		t.Errorf("repeat came back as story %d, want the stored %d", again.ID, first.ID)
	}
}
