package websub_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/websub"
)

// activeSource returns a source of e whose subscription the hub has verified.
func activeSource(t *testing.T, e *env) (*herald.Source, *herald.Subscription) {
	t.Helper()
	h := newHub(t)
	src := e.source(t, "http://127.0.0.1:1/feed")
	if err := e.sub.Subscribe(t.Context(), src.ID, h.URL, src.URL); err != nil {
		t.Fatal(err)
	}
	sub := e.subscription(t, src.ID)
	e.verify(t, sub, "3600")
	return src, sub
}

func TestPushSignedIsStored(t *testing.T) {
	e := newEnv(t, websub.Options{})
	src, sub := activeSource(t, e)
	doc := rss("https://gazette.example", "", "", item{"a", "Council votes on ferry"}, item{"b", "Harbour opens"})
	if code := e.push(t, sub, "sha256", sub.Secret, doc); code != http.StatusAccepted {
		t.Fatalf("signed push = %d, want 202", code)
	}
	if d := cmp.Diff([]string{"Council votes on ferry", "Harbour opens"}, e.stories(t, src.ID), sortStrings); d != "" {
		t.Errorf("stories (-want +got):\n%s", d)
	}
	page, err := e.store.Stories(t.Context(), herald.StoryFilter{SourceID: src.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range page.Items {
		if strings.Contains(s.ContentHTML, "<script") || strings.Contains(s.Summary, "<script") {
			t.Errorf("pushed story %q kept a script: the push skipped sanitising", s.Title)
		}
		if s.Source.ID != src.ID {
			t.Errorf("story %q belongs to source %d, want %d", s.Title, s.Source.ID, src.ID)
		}
	}
	if got := e.subscription(t, src.ID); got.LastPushAt.IsZero() {
		t.Error("LastPushAt not recorded")
	}
}

func TestPushSignatureMethods(t *testing.T) {
	for _, method := range []string{"sha1", "sha256", "sha384", "sha512"} {
		t.Run(method, func(t *testing.T) {
			e := newEnv(t, websub.Options{})
			src, sub := activeSource(t, e)
			doc := rss("https://gazette.example", "", "", item{method, "Signed with " + method})
			if code := e.push(t, sub, method, sub.Secret, doc); code != http.StatusAccepted {
				t.Fatalf("push = %d, want 202", code)
			}
			if d := cmp.Diff([]string{"Signed with " + method}, e.stories(t, src.ID)); d != "" {
				t.Errorf("stories (-want +got):\n%s", d)
			}
		})
	}
}

func TestPushBadSignatureIgnored(t *testing.T) {
	doc := rss("https://gazette.example", "", "", item{"x", "Forged story"})
	tests := []struct {
		name   string
		header func(secret string) string // "" sends no header
	}{
		{"missing", func(string) string { return "" }},
		{"wrong secret", func(string) string { return sign("sha256", "guess", doc) }},
		{"other body", func(secret string) string { return sign("sha256", secret, doc+" ") }},
		{"unknown method", func(secret string) string { return "md5=" + strings.TrimPrefix(sign("sha1", secret, doc), "sha1=") }},
		{"method only", func(string) string { return "sha256" }},
		{"not hex", func(string) string { return "sha256=zz" }},
		{"truncated", func(secret string) string { return sign("sha256", secret, doc)[:20] }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, websub.Options{})
			src, sub := activeSource(t, e)
			h := http.Header{"Content-Type": {"application/rss+xml"}}
			if v := tc.header(sub.Secret); v != "" {
				h.Set("X-Hub-Signature", v)
			}
			if code, _ := e.callback(t, http.MethodPost, sub.Token, nil, h, doc); code != http.StatusAccepted {
				t.Errorf("push = %d, want 202 (acknowledged, ignored)", code)
			}
			if got := e.stories(t, src.ID); len(got) != 0 {
				t.Errorf("stories stored from an unsigned push: %q", got)
			}
			if got := e.subscription(t, src.ID); !got.LastPushAt.IsZero() {
				t.Error("an ignored push was recorded as a push")
			}
		})
	}
}

func TestPushOversized(t *testing.T) {
	e := newEnv(t, websub.Options{MaxBody: 1 << 10})
	src, sub := activeSource(t, e)
	doc := rss("https://gazette.example", "", "", item{"big", "Big " + strings.Repeat("story ", 400)})
	if code := e.push(t, sub, "sha256", sub.Secret, doc); code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized push = %d, want 413", code)
	}
	if got := e.stories(t, src.ID); len(got) != 0 {
		t.Errorf("stories stored from an oversized push: %q", got)
	}
}

func TestPushUnknownToken(t *testing.T) {
	e := newEnv(t, websub.Options{})
	code, _ := e.callback(t, http.MethodPost, "no-such-token", nil, nil, "<rss/>")
	if code != http.StatusNotFound {
		t.Errorf("push to an unknown token = %d, want 404", code)
	}
}

func TestPushNotAFeed(t *testing.T) {
	e := newEnv(t, websub.Options{})
	src, sub := activeSource(t, e)
	if code := e.push(t, sub, "sha256", sub.Secret, "<html><body>hello</body></html>"); code != http.StatusAccepted {
		t.Errorf("push of an HTML page = %d, want 202", code)
	}
	got := e.subscription(t, src.ID)
	if !strings.HasPrefix(got.LastError, "pushed content:") || !got.LastPushAt.IsZero() {
		t.Errorf("after a push that is no feed: error %q, last push %v; want the error recorded, no push", got.LastError, got.LastPushAt)
	}
}

// sortStrings compares string slices as sets.
var sortStrings = cmpopts.SortSlices(func(a, b string) bool { return a < b })
