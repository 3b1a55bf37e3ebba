package feed

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDiscoverFeeds(t *testing.T) {
	tests := []struct {
		name, page, url string
		want            []string
	}{
		{"fixture", string(readFixture(t, "html-page.html")), "https://daily.example/news/index.html", []string{
			"https://daily.example/feeds/all.rss",
			"https://daily.example/feeds/all.atom",
			"https://daily.example/news/feed.json",
		}},
		{"base href", `<html><head><base href="https://cdn.example/site/"><link rel="alternate" type="application/atom+xml" href="atom.xml"></head></html>`,
			"https://www.example/", []string{"https://cdn.example/site/atom.xml"}},
		{"rel list and type parameters", `<link rel="feed alternate" type="Application/RSS+XML; charset=utf-8" href="/r">`,
			"https://x.example/", []string{"https://x.example/r"}},
		{"rel missing alternate", `<link rel="feed" type="application/rss+xml" href="/r">`, "https://x.example/", nil},
		{"no feeds", `<html><head><title>x</title></head><body>x</body></html>`, "https://x.example/", nil},
		{"relative without page url", `<link rel="alternate" type="application/rss+xml" href="/r">`, "", nil},
		{"absolute without page url", `<link rel="alternate" type="application/rss+xml" href="https://x.example/r">`, "", []string{"https://x.example/r"}},
		{"windows-1252 page", "<meta charset=\"windows-1252\"><title>Caf\xe9</title><link rel=alternate type=application/rss+xml href=\"/caf\xe9.xml\">",
			"https://x.example/", []string{"https://x.example/caf%C3%A9.xml"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := DiscoverFeeds([]byte(tc.page), tc.url)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
