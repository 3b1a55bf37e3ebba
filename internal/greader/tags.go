package greader

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/reading"
)

// tagList answers the states and labels: starred, then For you, folders
// (type folder), followed topics and the reader's own labels (type tag).
func (s *server) tagList(c *call) error {
	subs, err := c.view.Subscriptions(c.r.Context())
	if err != nil {
		return err
	}
	tags := []category{{ID: stateStar}}
	for _, l := range c.view.LabelList(subs) {
		typ := "tag"
		if l.Kind == reading.LabelFolder {
			typ = "folder"
		}
		tags = append(tags, category{ID: labelPrefix + l.Name, Label: l.Name, Type: typ})
	}
	writeJSON(c.w, map[string]any{"tags": tags})
	return nil
}

// unreadCount is one entry of unread-count.
type unreadCount struct {
	ID     string `json:"id"`
	Count  int    `json:"count"`
	Newest string `json:"newestItemTimestampUsec"`
}

// unreadCount answers the unread stories of every subscription, label and
// the reading list (For you has none: it is ranked, not counted).
func (s *server) unreadCount(c *call) error {
	ctx := c.r.Context()
	subs, err := c.view.Subscriptions(ctx)
	if err != nil {
		return err
	}
	counts, err := c.view.Counts(ctx, subs)
	if err != nil {
		return err
	}
	out := []unreadCount{}
	newest := time.Time{}
	for _, sub := range subs {
		id := sub.Source.ID
		out = append(out, unreadCount{ID: feedPrefix + strconv.FormatInt(id, 10), Count: counts.Sources[id], Newest: usec(counts.Newest[id])})
		if counts.Newest[id].After(newest) {
			newest = counts.Newest[id]
		}
	}
	for _, l := range c.view.LabelList(subs) {
		if l.Kind != reading.LabelForYou {
			out = append(out, unreadCount{ID: labelPrefix + l.Name, Count: counts.Labels[l.Name], Newest: usec(counts.LabelNewest[l.Name])})
		}
	}
	out = append(out, unreadCount{ID: readingList, Count: counts.Total, Newest: usec(newest)})
	writeJSON(c.w, map[string]any{"max": counts.Total, "unreadcounts": out})
	return nil
}

// usec is a time in microseconds as a string, "0" for none.
func usec(t time.Time) string {
	if t.IsZero() {
		return "0"
	}
	return strconv.FormatInt(t.UnixMicro(), 10)
}

// editTag adds (a) and removes (r) states and labels of the items i: read
// (kept-unread is its opposite), starred, and user/-/label/NAME (the
// reader's own label). Other states (like, broadcast) are accepted and
// ignored, as the reference servers do.
func (s *server) editTag(c *call) error {
	ctx := c.r.Context()
	ids, err := itemIDs(c)
	if err != nil {
		return err
	}
	for _, tag := range c.form["a"] {
		if err := s.tag(ctx, c, normalize(c, tag), ids, true); err != nil {
			return err
		}
	}
	for _, tag := range c.form["r"] {
		if err := s.tag(ctx, c, normalize(c, tag), ids, false); err != nil {
			return err
		}
	}
	return writeText(c.w, "OK")
}

// tag puts one tag on items (on) or takes it off.
func (s *server) tag(ctx context.Context, c *call, tag string, ids []int64, on bool) error {
	switch {
	case tag == stateRead:
		_, err := c.view.SetRead(ctx, ids, on)
		return err
	case tag == stateKeep:
		_, err := c.view.SetRead(ctx, ids, !on)
		return err
	case tag == stateStar:
		return s.star(ctx, c, ids, on)
	case strings.HasPrefix(tag, labelPrefix):
		name := strings.TrimPrefix(tag, labelPrefix)
		if name == reading.ForYou {
			return badRequest("For you is ranked by Herald: it takes no labels")
		}
		visible, err := s.Store.ReaderStories(ctx, c.user.ID, ids)
		if err != nil {
			return err
		}
		return s.Store.SetLabel(ctx, c.user.ID, name, storyIDs(visible), on)
	case strings.HasPrefix(tag, statePrefix):
		return nil
	}
	return badRequest("tag %q: want a state (read, starred, kept-unread) or user/-/label/NAME", tag)
}

// star saves or unsaves the items the reader can see.
func (s *server) star(ctx context.Context, c *call, ids []int64, on bool) error {
	visible, err := s.Store.ReaderStories(ctx, c.user.ID, ids)
	if err != nil {
		return err
	}
	for _, st := range visible {
		if err := s.Store.SetSaved(ctx, c.user.ID, st.ID, on); err != nil {
			return err
		}
	}
	return nil
}

