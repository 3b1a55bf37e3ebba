// Package greader serves the Google Reader API that feed reader apps speak
// (Reeder, NetNewsWire, ReadYou, FeedMe, Fluent Reader…), under the server
// root: a client's base URL is Herald's URL. It follows the protocol as the
// apps and the reference servers (FreshRSS, Miniflux) use it:
//
//   - POST /accounts/ClientLogin with Email (the reader's name) and Passwd
//     (an app password, never the account password) answers SID, LSID and
//     Auth; every other call sends "Authorization: GoogleLogin auth=AUTH".
//   - Writes (edit-tag, subscription/edit, quickadd, mark-all-as-read,
//     rename-tag, disable-tag) are POSTs with the T token of
//     /reader/api/0/token. A wrong T is refused (401, X-Reader-Google-Bad-Token);
//     none, or Reeder's placeholder "x", is accepted, as FreshRSS does: the
//     credentials are a header that no browser sends on its own, so a forged
//     cross-site request cannot carry them.
//   - Streams: user/-/state/com.google/reading-list (the stories of the
//     followed sources and topics, one item per story cluster), …/starred,
//     …/read, feed/ID, and user/-/label/NAME for folders, followed topics,
//     the reader's own labels and the ranked "For you" feed.
//
// What Herald keeps is mapped on it: subscriptions are the sources the
// reader follows (a story that reaches the reading list through a followed
// topic from another source keeps that source as its origin), folders are
// the reader's or the sources' categories, and unread is bounded by
// reading.Service's window.
package greader

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/httperr"
	"github.com/heraldnews/herald/internal/reading"
)

// Deps is what the API needs. Store, Auth and Reading are required.
type Deps struct {
	Store   herald.Store
	Feed    herald.FeedService // the For-you label; nil leaves it empty
	Auth    *auth.Service
	Reading *reading.Service
	Log     *slog.Logger // nil discards
	// AddSource validates, stores and queues the first fetch of a feed URL
	// (quickadd, subscribe to a new URL); nil refuses new sources.
	AddSource func(ctx context.Context, rawURL string) (*herald.Source, error)
	// ReadersAddSources lets readers, not only administrators, add sources.
	ReadersAddSources bool
}

// maxBody caps a request body (a long list of item ids).
const maxBody = 1 << 20

type server struct{ Deps }

// call is one authenticated call: the reader, their app password's key, the
// parameters (query and form together) and a view of their stories.
type call struct {
	w    http.ResponseWriter
	r    *http.Request
	user *herald.User
	key  string
	form url.Values
	view *reading.View
}

type handler func(c *call) error

// endpoint is one /reader/api/0/ call: its handler and whether it writes
// (POST only, T token checked).
type endpoint struct {
	h     handler
	write bool
}

// Register adds /accounts/ClientLogin and /reader/api/0/ to mux.
func Register(mux *http.ServeMux, d Deps) {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	s := &server{d}
	mux.HandleFunc("/accounts/ClientLogin", s.clientLogin)
	mux.HandleFunc("/reader/api/0/", s.serve)
}

// endpoints maps each path under /reader/api/0/ to its endpoint; stream
// contents, whose path carries a stream id, are matched apart.
func (s *server) endpoints() map[string]endpoint {
	return map[string]endpoint{
		"token":                  {h: s.token},
		"user-info":              {h: s.userInfo},
		"subscription/list":      {h: s.subscriptionList},
		"subscription/edit":      {h: s.subscriptionEdit, write: true},
		"subscription/quickadd":  {h: s.quickAdd, write: true},
		"tag/list":               {h: s.tagList},
		"unread-count":           {h: s.unreadCount},
		"stream/items/ids":       {h: s.streamItemIDs},
		"stream/items/contents":  {h: s.streamItemContents},
		"edit-tag":               {h: s.editTag, write: true},
		"mark-all-as-read":       {h: s.markAllAsRead, write: true},
		"rename-tag":             {h: s.renameTag, write: true},
		"disable-tag":            {h: s.disableTag, write: true},
		"preference/list":        {h: s.emptyList("prefs")},
		"preference/stream/list": {h: s.streamPrefs},
		"friend/list":            {h: s.emptyList("friends")},
	}
}

