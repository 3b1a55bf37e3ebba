package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/heraldnews/herald"
)

// clusterPage is GET /clusters/{id}: a story cluster's "Full coverage".
type clusterPage struct {
	layout
	Cluster clusterView
}

func (*clusterPage) templateName() string { return "cluster.html" }

// clusterView is one story cluster as its page shows it.
type clusterView struct {
	ID        int64
	Href      string // the cluster's page; its follow actions hang below it
	Headline  string
	Line      string // "5 outlets · New development 20 min ago"
	Stories   []storyCard
	Outlets   []outletRow
	Topics    []topicRow
	Timeline  []timelineRow
	Following bool
	Next      string // where the follow button returns
}

// clusterRow is a followed story cluster in a list, with its unfollow
// button.
type clusterRow struct {
	Href      string
	Headline  string
	Line      string
	Sources   []string // the first outlets, earliest first
	LastSeen  when
	Following bool
	Next      string
}

func (s *server) clusterRow(c *herald.Cluster, following bool, next string) clusterRow {
	row := clusterRow{Href: clusterHref(c.ID), Line: s.lineOf(c), LastSeen: s.when(c.LastSeen), Following: following, Next: next}
	row.Headline = "Untitled story"
	if c.Headline != nil {
		row.Headline = cmp.Or(c.Headline.Title, row.Headline)
	}
	for _, o := range c.Outlets[:min(3, len(c.Outlets))] {
		row.Sources = append(row.Sources, o.Title)
	}
	return row
}

// outletRow is one outlet of a cluster: its first story there and when.
type outletRow struct {
	Title      string
	SourceHref string
	StoryHref  string
	When       when
}

// timelineRow is one story on a cluster's timeline.
type timelineRow struct {
	When   when
	Kind   string // "first report", "also covered", "update"
	Title  string
	Href   string
	Source string
}

// clusterTopics is how many of a cluster's topics its page lists.
const clusterTopics = 8

// cluster shows a story cluster: its headline, every story with its outlet
// and time, the outlets earliest first, its topics, a timeline and the
// follow button. A merged cluster's old id leads to the surviving one.
func (s *server) cluster(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.Store.Cluster(r.Context(), u.ID, id)
	if err != nil {
		return fmt.Errorf("cluster %d: %w", id, err)
	}
	if c.ID != id {
		http.Redirect(w, r, clusterHref(c.ID), http.StatusMovedPermanently)
		return nil
	}
	rd, err := s.reader(r.Context(), u.ID)
	if err != nil {
		return err
	}
	v, err := s.clusterView(r.Context(), u.ID, c, rd, r.URL.RequestURI())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, &clusterPage{layout: layout{Title: v.Headline + " – Full coverage", User: u}, Cluster: v})
}

func (s *server) clusterView(ctx context.Context, userID int64, c *herald.Cluster, rd *reader, next string) (clusterView, error) {
	v := clusterView{ID: c.ID, Href: clusterHref(c.ID), Following: c.Following, Next: next,
		Line: s.lineOf(c)}
	if c.Headline != nil {
		v.Headline = cmp.Or(c.Headline.Title, "Untitled story")
	}
	var err error
	if v.Stories, err = s.cards(ctx, userID, c.Stories, next); err != nil {
		return v, err
	}
	for _, o := range c.Outlets {
		v.Outlets = append(v.Outlets, outletRow{Title: o.Title, SourceHref: sourceHref(o.SourceID), StoryHref: storyHref(o.StoryID), When: s.when(o.PublishedAt)})
	}
	for _, t := range c.Topics[:min(clusterTopics, len(c.Topics))] {
		v.Topics = append(v.Topics, s.topicRow(t.Topic, rd, next))
	}
	for _, e := range c.Timeline {
		v.Timeline = append(v.Timeline, timelineRow{When: s.when(e.At), Kind: e.Kind, Title: cmp.Or(e.Title, "Untitled story"),
			Href: storyHref(e.StoryID), Source: e.Source.Title})
	}
	return v, nil
}

// clusterLine is a cluster's outlets and reason as cards and pages show
// them: "5 outlets · New development 20 min ago", or "5 outlets" alone when
// that is its reason ("3 stories" when one outlet carried them all).
func clusterLine(size, outlets int, reason string) string {
	head := count(size, "story", "stories")
	if outlets >= 2 {
		head = count(outlets, "outlet", "outlets")
	}
	if reason == "" || reason == head {
		return head
	}
	return head + " · " + reason
}

// refLine is clusterLine of a story's cluster ref.
func refLine(ref *herald.ClusterRef) string { return clusterLine(ref.Size, ref.Outlets, ref.Reason) }

// lineOf is clusterLine of a cluster, its reason at the page's time.
func (s *server) lineOf(c *herald.Cluster) string {
	return clusterLine(c.Size, len(c.Outlets), herald.ClusterReason(c.Size, len(c.Outlets), c.FirstSeen, c.LastSeen, s.now()))
}

func clusterHref(id int64) string { return "/clusters/" + strconv.FormatInt(id, 10) }

func (s *server) followCluster(w http.ResponseWriter, r *http.Request) error {
	return s.onPathID(w, r, "follow cluster", s.Store.FollowCluster, clusterHref)
}

func (s *server) unfollowCluster(w http.ResponseWriter, r *http.Request) error {
	return s.onPathID(w, r, "unfollow cluster", s.Store.UnfollowCluster, clusterHref)
}
