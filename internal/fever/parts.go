package fever

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/reading"
)

type group struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

type feedsGroup struct {
	GroupID int64  `json:"group_id"`
	FeedIDs string `json:"feed_ids"`
}

type feed struct {
	ID                int64  `json:"id"`
	FaviconID         int64  `json:"favicon_id"`
	Title             string `json:"title"`
	URL               string `json:"url"`
	SiteURL           string `json:"site_url"`
	IsSpark           int    `json:"is_spark"`
	LastUpdatedOnTime int64  `json:"last_updated_on_time"`
}

// groups answers the folders of the reader's subscriptions and the feeds
// in each.
func (s *server) groups(ctx context.Context, c *call) error {
	subs, err := c.view.Feeds(ctx)
	if err != nil {
		return err
	}
	groups := []group{}
	seen := map[string]bool{}
	for _, sub := range subs {
		if sub.Folder != "" && !seen[sub.Folder] {
			seen[sub.Folder] = true
			groups = append(groups, group{ID: groupID(sub.Folder), Title: sub.Folder})
		}
	}
	slices.SortFunc(groups, func(a, b group) int { return cmp.Compare(a.Title, b.Title) })
	c.out["groups"] = groups
	c.out["feeds_groups"] = feedsGroups(subs)
	return nil
}

// feedsGroups lists the feeds of each folder.
func feedsGroups(subs []reading.Subscription) []feedsGroup {
	byFolder := map[string][]string{}
	var folders []string
	for _, sub := range subs {
		if sub.Folder == "" {
			continue
		}
		if _, ok := byFolder[sub.Folder]; !ok {
			folders = append(folders, sub.Folder)
		}
		byFolder[sub.Folder] = append(byFolder[sub.Folder], strconv.FormatInt(sub.Source.ID, 10))
	}
	slices.Sort(folders)
	out := []feedsGroup{}
	for _, f := range folders {
		out = append(out, feedsGroup{GroupID: groupID(f), FeedIDs: strings.Join(byFolder[f], ",")})
	}
	return out
}

// feeds answers the reader's subscriptions.
func (s *server) feeds(ctx context.Context, c *call) error {
	subs, err := c.view.Feeds(ctx)
	if err != nil {
		return err
	}
	feeds := make([]feed, len(subs))
	for i, sub := range subs {
		feeds[i] = feed{ID: sub.Source.ID, FaviconID: sub.Source.ID, Title: sub.Title, URL: sub.Source.URL,
			SiteURL: sub.Source.SiteURL, LastUpdatedOnTime: unix(sub.Source.LastFetchedAt)}
	}
	c.out["feeds"] = feeds
	c.out["feeds_groups"] = feedsGroups(subs)
	return nil
}

// favicons answers one generated icon per subscription.
func (s *server) favicons(ctx context.Context, c *call) error {
	subs, err := c.view.Feeds(ctx)
	if err != nil {
		return err
	}
	icons := make([]map[string]any, len(subs))
	for i, sub := range subs {
		icons[i] = map[string]any{"id": sub.Source.ID, "data": "image/png;base64," + iconPNG(sub.Source)}
	}
	c.out["favicons"] = icons
	return nil
}

// unreadIDs answers the reading list's unread stories (within the unread
// window), newest first.
func (s *server) unreadIDs(ctx context.Context, c *call) error {
	q := c.view.ReadingList()
	q.Unread = true
	return s.idList(ctx, c, "unread_item_ids", q)
}

// savedIDs answers every story the reader saved.
func (s *server) savedIDs(ctx context.Context, c *call) error {
	return s.idList(ctx, c, "saved_item_ids", c.view.Starred())
}

// idList answers the ids of a whole stream as a comma-separated list.
func (s *server) idList(ctx context.Context, c *call, name string, q herald.StreamQuery) error {
	refs, _, err := s.Store.ReaderStream(ctx, q)
	if err != nil {
		return err
	}
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = strconv.FormatInt(r.ID, 10)
	}
	c.out[name] = strings.Join(ids, ",")
	return nil
}
