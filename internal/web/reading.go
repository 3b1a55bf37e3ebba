package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/rank"
	"github.com/heraldnews/herald/internal/reading"
)

// storyAction is what a button on a story does for the reader.
type storyAction struct {
	verb string // for errors: "save story 12: …"
	do   func(s *server, r *http.Request, userID, storyID int64) error
}

// storyActions are the POST /stories/{id}/{name} routes of the story buttons.
var storyActions = map[string]storyAction{
	"read":   {"mark read", setRead(true)},
	"unread": {"mark unread", setRead(false)},
	"save":   {"save", setSaved(true)},
	"unsave": {"unsave", setSaved(false)},
	"hide":   {"hide", setHidden(true)},
	"unhide": {"show", setHidden(false)},
	"more":   {"ask for more like", recordSignal(herald.EventMoreLike)},
	"less":   {"ask for fewer like", recordSignal(herald.EventLessLike)},
}

func setRead(read bool) func(*server, *http.Request, int64, int64) error {
	return func(s *server, r *http.Request, u, id int64) error {
		_, err := s.markRead(r.Context(), u, []int64{id}, read)
		return err
	}
}

// markRead marks stories read or unread as feed reader apps do
// (reading.View.SetRead): marking a story read marks the other stories of
// its cluster read too, since a collapsed list showed them as its one card.
// It returns the stories it marked.
func (s *server) markRead(ctx context.Context, userID int64, ids []int64, read bool) ([]int64, error) {
	v, err := (&reading.Service{Store: s.Store, Now: s.now}).View(ctx, &herald.User{ID: userID})
	if err != nil {
		return nil, err
	}
	return v.SetRead(ctx, ids, read)
}

func setSaved(saved bool) func(*server, *http.Request, int64, int64) error {
	return func(s *server, r *http.Request, u, id int64) error {
		if err := s.Store.SetSaved(r.Context(), u, id, saved); err != nil || !saved {
			return err
		}
		return s.signal(r, u, id, herald.EventSave)
	}
}

func setHidden(hidden bool) func(*server, *http.Request, int64, int64) error {
	return func(s *server, r *http.Request, u, id int64) error {
		if err := s.Store.SetHidden(r.Context(), u, id, hidden); err != nil || !hidden {
			return err
		}
		return s.signal(r, u, id, herald.EventHide)
	}
}

func recordSignal(kind string) func(*server, *http.Request, int64, int64) error {
	return func(s *server, r *http.Request, u, id int64) error { return s.signal(r, u, id, kind) }
}

// signal records one reading signal for the ranker.
func (s *server) signal(r *http.Request, userID, storyID int64, kind string) error {
	return s.record(r.Context(), userID, []herald.Event{{StoryID: storyID, Kind: kind, At: s.now()}})
}

// record stores reading signals and has the ranked feed learn them at once.
func (s *server) record(ctx context.Context, userID int64, evs []herald.Event) error {
	return rank.Record(ctx, s.Store, s.Ranking, userID, evs)
}

