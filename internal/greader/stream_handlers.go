package greader

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
)

// defaultIDs and defaultItems are n's defaults for ids and contents.
const (
	defaultIDs   = 1000
	defaultItems = 20
	// maxItems caps the items one contents answer carries.
	maxItems = 1000
)

// itemRef is one entry of stream/items/ids.
type itemRef struct {
	ID              string   `json:"id"`
	DirectStreamIDs []string `json:"directStreamIds"`
	TimestampUsec   string   `json:"timestampUsec"`
}

// streamItemIDs answers the ids of a stream's page: itemRefs with short
// (decimal) ids, and a continuation while more follow.
func (s *server) streamItemIDs(c *call) error {
	st, err := s.requestedStream(c, c.form.Get("s"), defaultIDs)
	if err != nil {
		return err
	}
	refs, next, err := s.page(c.r.Context(), c, st)
	if err != nil {
		return err
	}
	out := make([]itemRef, len(refs))
	for i, r := range refs {
		out[i] = itemRef{ID: strconv.FormatInt(r.ID, 10), DirectStreamIDs: []string{},
			TimestampUsec: strconv.FormatInt(r.PublishedAt.UnixMicro(), 10)}
	}
	body := map[string]any{"itemRefs": out}
	if next != "" {
		body["continuation"] = next
	}
	writeJSON(c.w, body)
	return nil
}

// streamContents answers a page of a stream's items; the stream comes from
// the path (stream/contents/STREAM) or s.
func (s *server) streamContents(c *call) error {
	id := c.form.Get("s")
	if rest, ok := strings.CutPrefix(c.r.URL.EscapedPath(), "/reader/api/0/stream/contents/"); ok && rest != "" {
		unescaped, err := url.PathUnescape(rest)
		if err != nil {
			return badRequest("malformed stream id in the path")
		}
		id = unescaped
	}
	if id == "" {
		id = readingList
	}
	st, err := s.requestedStream(c, id, defaultItems)
	if err != nil {
		return err
	}
	st.q.Limit = min(st.q.Limit, maxItems)
	ctx := c.r.Context()
	refs, next, err := s.page(ctx, c, st)
	if err != nil {
		return err
	}
	return s.writeItems(ctx, c, st.id, st.title, refIDs(refs), next)
}

// streamItemContents answers the items named by i (long or short ids), in
// the order asked, leaving out those the reader cannot see.
func (s *server) streamItemContents(c *call) error {
	ids, err := itemIDs(c)
	if err != nil {
		return err
	}
	if len(ids) > maxItems {
		return badRequest("ask for at most %d items at once", maxItems)
	}
	return s.writeItems(c.r.Context(), c, readingList, "Reading list", ids, "")
}

// requestedStream parses a stream id and the listing parameters.
func (s *server) requestedStream(c *call, id string, defaultN int) (*stream, error) {
	if id == "" {
		return nil, badRequest("name the stream with s=…")
	}
	st, err := parseStream(c.r.Context(), c, id)
	if err != nil {
		return nil, err
	}
	if err := listParams(c, st, defaultN); err != nil {
		return nil, err
	}
	return st, nil
}

// writeItems answers the stream contents document for the stories ids.
func (s *server) writeItems(ctx context.Context, c *call, id, title string, ids []int64, next string) error {
	stories, err := s.Store.ReaderStories(ctx, c.user.ID, ids)
	if err != nil {
		return err
	}
	items, err := s.items(ctx, c, stories)
	if err != nil {
		return err
	}
	now := time.Now()
	self := "/reader/api/0/stream/contents/" + url.PathEscape(id)
	out := map[string]any{
		"direction":   "ltr",
		"id":          id,
		"title":       title,
		"description": "",
		"self":        []href{{Href: self}},
		"alternate":   []href{},
		"author":      c.user.Name,
		"updated":     now.Unix(),
		"updatedUsec": strconv.FormatInt(now.UnixMicro(), 10),
		"items":       items,
	}
	if next != "" {
		out["continuation"] = next
	}
	writeJSON(c.w, out)
	return nil
}

// maxForYouPages bounds the ranked pages one For-you answer reads.
const maxForYouPages = 10

// forYouPage is a page of the ranked For-you feed, in rank order, with the
// stream's filters applied to each item; its continuation is the feed's.
func (s *server) forYouPage(ctx context.Context, c *call, q herald.StreamQuery) ([]herald.StreamRef, string, error) {
	refs := []herald.StreamRef{}
	if s.Feed == nil {
		return refs, "", nil
	}
	cursor := q.Cursor
	for range maxForYouPages {
		want := min(q.Limit-len(refs), 200)
		items, next, err := s.Feed.Feed(ctx, herald.FeedQuery{UserID: c.user.ID, Limit: want, Cursor: cursor, Now: c.view.Now})
		if err != nil {
			return nil, "", err
		}
		for _, it := range items {
			if st := it.Story; keep(c, q, st) {
				refs = append(refs, herald.StreamRef{ID: st.ID, SourceID: st.SourceID, ClusterID: st.ClusterID, PublishedAt: st.PublishedAt})
			}
		}
		cursor = next
		if next == "" || len(refs) >= q.Limit {
			break
		}
	}
	return refs, cursor, nil
}

// keep reports whether a ranked story passes a stream's filters.
func keep(c *call, q herald.StreamQuery, st *herald.Story) bool {
	read := c.view.IsRead(st)
	switch {
	case q.Unread && read, q.Read && !read:
		return false
	case q.OnlyStarred && !st.Saved, q.NotStarred && st.Saved:
		return false
	case !q.Since.IsZero() && st.PublishedAt.Before(q.Since):
		return false
	case !q.Until.IsZero() && !st.PublishedAt.Before(q.Until):
		return false
	case !q.CrawledSince.IsZero() && crawled(st).Before(q.CrawledSince):
		return false
	}
	return true
}
