package fever

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
)

// itemsPerCall is how many items one items call answers, as in Fever.
const itemsPerCall = 50

type item struct {
	ID            int64  `json:"id"`
	FeedID        int64  `json:"feed_id"`
	Title         string `json:"title"`
	Author        string `json:"author"`
	HTML          string `json:"html"`
	URL           string `json:"url"`
	IsSaved       int    `json:"is_saved"`
	IsRead        int    `json:"is_read"`
	CreatedOnTime int64  `json:"created_on_time"`
}

// items answers up to 50 stories: with_ids names them (any story the reader
// can see); otherwise the reading list's, by id, after since_id (ascending)
// or before max_id (descending; max_id=0 starts at the newest).
func (s *server) items(ctx context.Context, c *call) error {
	var ids []int64
	var err error
	if v := c.form.Get("with_ids"); v != "" {
		if ids, err = idsParam("with_ids", v); err != nil {
			return err
		}
	} else if ids, err = s.itemPage(ctx, c); err != nil {
		return err
	}
	stories, err := s.Store.ReaderStories(ctx, c.user.ID, ids)
	if err != nil {
		return err
	}
	items := make([]item, len(stories))
	for i, st := range stories {
		items[i] = item{ID: st.ID, FeedID: st.SourceID, Title: st.Title, Author: strings.Join(st.Authors, ", "),
			HTML: cmp.Or(st.ContentHTML, st.Summary), URL: st.URL, IsSaved: flag(st.Saved), IsRead: flag(c.view.IsRead(st)),
			CreatedOnTime: st.PublishedAt.Unix()}
	}
	c.out["items"] = items
	q := c.view.ReadingList()
	q.Since = c.view.UnreadSince
	total, _, err := s.Store.ReaderStream(ctx, q)
	if err != nil {
		return err
	}
	c.out["total_items"] = len(total)
	return nil
}

// itemPage returns the ids of one page of the reading list in id order.
func (s *server) itemPage(ctx context.Context, c *call) ([]int64, error) {
	q := c.view.ReadingList()
	q.Limit, q.Order = itemsPerCall, herald.IDAscending
	if v := c.form.Get("max_id"); v != "" {
		max, err := intParam("max_id", v)
		if err != nil {
			return nil, err
		}
		q.Order, q.BeforeID = herald.IDDescending, max
	} else if v := c.form.Get("since_id"); v != "" {
		since, err := intParam("since_id", v)
		if err != nil {
			return nil, err
		}
		q.AfterID = since
	}
	refs, _, err := s.Store.ReaderStream(ctx, q)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	return ids, nil
}

type link struct {
	ID          int64   `json:"id"`
	FeedID      int64   `json:"feed_id"`
	ItemID      int64   `json:"item_id"`
	Temperature float64 `json:"temperature"`
	IsItem      int     `json:"is_item"`
	IsLocal     int     `json:"is_local"`
	IsSaved     int     `json:"is_saved"`
	Title       string  `json:"title"`
	URL         string  `json:"url"`
	ItemIDs     string  `json:"item_ids"`
}

// links answers Fever's Hot list as the reader's biggest story clusters:
// the clusters with two or more stories of the reading list published in
// the range days ending offset days ago (defaults 7 and 0), most stories
// first, 50 a page. A link is the cluster's newest story; item_ids lists
// them all; temperature is how many there are.
func (s *server) links(ctx context.Context, c *call) error {
	offset, rng, page, err := linkParams(c)
	if err != nil {
		return err
	}
	q := c.view.ReadingList()
	q.Until = c.view.Now.AddDate(0, 0, -offset)
	q.Since, q.Order = q.Until.AddDate(0, 0, -rng), herald.OldestFirst
	refs, _, err := s.Store.ReaderStream(ctx, q)
	if err != nil {
		return err
	}
	clusters := topClusters(refs)
	from := min((page-1)*itemsPerCall, len(clusters))
	clusters = clusters[from:min(from+itemsPerCall, len(clusters))]
	leads := make([]int64, len(clusters))
	for i, cl := range clusters {
		leads[i] = cl[len(cl)-1].ID
	}
	stories, err := s.Store.ReaderStories(ctx, c.user.ID, leads)
	if err != nil {
		return err
	}
	byID := map[int64]*herald.Story{}
	for _, st := range stories {
		byID[st.ID] = st
	}
	out := []link{}
	for _, cl := range clusters {
		lead := byID[cl[len(cl)-1].ID]
		if lead == nil {
			continue
		}
		ids := make([]string, len(cl))
		for i, r := range cl {
			ids[i] = strconv.FormatInt(r.ID, 10)
		}
		out = append(out, link{ID: lead.ClusterID, FeedID: lead.SourceID, ItemID: lead.ID, Temperature: float64(len(cl)),
			IsItem: 1, IsLocal: 1, IsSaved: flag(lead.Saved), Title: lead.Title, URL: lead.URL, ItemIDs: strings.Join(ids, ",")})
	}
	c.out["links"] = out
	return nil
}

// topClusters groups refs (oldest first) by cluster, keeps clusters of two
// or more, and orders them by size, then by their newest story.
func topClusters(refs []herald.StreamRef) [][]herald.StreamRef {
	byCluster := map[int64][]herald.StreamRef{}
	for _, r := range refs {
		if r.ClusterID != 0 {
			byCluster[r.ClusterID] = append(byCluster[r.ClusterID], r)
		}
	}
	var out [][]herald.StreamRef
	for _, cl := range byCluster {
		if len(cl) >= 2 {
			out = append(out, cl)
		}
	}
	slices.SortFunc(out, func(a, b []herald.StreamRef) int {
		return cmp.Or(cmp.Compare(len(b), len(a)), b[len(b)-1].PublishedAt.Compare(a[len(a)-1].PublishedAt),
			cmp.Compare(a[0].ClusterID, b[0].ClusterID))
	})
	return out
}

// linkParams reads offset and range (days) and page.
func linkParams(c *call) (offset, rng, page int, err error) {
	read := func(name string, def, min int) (int, error) {
		v := c.form.Get(name)
		if v == "" {
			return def, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < min || n > 3650 {
			return 0, herald.Errorf(herald.EINVALID, "%s: want a whole number from %d", name, min)
		}
		return n, nil
	}
	if offset, err = read("offset", 0, 0); err != nil {
		return
	}
	if rng, err = read("range", 7, 1); err != nil {
		return
	}
	page, err = read("page", 1, 1)
	return
}

// idsParam parses a comma-separated list of at most 50 story ids.
func idsParam(name, v string) ([]int64, error) {
	parts := strings.Split(v, ",")
	if len(parts) > itemsPerCall {
		return nil, herald.Errorf(herald.EINVALID, "%s: at most %d ids", name, itemsPerCall)
	}
	ids := make([]int64, 0, len(parts))
	for _, p := range parts {
		id, err := intParam(name, strings.TrimSpace(p))
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// intParam parses a non-negative id.
func intParam(name, v string) (int64, error) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, herald.Errorf(herald.EINVALID, "%s: want a whole number, got %q", name, v)
	}
	return n, nil
}

func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// unix is t in unix seconds, 0 for the zero time.
func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}
