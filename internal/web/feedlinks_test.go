package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
)

// withFeedKeys gives the pages an auth service that keeps feed keys, as
// serve does.
func withFeedKeys() envOption {
	return func(d *Deps) { d.Auth = auth.New(d.Store, auth.Options{FeedKeys: d.Store}) }
}

func TestPagesLinkTheirFeeds(t *testing.T) {
	e := newEnv(t, withFeedKeys())
	e.seedStory(herald.Story{Title: "One"}, topic("samsung", "Samsung", herald.KindOrganisation, 0.5))
	src, err := e.store.SourceByURL(t.Context(), "https://news.example/feed")
	if err != nil {
		t.Fatal(err)
	}
	if r := e.get("/"); len(alternates(t, r.Body)) > 0 {
		t.Error("a signed-out page links feeds")
	}
	e.signIn()
	key, err := auth.New(e.store, auth.Options{FeedKeys: e.store}).FeedKey(t.Context(), e.user.ID)
	if err != nil {
		t.Fatal(err)
	}
	q := "?key=" + url.QueryEscape(key)
	for path, feed := range map[string]string{
		"/":                                "/feed",
		"/topics/samsung":                  "/topics/samsung/feed",
		fmt.Sprintf("/sources/%d", src.ID): fmt.Sprintf("/sources/%d/feed", src.ID),
	} {
		r := e.get(path)
		wantStatus(t, r, http.StatusOK)
		want := []string{"application/atom+xml " + feed + ".atom" + q, "application/rss+xml " + feed + ".rss" + q,
			"application/feed+json " + feed + ".json" + q}
		if got := alternates(t, r.Body); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("GET %s links %q, want %q", path, got, want)
		}
	}
	if r := e.get("/topics/nowhere"); len(alternates(t, r.Body)) > 0 {
		t.Error("an error page links feeds")
	}
	if r := e.get("/topics"); len(alternates(t, r.Body)) > 0 {
		t.Error("the topics list links feeds it has not")
	}
}

// alternates returns the type and href of each <link rel="alternate"> in
// the head of page, as a browser reads them.
func alternates(t *testing.T, page string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || n.Data != "link" {
			continue
		}
		attr := map[string]string{}
		for _, a := range n.Attr {
			attr[a.Key] = a.Val
		}
		if attr["rel"] == "alternate" {
			out = append(out, attr["type"]+" "+attr["href"])
		}
	}
	return out
}
