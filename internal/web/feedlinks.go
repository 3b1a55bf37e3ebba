package web

import (
	"net/http"
	"net/url"

	"github.com/heraldnews/herald"
)

// FeedLink is a feed a page offers (<link rel="alternate">), readable by a
// feed reader app through the reader's feed key.
type FeedLink struct {
	Title string
	Type  string
	Href  string
}

// feedFormats are the feed formats each page offers, in order.
var feedFormats = []struct{ ext, typ, name string }{
	{"atom", "application/atom+xml", "Atom"},
	{"rss", "application/rss+xml", "RSS"},
	{"json", "application/feed+json", "JSON Feed"},
}

// feedLinks returns the feeds of the page r asks for (the reader's For-you
// on the front page, a topic's, a source's, a story cluster's), with the
// reader's feed key: none for a visitor, and none when the key cannot be
// read (the page shows all the same).
func (s *server) feedLinks(r *http.Request, u *herald.User) []FeedLink {
	if u == nil {
		return nil
	}
	var base, what string
	switch r.Pattern {
	case "GET /{$}":
		base, what = "/feed", "For you"
	case "GET /topics/{slug}":
		base, what = "/topics/"+url.PathEscape(r.PathValue("slug"))+"/feed", "this topic"
	case "GET /sources/{id}":
		base, what = "/sources/"+url.PathEscape(r.PathValue("id"))+"/feed", "this source"
	case "GET /clusters/{id}":
		base, what = "/clusters/"+url.PathEscape(r.PathValue("id"))+"/feed", "this story"
	default:
		return nil
	}
	key, err := s.Auth.FeedKey(r.Context(), u.ID)
	if err != nil {
		s.Log.DebugContext(r.Context(), "feed links left out", "error", err)
		return nil
	}
	out := make([]FeedLink, len(feedFormats))
	for i, f := range feedFormats {
		out[i] = FeedLink{Title: what + " (" + f.name + ")", Type: f.typ, Href: base + "." + f.ext + "?key=" + url.QueryEscape(key)}
	}
	return out
}
