package herald

import (
	"context"
	"fmt"
	"time"
)

// Cluster is a story cluster: the stories of every outlet about one event,
// as clustering (internal/cluster) grouped them. Only stories a reader may
// see (none under embargo) are in it, and its counts and times are of those.
type Cluster struct {
	ID int64 `json:"id"`
	// Headline is the cluster's most representative visible story.
	Headline *Story `json:"headline"`
	// Stories are the visible stories, oldest first (publication, then id);
	// a listing may give only the first few (Size counts them all).
	Stories []*Story `json:"stories"`
	// Outlets are the sources that carried the story, one each, by their
	// earliest story, earliest first.
	Outlets []Outlet `json:"outlets"`
	// Topics are the cluster's topics, most salient first, with the mean
	// salience over its stories.
	Topics    []StoryTopic `json:"topics"`
	FirstSeen time.Time    `json:"first_seen"`
	LastSeen  time.Time    `json:"last_seen"`
	Size      int          `json:"size"`
	// Following says whether the asking reader follows the cluster (false
	// for anonymous callers).
	Following bool `json:"following"`
	// Timeline is Stories told as events: see Timeline.
	Timeline []TimelineEntry `json:"timeline"`
}

// Outlet is one source's part in a cluster: its earliest story there.
type Outlet struct {
	SourceID    int64     `json:"source_id"`
	Title       string    `json:"title"`
	StoryID     int64     `json:"story_id"`
	PublishedAt time.Time `json:"published_at"`
}

// TimelineEntry is one story of a cluster's timeline.
type TimelineEntry struct {
	At      time.Time `json:"at"`
	StoryID int64     `json:"story_id"`
	Source  SourceRef `json:"source"`
	Title   string    `json:"title"`
	Kind    string    `json:"kind"` // one of the Timeline* kinds
}

// Timeline entry kinds.
const (
	TimelineFirst  = "first report" // the cluster's earliest story
	TimelineAlso   = "also covered" // the first story of another outlet
	TimelineUpdate = "update"       // a later story of an outlet already in the cluster
)

// Timeline tells stories (oldest first) as a cluster's timeline: the first
// is the first report, each outlet's first story after it "also covered"
// the event, and an outlet's later stories are updates.
func Timeline(stories []*Story) []TimelineEntry {
	out := make([]TimelineEntry, 0, len(stories))
	seen := map[int64]bool{}
	for i, s := range stories {
		kind := TimelineUpdate
		switch {
		case i == 0:
			kind = TimelineFirst
		case !seen[s.Source.ID]:
			kind = TimelineAlso
		}
		seen[s.Source.ID] = true
		out = append(out, TimelineEntry{At: s.PublishedAt, StoryID: s.ID, Source: s.Source, Title: s.Title, Kind: kind})
	}
	return out
}

// ClusterRef is the compact view of a story's cluster that every story and
// feed item carries (as "cluster") when the cluster holds two or more
// visible stories.
type ClusterRef struct {
	ID   int64 `json:"id"`
	Size int   `json:"size"` // visible stories
	// Outlets counts the sources; Sources are the first three of them, by
	// their earliest story.
	Outlets   int         `json:"outlets"`
	Sources   []SourceRef `json:"sources"`
	FirstSeen time.Time   `json:"first_seen"`
	LastSeen  time.Time   `json:"last_seen"`
	// Reason says in a few words why the cluster stands out: see ClusterReason.
	Reason string `json:"reason"`
}

// DevelopmentWindow is how recent a cluster's latest story must be, and how
// long after its first, for ClusterReason to call it a new development.
const DevelopmentWindow = 3 * time.Hour

// ClusterReason is a cluster's reason at now: "New development 20 min ago"
// when its latest story is less than DevelopmentWindow old and came at least
// an hour after its first; otherwise "5 outlets", or "3 stories" when one
// outlet carried them all.
func ClusterReason(size, outlets int, first, last, now time.Time) string {
	if age := now.Sub(last); age >= 0 && age < DevelopmentWindow && last.Sub(first) >= time.Hour {
		return "New development " + ago(age)
	}
	if outlets >= 2 {
		return fmt.Sprintf("%d outlets", outlets)
	}
	return fmt.Sprintf("%d stories", size)
}