func storyIDs(stories []*herald.Story) []int64 {
	out := make([]int64, len(stories))
	for i, s := range stories {
		out[i] = s.ID
	}
	return out
}

// markAllAsRead marks read the stream s's unread stories published before
// ts (microseconds; seconds, milliseconds and nanoseconds are recognised
// by size), within the unread window.
func (s *server) markAllAsRead(c *call) error {
	ctx := c.r.Context()
	st, err := parseStream(ctx, c, c.form.Get("s"))
	if err != nil {
		return err
	}
	until, err := parseTS(c.form.Get("ts"))
	if err != nil {
		return err
	}
	if st.forYou {
		st.q.Limit, st.q.Unread, st.q.Until = herald.MaxStreamPage, true, until
		refs, _, err := s.forYouPage(ctx, c, st.q)
		if err == nil {
			_, err = c.view.SetRead(ctx, refIDs(refs), true)
		}
		if err != nil {
			return err
		}
		return writeText(c.w, "OK")
	}
	if _, err := c.view.MarkStreamRead(ctx, st.q, until); err != nil {
		return err
	}
	return writeText(c.w, "OK")
}

// parseTS reads mark-all-as-read's ts; "" or 0 means no bound. The bound is
// the next millisecond (the store's precision), so a story published at ts
// is marked.
func parseTS(v string) (time.Time, error) {
	if v == "" || v == "0" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, badRequest("ts: want a timestamp in microseconds, got %q", v)
	}
	var t time.Time
	switch {
	case n >= 1e17:
		t = time.Unix(0, n)
	case n >= 1e14:
		t = time.UnixMicro(n)
	case n >= 1e11:
		t = time.UnixMilli(n)
	default:
		t = time.Unix(n, 0)
	}
	return t.Truncate(time.Millisecond).Add(time.Millisecond), nil
}

// renameTag renames a folder (for the reader's subscriptions in it) or the
// reader's own label. Followed topics keep their names.
func (s *server) renameTag(c *call) error {
	ctx := c.r.Context()
	from, ok1 := strings.CutPrefix(normalize(c, c.form.Get("s")), labelPrefix)
	to, ok2 := strings.CutPrefix(normalize(c, c.form.Get("dest")), labelPrefix)
	if !ok1 || !ok2 || from == "" || to == "" {
		return badRequest("rename-tag: want s=user/-/label/OLD and dest=user/-/label/NEW")
	}
	done, err := s.moveFolder(ctx, c, from, &to)
	if err != nil {
		return err
	}
	if slices.Contains(c.view.Labels, from) {
		if _, err := s.Store.RenameLabel(ctx, c.user.ID, from, to); err != nil {
			return err
		}
		done = true
	}
	if !done {
		return badRequest("label %q is no folder or label of yours (a followed topic keeps its name)", from)
	}
	return writeText(c.w, "OK")
}

// disableTag removes labels: a folder (its subscriptions leave it), the
// reader's own label (taken off every story), or a followed topic (the
// reader stops following it).
func (s *server) disableTag(c *call) error {
	ctx := c.r.Context()
	for _, sid := range c.form["s"] {
		name, ok := strings.CutPrefix(normalize(c, sid), labelPrefix)
		if !ok || name == "" || name == reading.ForYou {
			return badRequest("disable-tag: want s=user/-/label/NAME (For you cannot be removed)")
		}
		done, err := s.moveFolder(ctx, c, name, nil)
		if err != nil {
			return err
		}
		if slices.Contains(c.view.Labels, name) {
			if _, err := s.Store.DeleteLabel(ctx, c.user.ID, name); err != nil {
				return err
			}
			done = true
		}
		for _, t := range c.view.Topics {
			if t.Name == name && !done {
				if err := s.Store.UnfollowTopic(ctx, c.user.ID, t.Slug); err != nil {
					return err
				}
			}
		}
	}
	return writeText(c.w, "OK")
}

// moveFolder puts the reader's followed sources in folder from into folder
// to (nil: no folder) and reports whether there were any.
func (s *server) moveFolder(ctx context.Context, c *call, from string, to *string) (bool, error) {
	if to == nil {
		none := ""
		to = &none
	}
	moved := false
	for id := range c.view.Followed {
		if c.view.Folder(id) != from {
			continue
		}
		p := c.view.Prefs[id]
		p.Folder = to
		if err := s.Store.SetSubscriptionPref(ctx, c.user.ID, id, p); err != nil {
			return false, err
		}
		moved = true
	}
	return moved, nil
}
