package fever

import (
	"context"
	"time"

	"github.com/heraldnews/herald"
)

// recentlyRead is what unread_recently_read takes back.
const recentlyRead = time.Hour

// mark applies mark=item|feed|group with as=read|unread|saved|unsaved, id
// and (for feeds and groups) before, and answers the ids that changed kind:
// unread_item_ids after read and unread, saved_item_ids after saved and
// unsaved.
func (s *server) mark(ctx context.Context, c *call) error {
	id, err := signedParam("id", c.form.Get("id"))
	if err != nil {
		return err
	}
	as := c.form.Get("as")
	switch c.form.Get("mark") {
	case "item":
		err = s.markItem(ctx, c, id, as)
	case "feed", "group":
		err = s.markMany(ctx, c, id, as)
	default:
		return herald.Errorf(herald.EINVALID, "mark: want item, feed or group")
	}
	if err != nil {
		return err
	}
	if as == "saved" || as == "unsaved" {
		return s.savedIDs(ctx, c)
	}
	return s.unreadIDs(ctx, c)
}

// markItem marks one story; a story the reader cannot see is left alone.
func (s *server) markItem(ctx context.Context, c *call, id int64, as string) error {
	visible, err := s.Store.ReaderStories(ctx, c.user.ID, []int64{id})
	if err != nil || len(visible) == 0 {
		return err
	}
	switch as {
	case "read", "unread":
		return s.Store.SetRead(ctx, c.user.ID, []int64{id}, as == "read")
	case "saved", "unsaved":
		return s.Store.SetSaved(ctx, c.user.ID, id, as == "saved")
	}
	return herald.Errorf(herald.EINVALID, "as: want read, unread, saved or unsaved")
}

// markMany marks read a feed's or a group's stories published up to before
// (0 for Kindling, every feed; -1 for Sparks, which Herald has none of).
func (s *server) markMany(ctx context.Context, c *call, id int64, as string) error {
	if as != "read" {
		return herald.Errorf(herald.EINVALID, "as: feeds and groups are only marked read")
	}
	before, err := signedParam("before", c.form.Get("before"))
	if err != nil {
		return err
	}
	var until time.Time
	if before > 0 {
		until = time.Unix(before+1, 0)
	}
	q, ok, err := s.scope(ctx, c, id)
	if err != nil || !ok {
		return err
	}
	_, err = c.view.MarkStreamRead(ctx, q, until)
	return err
}

// scope is the stream mark=feed or mark=group names; ok is false for
// Sparks and for a group or feed the reader has not got.
func (s *server) scope(ctx context.Context, c *call, id int64) (herald.StreamQuery, bool, error) {
	if c.form.Get("mark") == "feed" {
		if c.view.Sources[id] == nil {
			return herald.StreamQuery{}, false, herald.Errorf(herald.ENOTFOUND, "no feed %d", id)
		}
		return c.view.SourceStream(id), true, nil
	}
	switch {
	case id == 0:
		return c.view.ReadingList(), true, nil
	case id < 0:
		return herald.StreamQuery{}, false, nil
	}
	subs, err := c.view.Feeds(ctx)
	if err != nil {
		return herald.StreamQuery{}, false, err
	}
	for _, sub := range subs {
		if sub.Folder != "" && groupID(sub.Folder) == id {
			q, _, _ := c.view.LabelStream(sub.Folder, subs)
			return q, true, nil
		}
	}
	return herald.StreamQuery{}, false, herald.Errorf(herald.ENOTFOUND, "no group %d", id)
}

// unreadRecentlyRead makes unread again what the reader read in the last
// hour.
func (s *server) unreadRecentlyRead(ctx context.Context, c *call) error {
	q := c.view.ReadStories()
	q.StateSince = c.view.Now.Add(-recentlyRead)
	refs, _, err := s.Store.ReaderStream(ctx, q)
	if err != nil || len(refs) == 0 {
		return err
	}
	ids := make([]int64, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	return s.Store.SetRead(ctx, c.user.ID, ids, false)
}

// signedParam parses an optional whole number that may be negative ("" is 0).
func signedParam(name, v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	if len(v) > 0 && v[0] == '-' {
		n, err := intParam(name, v[1:])
		return -n, err
	}
	return intParam(name, v)
}