// serve authenticates a /reader/api/0/ call and runs its endpoint.
func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	path := strings.TrimPrefix(r.URL.Path, "/reader/api/0/")
	ep, ok := s.endpoints()[strings.TrimSuffix(path, "/")]
	if !ok && (path == "stream/contents" || strings.HasPrefix(path, "stream/contents/")) {
		ep, ok = endpoint{h: s.streamContents}, true
	}
	if !ok {
		textError(w, http.StatusNotFound, "no such call: "+path)
		return
	}
	if ep.write && r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		textError(w, http.StatusMethodNotAllowed, "this call changes things: send it as a POST")
		return
	}
	c, err := s.authenticate(w, r)
	if err == nil && ep.write {
		err = s.checkT(c)
	}
	if err == nil {
		err = ep.h(c)
	}
	if err != nil {
		s.fail(w, r, err)
	}
}

// authenticate reads the GoogleLogin header and the parameters, and builds
// the reader's view.
func (s *server) authenticate(w http.ResponseWriter, r *http.Request) (*call, error) {
	key := authKey(r.Header.Get("Authorization"))
	if key == "" {
		return nil, herald.Errorf(herald.EUNAUTHORIZED, "send Authorization: GoogleLogin auth=… (from /accounts/ClientLogin)")
	}
	u, _, err := s.Auth.AppPasswordUser(r.Context(), key)
	if err != nil {
		return nil, err
	}
	form, err := params(w, r)
	if err != nil {
		return nil, err
	}
	view, err := s.Reading.View(r.Context(), u)
	if err != nil {
		return nil, err
	}
	return &call{w: w, r: r, user: u, key: key, form: form, view: view}, nil
}

// authKey returns the app password key in "GoogleLogin auth=NAME/KEY" (or
// auth=KEY), or "".
func authKey(header string) string {
	scheme, rest, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "GoogleLogin") {
		return ""
	}
	token, ok := strings.CutPrefix(strings.TrimSpace(rest), "auth=")
	if !ok {
		return ""
	}
	if i := strings.LastIndexByte(token, '/'); i >= 0 {
		token = token[i+1:]
	}
	return token
}

// checkT refuses a write whose T token is neither the reader's, nor absent,
// nor Reeder's placeholder "x".
func (s *server) checkT(c *call) error {
	t := strings.TrimSpace(c.form.Get("T"))
	if t == "" || t == "x" {
		return nil
	}
	want, err := s.Auth.ActionToken(c.r.Context(), c.key)
	if err != nil {
		return err
	}
	if t != want {
		c.w.Header().Set("X-Reader-Google-Bad-Token", "true")
		return herald.Errorf(herald.EUNAUTHORIZED, "bad T token: get a new one from /reader/api/0/token")
	}
	return nil
}

// params returns the query and the form body together. A POST body is read
// as a form whatever its Content-Type says (some apps send none).
func params(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	form := r.URL.Query()
	if r.Method != http.MethodPost || r.Body == nil {
		return form, nil
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "multipart/form-data" {
		if err := r.ParseMultipartForm(maxBody); err != nil {
			return nil, herald.Errorf(herald.EINVALID, "malformed form body")
		}
		for k, vs := range r.MultipartForm.Value {
			form[k] = append(form[k], vs...)
		}
		return form, nil
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return nil, herald.Errorf(herald.EINVALID, "request body larger than %d bytes", maxBody)
	}
	posted, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, herald.Errorf(herald.EINVALID, "malformed form body")
	}
	for k, vs := range posted {
		form[k] = append(form[k], vs...)
	}
	return form, nil
}

// fail answers err as the reference servers do: plain text, 401 with
// Google-Bad-Token for bad credentials.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, answer := httperr.Prepare(s.Log, w, r, err)
	if !answer {
		return
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("Google-Bad-Token", "true")
	}
	textError(w, status, herald.ErrorMessage(err))
}

func textError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, "%s: %s\n", http.StatusText(status), msg)
}

// writeText answers a plain-text body ("OK", a token).
func writeText(w http.ResponseWriter, body string) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := io.WriteString(w, body)
	return err
}

// badRequest is EINVALID with a message.
func badRequest(format string, args ...any) error {
	return herald.Errorf(herald.EINVALID, format, args...)
}

// isUnauthorized reports whether err is a refusal of credentials.
func isUnauthorized(err error) bool {
	var e *herald.Error
	return errors.As(err, &e) && e.Code == herald.EUNAUTHORIZED
}
