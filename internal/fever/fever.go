// Package fever serves the Fever API that feed reader apps speak (Reeder,
// Unread, FeedMe, Fluent Reader…) at /fever/: every call is a POST (or GET)
// of /fever/?api&… with the form field api_key, the lower-case hex MD5 of
// "NAME:APP_PASSWORD" (an app password, never the account password).
//
// What Herald keeps is mapped on it as on the Google Reader API (see
// package reading): feeds are the reader's subscriptions, groups their
// folders, items the stories of the reading list (each story, clusters not
// collapsed), links (Fever's "Hot") the reader's biggest story clusters, and
// unread is bounded by the reading window. Favicons are generated from each
// source's name: Herald fetches no site icons.
package fever

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/httperr"
	"github.com/heraldnews/herald/internal/reading"
)

// APIVersion is the Fever API version Herald speaks.
const APIVersion = 3

// maxBody caps a request body.
const maxBody = 64 << 10

// Deps is what the API needs; all are required.
type Deps struct {
	Store   herald.Store
	Auth    *auth.Service
	Reading *reading.Service
	Log     *slog.Logger // nil discards
}

type server struct{ Deps }

// call is one authenticated call.
type call struct {
	r    *http.Request
	form url.Values
	user *herald.User
	view *reading.View
	out  map[string]any
}

// Register adds /fever/ (and /fever) to mux.
func Register(mux *http.ServeMux, d Deps) {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	s := &server{d}
	mux.HandleFunc("/fever/", s.serve)
	mux.HandleFunc("/fever", s.serve)
}

// serve authenticates the call, applies a mark when there is one, and then
// answers every part the call asks for.
func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	form, err := params(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := map[string]any{"api_version": APIVersion, "auth": 0}
	if !form.Has("api") {
		writeJSON(w, http.StatusOK, out)
		return
	}
	u, _, err := s.Auth.AppPasswordUser(r.Context(), form.Get("api_key"))
	if herald.ErrorCode(err) == herald.EUNAUTHORIZED {
		writeJSON(w, http.StatusOK, out)
		return
	}
	if err == nil {
		err = s.answer(r, form, u, out)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// answer fills out for an authenticated reader.
func (s *server) answer(r *http.Request, form url.Values, u *herald.User, out map[string]any) error {
	ctx := r.Context()
	view, err := s.Reading.View(ctx, u)
	if err != nil {
		return err
	}
	c := &call{r: r, form: form, user: u, view: view, out: out}
	out["auth"] = 1
	out["last_refreshed_on_time"] = lastRefreshed(view)
	if form.Has("mark") {
		if err := s.mark(ctx, c); err != nil {
			return err
		}
	}
	if form.Has("unread_recently_read") {
		if err := s.unreadRecentlyRead(ctx, c); err != nil {
			return err
		}
	}
	for _, part := range []struct {
		name string
		fn   func(context.Context, *call) error
	}{
		{"groups", s.groups}, {"feeds", s.feeds}, {"favicons", s.favicons}, {"items", s.items}, {"links", s.links},
		{"unread_item_ids", s.unreadIDs}, {"saved_item_ids", s.savedIDs},
	} {
		if form.Has(part.name) {
			if err := part.fn(ctx, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// lastRefreshed is when Herald last fetched any source, in unix seconds.
func lastRefreshed(v *reading.View) int64 {
	var last time.Time
	for _, src := range v.Sources {
		if src.LastFetchedAt.After(last) {
			last = src.LastFetchedAt
		}
	}
	if last.IsZero() {
		return 0
	}
	return last.Unix()
}

// params returns the query and the form body together.
func params(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	form := r.URL.Query()
	if r.Method != http.MethodPost {
		return form, nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseMultipartForm(maxBody); err != nil && err != http.ErrNotMultipart {
		return nil, herald.Errorf(herald.EINVALID, "malformed form body")
	}
	for k, vs := range r.PostForm {
		form[k] = append(form[k], vs...)
	}
	return form, nil
}

// fail answers an error the way the API answers: JSON, auth 0.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, answer := httperr.Prepare(s.Log, w, r, err)
	if !answer {
		return
	}
	writeJSON(w, status, map[string]any{"api_version": APIVersion, "auth": 0, "error": herald.ErrorMessage(err)})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// groupID is a folder's stable group id: a hash of its name, never 0 (which
// is Fever's "all items") or negative.
func groupID(folder string) int64 {
	h := fnv.New32a()
	h.Write([]byte(folder))
	id := int64(h.Sum32() & 0x7fffffff)
	if id == 0 {
		id = 1
	}
	return id
}