// onStory runs the story action named in the path and goes back to the form's
// "next" page, or answers 204 to the page's own script (X-Requested-With:
// herald), which updates the button in place.
func (s *server) onStory(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	act, ok := storyActions[r.PathValue("action")]
	if !ok {
		return herald.Errorf(herald.ENOTFOUND, "there is no page at %s", r.URL.Path)
	}
	if err := act.do(s, r, u.ID, id); err != nil {
		return fmt.Errorf("%s story %d: %w", act.verb, id, err)
	}
	if r.Header.Get("X-Requested-With") == "herald" {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	redirectBack(w, r, storyHref(id))
	return nil
}

// readScope is what a "mark all as read" button covers: a view, a topic or a
// source up to the time the page was shown, or the stories listed (IDs) on a
// section, search or saved page.
type readScope struct {
	View      string
	Section   string
	TopicSlug string
	SourceID  int64
	IDs       []int64
	List      bool // mark the listed IDs, not the scope
	Before    time.Time
	Next      string // the page to come back to
}

// BeforeMS is Before in unix milliseconds, as the form sends it.
func (rs readScope) BeforeMS() int64 { return rs.Before.UnixMilli() }

// IDList is IDs as the form sends them.
func (rs readScope) IDList() string {
	parts := make([]string, len(rs.IDs))
	for i, id := range rs.IDs {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// undoNotice confirms a "mark all as read" and offers to undo it.
type undoNotice struct {
	Marked int
	Token  string
	Next   string // this page without the notice
}

// markAllRead is POST /read-all: it marks read the stories of the form's
// scope (topic, source, listed ids, or everything up to "before"), then goes
// back to "next" with a notice that offers to undo it.
func (s *server) markAllRead(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	n, token, err := s.markScope(r, u.ID)
	if err != nil {
		return fmt.Errorf("mark all read: %w", err)
	}
	next := safeNext(r.PostFormValue("next"), "/")
	q := url.Values{"marked": {strconv.Itoa(n)}, "undo": {token}}
	http.Redirect(w, r, withQuery(next, q), http.StatusSeeOther)
	return nil
}

// markScope marks the form's scope read and returns how many and the token
// that undoes it: "ids:1,2,3" for a list, else the store's token.
func (s *server) markScope(r *http.Request, userID int64) (int, string, error) {
	if raw := strings.TrimSpace(r.PostFormValue("ids")); raw != "" || r.PostFormValue("list") == "1" {
		ids, err := parseIDs(raw, maxListMarks)
		if err != nil {
			return 0, "", err
		}
		marked, err := s.markRead(r.Context(), userID, ids, true)
		if err != nil {
			return 0, "", err
		}
		return len(ids), "ids:" + readScope{IDs: marked}.IDList(), nil
	}
	scope := herald.ReadScope{TopicSlug: r.PostFormValue("topic")}
	if v := r.PostFormValue("source"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, "", herald.Errorf(herald.EINVALID, "source: not a source")
		}
		scope.SourceID = id
	}
	if ms, err := strconv.ParseInt(r.PostFormValue("before"), 10, 64); err == nil && ms > 0 {
		scope.Before = time.UnixMilli(ms)
	}
	return s.Store.MarkAllRead(r.Context(), userID, scope)
}

// A list's "mark these as read" takes at most maxListMarks stories; its undo
// at most maxUndoMarks, the other stories of their clusters included.
const (
	maxListMarks = 500
	maxUndoMarks = 5000
)

// parseIDs reads a comma-separated list of at most most story ids.
func parseIDs(raw string, most int) ([]int64, error) {
	var ids []int64
	for _, f := range strings.Split(raw, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil || id <= 0 {
			return nil, herald.Errorf(herald.EINVALID, "ids: %q is not a story", f)
		}
		ids = append(ids, id)
	}
	if len(ids) > most {
		return nil, herald.Errorf(herald.EINVALID, "ids: at most %d stories at once", most)
	}
	return ids, nil
}

// undoMarkAllRead is POST /read-all/undo: it makes unread again what one
// "mark all as read" marked.
func (s *server) undoMarkAllRead(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	token := r.PostFormValue("undo")
	if raw, ok := strings.CutPrefix(token, "ids:"); ok {
		ids, err := parseIDs(raw, maxUndoMarks)
		if err != nil {
			return err
		}
		err = s.Store.SetRead(r.Context(), u.ID, ids, false)
		if err != nil {
			return fmt.Errorf("undo mark read: %w", err)
		}
	} else if err := s.Store.UndoMarkAllRead(r.Context(), u.ID, token); err != nil {
		return fmt.Errorf("undo mark all read: %w", err)
	}
	redirectBack(w, r, "/")
	return nil
}

// undoFrom reads the notice of a "mark all as read" from the page's query.
func undoFrom(r *http.Request) *undoNotice {
	q := r.URL.Query()
	n, err := strconv.Atoi(q.Get("marked"))
	if err != nil || q.Get("undo") == "" {
		return nil
	}
	u := *r.URL
	q.Del("marked")
	q.Del("undo")
	u.RawQuery, u.Fragment = q.Encode(), ""
	return &undoNotice{Marked: n, Token: r.URL.Query().Get("undo"), Next: u.RequestURI()}
}

// withQuery returns the same-site URL next with the values of add set.
func withQuery(next string, add url.Values) string {
	u, err := url.Parse(next)
	if err != nil {
		return next
	}
	q := u.Query()
	for k, v := range add {
		if v == nil {
			q.Del(k)
		} else {
			q[k] = v
		}
	}
	u.RawQuery, u.Fragment = q.Encode(), ""
	return u.RequestURI()
}
