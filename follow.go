package herald

import (
	"context"
	"time"
)

// Follow target kinds.
const (
	FollowTopic  = "topic"
	FollowSource = "source"
	// FollowCluster is a followed story cluster (ClusterStore).
	FollowCluster = "cluster"
)

// Follow is a reader's subscription to a topic, a source or a story cluster.
type Follow struct {
	Kind      string     `json:"kind"` // FollowTopic or FollowSource
	Topic     *Topic     `json:"topic,omitempty"`
	Source    *SourceRef `json:"source,omitempty"`
	Cluster   *Cluster   `json:"cluster,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
}

// Mute hides a topic from a reader's feed, until a time or for good (zero Until).
type Mute struct {
	Topic     Topic     `json:"topic"`
	Until     time.Time `json:"until,omitzero"`
	CreatedAt time.Time `json:"created_at"`
}

// Candidate is a story that may go in a reader's feed, with what made it a candidate.
type Candidate struct {
	Story         *Story
	MatchedTopics []Topic    // followed topics the story carries, most salient first
	MatchedSource *SourceRef // set when the reader follows the story's source
	// MatchedCluster is the followed cluster the story is in (0: none); the
	// story is a candidate while that cluster is not quiet (QuietAfter).
	MatchedCluster int64
}

// QuietAfter is how long a followed cluster goes without a new story before
// it is quiet: its stories stop entering the reader's feed as candidates.
const QuietAfter = 48 * time.Hour

// FeedQuery selects a reader's candidates, newest first.
type FeedQuery struct {
	UserID int64
	Limit  int    // 1..200; 0 means 50
	Cursor string // opaque keyset cursor from the previous page
	Now    time.Time
	// Order "latest" asks a ranked feed for its newest-first order.
	Order string
	// Explain asks for each item's Explain list.
	Explain bool
}

// FollowStore keeps follows, mutes and reading events, and finds feed candidates.
// Every method is scoped to one user.
type FollowStore interface {
	// FollowTopic makes userID follow the topic; following twice is not an error.
	// ENOTFOUND if the topic does not exist.
	FollowTopic(ctx context.Context, userID int64, slug string) error
	UnfollowTopic(ctx context.Context, userID int64, slug string) error
	// FollowSource makes userID follow a source; ENOTFOUND if it does not exist.
	FollowSource(ctx context.Context, userID, sourceID int64) error
	UnfollowSource(ctx context.Context, userID, sourceID int64) error
	// Follows lists what userID follows, newest first.
	Follows(ctx context.Context, userID int64) ([]Follow, error)

	// MuteTopic hides a topic from userID's feed until until (zero: for good).
	MuteTopic(ctx context.Context, userID int64, slug string, until time.Time) error
	UnmuteTopic(ctx context.Context, userID int64, slug string) error
	// Mutes lists userID's mutes that are in force at now.
	Mutes(ctx context.Context, userID int64, now time.Time) ([]Mute, error)

	// FeedCandidates returns stories from followed topics and sources, and of
	// followed clusters that are not quiet at q.Now (QuietAfter), without
	// stories that carry a topic muted at q.Now, newest first, and the next cursor.
	FeedCandidates(ctx context.Context, q FeedQuery) ([]Candidate, string, error)

	// RecordEvents stores reading signals of userID; EINVALID for an unknown kind,
	// ENOTFOUND for an unknown story.
	RecordEvents(ctx context.Context, userID int64, events []Event) error
}

// Event kinds: reading signals.
const (
	EventImpression = "impression"
	EventOpen       = "open"
	EventRead       = "read"
	EventSave       = "save"
	EventHide       = "hide"
	EventMoreLike   = "more_like"
	EventLessLike   = "less_like"
	EventShare      = "share"
)

// ValidEventKind reports whether k is one of the Event* kinds.
func ValidEventKind(k string) bool {
	switch k {
	case EventImpression, EventOpen, EventRead, EventSave, EventHide, EventMoreLike, EventLessLike, EventShare:
		return true
	}
	return false
}

// Event is one reading signal.
type Event struct {
	StoryID int64     `json:"story_id"`
	Kind    string    `json:"kind"`
	At      time.Time `json:"at"`
	DwellMS int64     `json:"dwell_ms,omitempty"`
}

// FeedItem is one entry of a reader's ranked feed.
type FeedItem struct {
	Story   *Story   `json:"story"`
	Score   float64  `json:"score"`
	Reasons []Reason `json:"reasons"`
	// Explain lists the features that counted in Score ("why am I seeing
	// this?"); set when the query asks for it.
	Explain []Contribution `json:"explain,omitempty"`
	// Cluster is the story's cluster when it holds two or more visible
	// stories (as Story.Cluster).
	Cluster *ClusterRef `json:"cluster,omitempty"`
}

// Reason kinds.
const (
	ReasonTopic  = "followed_topic"
	ReasonSource = "followed_source"
	// ReasonCluster: the story is a new development of a followed cluster.
	ReasonCluster = "followed_cluster"
)

// Reason explains why a story is in a reader's feed.
type Reason struct {
	Kind      string `json:"kind"`
	Text      string `json:"text"` // "Because you follow North Korea"
	TopicSlug string `json:"topic_slug,omitempty"`
	SourceID  int64  `json:"source_id,omitempty"`
	ClusterID int64  `json:"cluster_id,omitempty"`
}

// Store is everything Herald keeps. Implementation: internal/store, on SQLite
// or PostgreSQL.
type Store interface {
	SourceStore
	StoryStore
	TopicStore
	UserStore
	FollowStore
	RankStore
	SubscriptionStore
	LeaseStore
	ModelStore
	LoginStore
	ReadingStore
	AccountStore
	SourceAdminStore
	ImageStore
	TopicMemoryStore
	FeedKeyStore
	StreamStore
	WebhookStore
	ClusterStore
	// Ping reports whether the store answers.
	Ping(ctx context.Context) error
	// Close releases the store's resources.
	Close() error
}

// FeedService builds a reader's ranked feed: candidates from the store, scored and
// explained. Implemented by internal/rank.
type FeedService interface {
	// Feed returns one page of q.UserID's feed and the cursor of the next page
	// ("" on the last page). Every item carries at least one Reason.
	Feed(ctx context.Context, q FeedQuery) ([]FeedItem, string, error)
}

// LeaseStore coordinates background jobs between Herald processes that share
// one database: a job that must run once across all of them runs while its
// process holds the job's lease.
type LeaseStore interface {
	// TryLease takes or renews the named lease for holder until now+ttl and
	// reports whether holder has it (nobody else held it, or their lease ran out).
	TryLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	// ReleaseLease gives up holder's lease; not holding it is not an error.
	ReleaseLease(ctx context.Context, name, holder string) error
}

// ModelStore keeps models learned from the stored stories, versioned, so that
// every process serves the same one.
type ModelStore interface {
	// SaveModel stores data as the named model's next version and returns it.
	SaveModel(ctx context.Context, name string, data []byte) (int64, error)
	// ModelVersion returns the named model's version; ENOTFOUND if none.
	ModelVersion(ctx context.Context, name string) (int64, error)
	// Model returns the named model and its version; ENOTFOUND if none.
	Model(ctx context.Context, name string) ([]byte, int64, error)
}
