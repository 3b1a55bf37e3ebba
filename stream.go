package herald

import (
	"context"
	"time"
)

// StreamQuery selects one page of a reader's stream, the way feed reader
// apps (the Google Reader and Fever APIs) see a reader's stories. The stream
// is the union of its parts: the stories of Sources, the stories carrying
// Topics (only those of TopicSources when that is not empty), the stories
// the reader labelled Label, saved (Starred) or read (ReadOnes). Stories
// under embargo are never in it; stories the reader hid are in no part but
// Starred; stories carrying a topic the reader mutes are in no Sources or
// Topics part. Filters narrow the union.
type StreamQuery struct {
	UserID       int64
	Sources      []int64
	Topics       []int64
	TopicSources []int64
	Label        string
	Starred      bool
	ReadOnes     bool

	// UnreadSince is the start of the unread window: a story published
	// before it counts as read whatever its state, so that counting and
	// listing unread stories stays within a bounded stretch of time.
	UnreadSince time.Time
	Unread      bool      // only stories not read (as UnreadSince defines it)
	Read        bool      // only stories read (as UnreadSince defines it)
	OnlyStarred bool      // only stories the reader saved
	NotStarred  bool      // only stories the reader did not save
	Since       time.Time // only stories published at or after Since (zero: no bound)
	Until       time.Time // only stories published before Until (zero: no bound)
	// CrawledSince keeps stories stored, or last updated, at or after it
	// (Google Reader's ot). Pair it with Since to bound the walk.
	CrawledSince time.Time
	// StateSince keeps, in the Starred and ReadOnes parts, the stories saved
	// or read at or after it.
	StateSince time.Time
	AfterID    int64 // only stories with a greater id (0: no bound)
	BeforeID   int64 // only stories with a smaller id (0: no bound)
	// Collapse keeps one story per story cluster: the cluster's newest
	// story in the stream (by publication, then id) stands for the others,
	// so that a new development brings the cluster back.
	Collapse bool
	// MarkLeads sets StreamRef.Lead (on every ref when it is false).
	MarkLeads bool

	Order  StreamOrder
	Limit  int    // 1..MaxStreamPage; 0 lists every story that matches
	Cursor string // from the previous page's next cursor
	Now    time.Time
}

// StreamOrder orders a stream.
type StreamOrder int

const (
	NewestFirst  StreamOrder = iota // publication time, then id, descending
	OldestFirst                     // publication time, then id, ascending
	IDAscending                     // story id ascending (Fever's since_id)
	IDDescending                    // story id descending (Fever's max_id)
)

// MaxStreamPage is the largest page a stream query returns.
const MaxStreamPage = 10000

// StreamRef names one story of a stream.
type StreamRef struct {
	ID          int64
	SourceID    int64
	ClusterID   int64
	PublishedAt time.Time
	// Lead says that no newer story of the story's cluster is in the
	// stream (filters aside): the story that Collapse keeps. See MarkLeads.
	Lead bool
}

// SubscriptionPref is what a reader changed about one followed source in a
// feed reader app: the folder it sits in (nil: the source's own category)
// and the title they gave it ("": the source's own).
type SubscriptionPref struct {
	Folder *string
	Title  string
}

// StreamStore is what feed reader APIs need beyond the other stores: reader
// streams, the reader's own labels on stories, and their folder and title
// for each followed source. Every method is scoped to one reader.
type StreamStore interface {
	// ReaderStream returns one page of q's stream and the next page's cursor
	// ("" on the last page). EINVALID for a malformed cursor or limit.
	ReaderStream(ctx context.Context, q StreamQuery) ([]StreamRef, string, error)
	// ReaderStories returns the stories with ids that the reader can see, in
	// the order of ids, with their topics and the reader's Read and Saved
	// state (as stored: the unread window does not apply).
	ReaderStories(ctx context.Context, userID int64, ids []int64) ([]*Story, error)
	// TopicStories returns, for each of topics, the stories published at or
	// after since that carry it (topics with none are absent). It reads the
	// topics' index alone: stories under embargo are not left out.
	TopicStories(ctx context.Context, topics []int64, since time.Time) (map[int64][]int64, error)
	// StoriesOfClusters returns the visible stories of each cluster, oldest
	// first (publication time, then id), at most perCluster of each, without
	// topics.
	StoriesOfClusters(ctx context.Context, clusterIDs []int64, perCluster int) (map[int64][]*Story, error)

	// SetLabel gives stories the reader's own label (on) or takes it off.
	// EINVALID for an empty label or one longer than 200 characters,
	// ENOTFOUND naming the first story the reader cannot see (nothing is
	// changed then).
	SetLabel(ctx context.Context, userID int64, label string, storyIDs []int64, on bool) error
	// Labels lists the reader's own labels, by name.
	Labels(ctx context.Context, userID int64) ([]string, error)
	// StoryLabels returns the reader's own labels of each of the stories
	// that has one, by name.
	StoryLabels(ctx context.Context, userID int64, storyIDs []int64) (map[int64][]string, error)
	// RenameLabel renames the reader's label from to to (merging into to
	// when the reader has it already) and reports how many stories it moved;
	// EINVALID for an empty or over-long to.
	RenameLabel(ctx context.Context, userID int64, from, to string) (int, error)
	// DeleteLabel takes the reader's label off every story and reports how
	// many it was on.
	DeleteLabel(ctx context.Context, userID int64, label string) (int, error)

	// SubscriptionPrefs returns the reader's folder and title of each
	// followed source they changed.
	SubscriptionPrefs(ctx context.Context, userID int64) (map[int64]SubscriptionPref, error)
	// SetSubscriptionPref stores the reader's folder and title of a source
	// they follow. ENOTFOUND when they do not follow it.
	SetSubscriptionPref(ctx context.Context, userID, sourceID int64, p SubscriptionPref) error
}