// ago is a short English age: "just now", "20 min ago", "2 h ago".
func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d/time.Minute))
	}
	return fmt.Sprintf("%d h ago", int(d/time.Hour))
}

// ClusterQuery selects a page of clusters.
type ClusterQuery struct {
	UserID int64  // the asking reader (0: anonymous): fills Following
	Topic  string // a topic slug: only clusters with a story carrying it
	Limit  int    // 1..200; 0 means 50
	Cursor string // opaque, from the previous page
}

// ClusterStore reads story clusters and keeps readers' follows of them.
// Clusters hold visible stories only; a cluster whose stories are all under
// embargo (or retracted) does not exist for readers.
type ClusterStore interface {
	// ListClusters lists clusters of two or more visible stories, the most
	// recently active first, with Headline, Topics, Outlets and the first
	// few Stories filled, and the next page's cursor ("" on the last page).
	// EINVALID for a malformed cursor or limit.
	ListClusters(ctx context.Context, q ClusterQuery) ([]*Cluster, string, error)
	// Cluster returns one cluster with every visible story (with topics) and
	// userID's Following. An id that a merge folded into another cluster
	// returns that cluster (with its own id). ENOTFOUND when there is no
	// such cluster or none of its stories is visible.
	Cluster(ctx context.Context, userID, id int64) (*Cluster, error)
	// FollowCluster makes userID follow a cluster (following twice is not
	// an error; a merged id follows the surviving cluster); ENOTFOUND as
	// Cluster. UnfollowCluster undoes it; not following is not an error.
	FollowCluster(ctx context.Context, userID, id int64) error
	UnfollowCluster(ctx context.Context, userID, id int64) error
	// FollowedClusters lists userID's follows of clusters (Kind
	// FollowCluster, Cluster filled as ListClusters fills it), most recent
	// first. A followed cluster whose stories are all hidden is left out.
	FollowedClusters(ctx context.Context, userID int64) ([]Follow, error)
	// RelatedStories returns up to limit visible stories that share the
	// story's most salient topics but are outside its cluster, newest first;
	// ENOTFOUND when the story is not visible.
	RelatedStories(ctx context.Context, userID, storyID int64, limit int) ([]*Story, error)
	// ClusterRefs returns the cluster of each of storyIDs that is in a
	// cluster of two or more visible stories, by story id, with Reason set
	// at the store's current time.
	ClusterRefs(ctx context.Context, userID int64, storyIDs []int64) (map[int64]*ClusterRef, error)
}

// Outlets returns the outlets of a cluster's stories (oldest first): each
// source once, by its earliest story, earliest first.
func Outlets(stories []*Story) []Outlet {
	out := []Outlet{}
	seen := map[int64]bool{}
	for _, s := range stories {
		if !seen[s.Source.ID] {
			seen[s.Source.ID] = true
			out = append(out, Outlet{SourceID: s.Source.ID, Title: s.Source.Title, StoryID: s.ID, PublishedAt: s.PublishedAt})
		}
	}
	return out
}

// NewClusterRef returns the ref of cluster id from its visible stories
// (oldest first), with its reason at now; nil for fewer than two stories.
func NewClusterRef(id int64, stories []*Story, now time.Time) *ClusterRef {
	if len(stories) < 2 {
		return nil
	}
	outlets := Outlets(stories)
	r := &ClusterRef{ID: id, Size: len(stories), Outlets: len(outlets), Sources: []SourceRef{},
		FirstSeen: stories[0].PublishedAt, LastSeen: stories[len(stories)-1].PublishedAt}
	for _, o := range outlets[:min(3, len(outlets))] {
		r.Sources = append(r.Sources, SourceRef{ID: o.SourceID, Title: o.Title})
	}
	r.Reason = ClusterReason(r.Size, r.Outlets, r.FirstSeen, r.LastSeen, now)
	return r
}
