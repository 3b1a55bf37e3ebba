// Package feedout serves Herald's feeds out, in Atom 1.0, RSS 2.0 and JSON
// Feed 1.1: the reader's For-you feed (/feed.atom, /feed.rss, /feed.json),
// a topic's (/topics/{slug}/feed.…), a source's (/sources/{id}/feed.…) and
// a story cluster's (/clusters/{id}/feed.…).
//
// Every feed is for a reader: ?key=FEED_KEY (the secret in GET
// /api/v1/me; readers' apps cannot send headers), a bearer token or the
// browser session. A new key revokes the old one. Answers carry a strong
// ETag and Last-Modified and honour conditional GET. Entry ids are the
// story's page on Herald, so they never change; dates are RFC 3339 (Atom,
// JSON Feed) and RFC 1123 (RSS); text is escaped by the encoders.
package feedout

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/httperr"
)

// Size is how many stories a feed carries.
const Size = 50

// maxCluster caps the stories of a cluster read for its feed.
const maxCluster = 200

// Deps is what the feeds need. Store and Auth are required.
type Deps struct {
	Store herald.Store
	Feed  herald.FeedService // the For-you feed; nil answers it 404
	Auth  *auth.Service
	Log   *slog.Logger // nil discards
	// PublicURL is Herald's base URL for links and ids (--public-url);
	// "" takes the request's host.
	PublicURL string
}

// Formats, by file extension.
var formats = map[string]format{
	"atom": {contentType: "application/atom+xml; charset=utf-8", encode: encodeAtom},
	"rss":  {contentType: "application/rss+xml; charset=utf-8", encode: encodeRSS},
	"json": {contentType: "application/feed+json; charset=utf-8", encode: encodeJSON},
}

type format struct {
	contentType string
	encode      func(f *feed) ([]byte, error)
}

// feed is a feed in any format.
type feed struct {
	Title   string
	Desc    string
	SelfURL string // this feed, without the key
	HomeURL string // the page it follows
	Updated time.Time
	Entries []entry
}

// entry is one story.
type entry struct {
	ID        string // the story's page on Herald
	URL       string // the story itself
	Title     string
	Summary   string // HTML
	Content   string // HTML
	Authors   []string
	Published time.Time
	Updated   time.Time
	Source    string
	Topics    []herald.Topic
	Image     string
}

type server struct{ Deps }

// loader loads one feed for a reader; path values come from the request.
type loader func(ctx context.Context, r *http.Request, u *herald.User, base string) (*feed, error)

// Register adds the feed routes to mux.
func Register(mux *http.ServeMux, d Deps) {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	s := &server{d}
	for ext := range formats {
		mux.Handle("GET /feed."+ext, s.handler(ext, s.forYou))
		mux.Handle("GET /topics/{slug}/feed."+ext, s.handler(ext, s.topic))
		mux.Handle("GET /sources/{id}/feed."+ext, s.handler(ext, s.source))
		mux.Handle("GET /clusters/{id}/feed."+ext, s.handler(ext, s.cluster))
	}
}

// handler authenticates the reader, loads the feed and answers it encoded,
// conditionally.
func (s *server) handler(ext string, load loader) http.Handler {
	f := formats[ext]
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		u, err := s.reader(r)
		var fd *feed
		if err == nil {
			fd, err = load(r.Context(), r, u, s.base(r))
		}
		var body []byte
		if err == nil {
			body, err = f.encode(fd)
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		sum := sha256.Sum256(body)
		h := w.Header()
		h.Set("Content-Type", f.contentType)
		h.Set("ETag", `"`+hex.EncodeToString(sum[:12])+`"`)
		h.Set("Cache-Control", "private, max-age=300")
		h.Set("Vary", "Authorization, Cookie")
		http.ServeContent(w, r, "", fd.Updated, bytes.NewReader(body))
	})
}

// reader is the caller: ?key=, else a bearer token or the session. A
// publisher token reads no feeds.
func (s *server) reader(r *http.Request) (*herald.User, error) {
	if key := r.URL.Query().Get("key"); key != "" {
		return s.Auth.FeedKeyUser(r.Context(), key)
	}
	return s.Auth.Authenticate(r)
}

// fail answers an error as plain text.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, answer := httperr.Prepare(s.Log, w, r, err)
	if !answer {
		return
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="herald"`)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	msg := herald.ErrorMessage(err)
	if status == http.StatusUnauthorized {
		msg += " (add ?key= with the feed key from GET /api/v1/me, or sign in)"
	}
	fmt.Fprintln(w, msg)
}

// base is Herald's base URL, without a trailing slash.
func (s *server) base(r *http.Request) string {
	if s.PublicURL != "" {
		return strings.TrimSuffix(s.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// selfURL is the request's URL without the key.
func selfURL(r *http.Request, base string) string {
	q := r.URL.Query()
	q.Del("key")
	u := base + r.URL.Path
	if enc := q.Encode(); enc != "" {
		u += "?" + enc
	}
	return u
}

// newFeed builds a feed of stories.
func newFeed(r *http.Request, base, title, desc, home string, stories []*herald.Story) *feed {
	f := &feed{Title: title, Desc: desc, SelfURL: selfURL(r, base), HomeURL: home}
	for _, st := range stories {
		e := storyEntry(base, st)
		if e.Updated.After(f.Updated) {
			f.Updated = e.Updated
		}
		f.Entries = append(f.Entries, e)
	}
	if f.Updated.IsZero() {
		f.Updated = time.Unix(0, 0).UTC()
	}
	return f
}

// storyEntry is a story's entry.
func storyEntry(base string, st *herald.Story) entry {
	updated := st.UpdatedAt
	if updated.Before(st.PublishedAt) {
		updated = st.PublishedAt
	}
	topics := make([]herald.Topic, len(st.Topics))
	for i, t := range st.Topics {
		topics[i] = t.Topic
	}
	return entry{ID: base + "/stories/" + strconv.FormatInt(st.ID, 10), URL: st.URL, Title: st.Title, Summary: st.Summary,
		Content: st.ContentHTML, Authors: st.Authors, Published: st.PublishedAt.UTC(), Updated: updated.UTC(),
		Source: st.Source.Title, Topics: topics, Image: st.ImageURL}
}

// idParam reads a positive id path value.
func idParam(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, herald.Errorf(herald.ENOTFOUND, "no such feed")
	}
	return id, nil
}

// pathEscape escapes a slug for a URL path.
func pathEscape(s string) string { return url.PathEscape(s) }
