package greader

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/reading"
)

// Stream ids.
const (
	statePrefix = "user/-/state/com.google/"
	labelPrefix = "user/-/label/"
	feedPrefix  = "feed/"

	readingList = statePrefix + "reading-list"
	stateRead   = statePrefix + "read"
	stateStar   = statePrefix + "starred"
	stateKeep   = statePrefix + "kept-unread"
)

// Item ids: the long form is this prefix and 16 hex digits; the short form
// is the decimal id.
const itemPrefix = "tag:google.com,2005:reader/item/"

// longID is an item's long id.
func longID(id int64) string { return fmt.Sprintf("%s%016x", itemPrefix, id) }

// parseItemID reads a long id (any number of hex digits after the prefix),
// a bare 16-digit hex id, or a short decimal id.
func parseItemID(s string) (int64, error) {
	s = strings.TrimSpace(s)
	base := 10
	if hex, ok := strings.CutPrefix(s, itemPrefix); ok {
		s, base = hex, 16
	} else if len(s) == 16 {
		base = 16
	}
	id, err := strconv.ParseUint(s, base, 64)
	if err != nil || id == 0 || id > 1<<63-1 {
		return 0, badRequest("item id %q: want %s and hex digits, or a decimal id", s, itemPrefix)
	}
	return int64(id), nil
}

// itemIDs parses every i parameter.
func itemIDs(c *call) ([]int64, error) {
	raw := c.form["i"]
	if len(raw) == 0 {
		return nil, badRequest("name the items with i=…")
	}
	out := make([]int64, 0, len(raw))
	for _, s := range raw {
		id, err := parseItemID(s)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}

// normalize turns "user/ID/…" into "user/-/…" for the reader's own id.
func normalize(c *call, id string) string {
	own := "user/" + strconv.FormatInt(c.user.ID, 10) + "/"
	if rest, ok := strings.CutPrefix(id, own); ok {
		return "user/-/" + rest
	}
	return id
}

// stream is a parsed stream id: a query of the reader's stories, or the
// ranked For-you feed.
type stream struct {
	id     string
	title  string
	q      herald.StreamQuery
	forYou bool
}

// parseStream maps a stream id to the reader's stories; ENOTFOUND for a
// stream the reader has not got, EINVALID for one Herald does not know.
func parseStream(ctx context.Context, c *call, id string) (*stream, error) {
	v := c.view
	id = normalize(c, id)
	switch {
	case id == readingList:
		q := v.ReadingList()
		q.Collapse = true
		return &stream{id: id, title: "Reading list", q: q}, nil
	case id == stateStar:
		return &stream{id: id, title: "Starred", q: v.Starred()}, nil
	case id == stateRead:
		return &stream{id: id, title: "Read", q: v.ReadStories()}, nil
	case strings.HasPrefix(id, feedPrefix):
		src, err := feedSource(ctx, c, strings.TrimPrefix(id, feedPrefix))
		if err != nil {
			return nil, err
		}
		return &stream{id: feedPrefix + strconv.FormatInt(src, 10), title: v.Title(src), q: v.SourceStream(src)}, nil
	case strings.HasPrefix(id, labelPrefix):
		name := strings.TrimPrefix(id, labelPrefix)
		subs, err := v.Subscriptions(ctx)
		if err != nil {
			return nil, err
		}
		q, kind, ok := v.LabelStream(name, subs)
		if !ok {
			return nil, herald.Errorf(herald.ENOTFOUND, "you have no label %q", name)
		}
		return &stream{id: id, title: name, q: q, forYou: kind == reading.LabelForYou}, nil
	}
	return nil, badRequest("stream %q: Herald knows reading-list, starred, read, feed/ID and user/-/label/NAME", id)
}

// feedSource returns the source of "feed/ID" or "feed/URL".
func feedSource(ctx context.Context, c *call, s string) (int64, error) {
	if id, err := strconv.ParseInt(s, 10, 64); err == nil && id > 0 {
		if c.view.Sources[id] == nil {
			return 0, herald.Errorf(herald.ENOTFOUND, "no source %d", id)
		}
		return id, nil
	}
	for _, src := range c.view.Sources {
		if src.URL == s {
			return src.ID, nil
		}
	}
	return 0, herald.Errorf(herald.ENOTFOUND, "no source with feed URL %q", s)
}

// listParams applies the listing parameters (n, r, ot, nt, xt, it, c) to a
// stream, with n's default def.
func listParams(c *call, st *stream, def int) error {
	q := &st.q
	n, err := intParam(c, "n", def)
	if err != nil {
		return err
	}
	q.Limit = min(max(n, 1), herald.MaxStreamPage)
	if c.form.Get("r") == "o" {
		q.Order = herald.OldestFirst
	}
	if ot, err := intParam(c, "ot", 0); err != nil {
		return err
	} else if ot > 0 && (st.id == stateRead || st.id == stateStar) {
		// On the read and starred streams ot asks what was read or
		// starred since then.
		q.StateSince = time.Unix(int64(ot), 0)
	} else if ot > 0 {
		// Elsewhere it asks what was crawled since: stories stored or
		// updated since then, published at most the unread window earlier.
		q.CrawledSince = time.Unix(int64(ot), 0)
		q.Since = q.CrawledSince.Add(-c.view.Now.Sub(c.view.UnreadSince))
	}
	if nt, err := intParam(c, "nt", 0); err != nil {
		return err
	} else if nt > 0 {
		q.Until = time.Unix(int64(nt), 0)
	}
	for _, x := range c.form["xt"] {
		switch normalize(c, x) {
		case stateRead:
			q.Unread = true
		case stateStar:
			q.NotStarred = true
		}
	}
	for _, i := range c.form["it"] {
		switch normalize(c, i) {
		case stateRead:
			q.Read = true
		case stateStar:
			q.OnlyStarred = true
		case stateKeep, statePrefix + "unread":
			q.Unread = true
		}
	}
	q.Cursor = c.form.Get("c")
	return nil
}

// intParam parses an optional whole-number parameter.
func intParam(c *call, name string, def int) (int, error) {
	v := c.form.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, badRequest("%s: want a whole number, got %q", name, v)
	}
	return n, nil
}

// page returns one page of a stream and the continuation.
func (s *server) page(ctx context.Context, c *call, st *stream) ([]herald.StreamRef, string, error) {
	if st.forYou {
		return s.forYouPage(ctx, c, st.q)
	}
	return s.Store.ReaderStream(ctx, st.q)
}

// refIDs returns the story ids of refs.
func refIDs(refs []herald.StreamRef) []int64 {
	ids := make([]int64, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	return ids
}
