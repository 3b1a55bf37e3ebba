package greader

import (
	"context"
	"strconv"
	"strings"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
)

// subscription is one entry of subscription/list.
type subscription struct {
	ID            string     `json:"id"`
	Title         string     `json:"title"`
	Categories    []category `json:"categories"`
	URL           string     `json:"url"`
	HTMLURL       string     `json:"htmlUrl"`
	IconURL       string     `json:"iconUrl"`
	SortID        string     `json:"sortid"`
	FirstItemMsec string     `json:"firstitemmsec"`
}

// category is a folder a subscription sits in, or a label in tag/list.
type category struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Type  string `json:"type,omitempty"`
}

// subscriptionList answers the reader's subscriptions with their folders.
func (s *server) subscriptionList(c *call) error {
	subs, err := c.view.Subscriptions(c.r.Context())
	if err != nil {
		return err
	}
	out := make([]subscription, len(subs))
	for i, sub := range subs {
		cats := []category{}
		if sub.Folder != "" {
			cats = append(cats, category{ID: labelPrefix + sub.Folder, Label: sub.Folder, Type: "folder"})
		}
		out[i] = subscription{
			ID: feedPrefix + strconv.FormatInt(sub.Source.ID, 10), Title: sub.Title, Categories: cats,
			URL: sub.Source.URL, HTMLURL: sub.Source.SiteURL, SortID: strconv.FormatInt(sub.Source.ID, 16),
			FirstItemMsec: "0", IconURL: "",
		}
	}
	writeJSON(c.w, map[string]any{"subscriptions": out})
	return nil
}

// subscriptionEdit subscribes to (follows), unsubscribes from (unfollows)
// or edits (folder a/r, title t) each stream s.
func (s *server) subscriptionEdit(c *call) error {
	ctx := c.r.Context()
	streams := c.form["s"]
	if len(streams) == 0 {
		return badRequest("name the subscription with s=feed/…")
	}
	ac := c.form.Get("ac")
	for i, sid := range streams {
		sid = normalize(c, sid)
		rest, ok := strings.CutPrefix(sid, feedPrefix)
		if !ok {
			return badRequest("subscription %q: want feed/ID or feed/URL", sid)
		}
		var id int64
		var err error
		switch ac {
		case "subscribe":
			id, err = s.subscribe(ctx, c, rest)
		case "unsubscribe":
			if id, err = feedSource(ctx, c, rest); err == nil {
				err = s.Store.UnfollowSource(ctx, c.user.ID, id)
			}
			if err != nil {
				return err
			}
			continue
		case "edit":
			if id, err = feedSource(ctx, c, rest); err == nil {
				err = s.Store.FollowSource(ctx, c.user.ID, id)
			}
		default:
			return badRequest("ac: want subscribe, unsubscribe or edit")
		}
		if err != nil {
			return err
		}
		title := ""
		if i < len(c.form["t"]) {
			title = c.form["t"][i]
		}
		if err := s.editPref(ctx, c, id, title); err != nil {
			return err
		}
	}
	return writeText(c.w, "OK")
}

// subscribe follows the source of "ID" or "URL", adding a source for a new
// URL when the reader may; it returns the source.
func (s *server) subscribe(ctx context.Context, c *call, rest string) (int64, error) {
	id, err := feedSource(ctx, c, rest)
	if herald.IsNotFound(err) && !isNumber(rest) {
		id, err = s.addSource(ctx, c, rest)
	}
	if err != nil {
		return 0, err
	}
	return id, s.Store.FollowSource(ctx, c.user.ID, id)
}

// addSource adds a feed URL for the install, when the reader may.
func (s *server) addSource(ctx context.Context, c *call, rawURL string) (int64, error) {
	if s.AddSource == nil {
		return 0, herald.Errorf(herald.EFORBIDDEN, "this server adds no sources from feed reader apps")
	}
	if err := auth.MayAddSources(c.user, s.ReadersAddSources); err != nil {
		return 0, err
	}
	src, err := s.AddSource(ctx, rawURL)
	if err != nil {
		return 0, err
	}
	c.view.Sources[src.ID] = src
	return src.ID, nil
}

func isNumber(s string) bool {
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}

// editPref applies a (a folder to put the source in), r (a folder to take
// it out of) and title to the reader's subscription to source id.
func (s *server) editPref(ctx context.Context, c *call, id int64, title string) error {
	p := c.view.Prefs[id]
	changed := false
	if add, ok := strings.CutPrefix(normalize(c, c.form.Get("a")), labelPrefix); ok && add != "" {
		p.Folder, changed = &add, true
	} else if rm, ok := strings.CutPrefix(normalize(c, c.form.Get("r")), labelPrefix); ok && rm == c.view.Folder(id) {
		none := ""
		p.Folder, changed = &none, true
	}
	if title != "" {
		p.Title, changed = title, true
	}
	if !changed {
		return nil
	}
	c.view.Prefs[id] = p
	return s.Store.SetSubscriptionPref(ctx, c.user.ID, id, p)
}

// quickAdd subscribes to a feed URL: {"query","numResults","streamId",
// "streamName"}, numResults 0 with an error when it cannot.
func (s *server) quickAdd(c *call) error {
	raw := strings.TrimPrefix(strings.TrimSpace(c.form.Get("quickadd")), feedPrefix)
	if raw == "" {
		return badRequest("name the feed with quickadd=URL")
	}
	id, err := s.subscribe(c.r.Context(), c, raw)
	if err != nil {
		if herald.ErrorCode(err) == herald.EUNAVAILABLE || herald.ErrorCode(err) == herald.EINTERNAL {
			return err
		}
		writeJSON(c.w, map[string]any{"query": raw, "numResults": 0, "streamId": "", "streamName": "", "error": herald.ErrorMessage(err)})
		return nil
	}
	writeJSON(c.w, map[string]any{"query": raw, "numResults": 1,
		"streamId": feedPrefix + strconv.FormatInt(id, 10), "streamName": c.view.Title(id)})
	return nil
}
