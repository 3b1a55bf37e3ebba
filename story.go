package herald

import (
	"context"
	"time"
)

// Story is one news story from one source, cleaned and understood at ingest.
// ContentHTML and Summary are sanitised before a Story reaches a store; the read
// path never sanitises again.
type Story struct {
	ID           int64        `json:"id"`
	SourceID     int64        `json:"-"`
	Source       SourceRef    `json:"source"`
	ExternalID   string       `json:"external_id,omitempty"` // the feed's GUID or the publisher's id
	URL          string       `json:"url"`
	CanonicalURL string       `json:"-"`
	Title        string       `json:"title"`
	Summary      string       `json:"summary"` // sanitised HTML
	ContentHTML  string       `json:"content_html"`
	Authors      []string     `json:"authors"`
	ImageURL     string       `json:"image_url,omitempty"`
	ImageCaption string       `json:"image_caption,omitempty"`
	PublishedAt  time.Time    `json:"published_at"`
	UpdatedAt    time.Time    `json:"updated_at,omitzero"`
	FetchedAt    time.Time    `json:"-"`
	Section      string       `json:"section"`
	ClusterID    int64        `json:"cluster_id"`
	Fingerprint  string       `json:"-"` // content hash used to drop cross-source duplicates
	Topics       []StoryTopic `json:"topics"`
}

// StoryTopic links a story to a topic with how central the topic is to it, in [0,1].
type StoryTopic struct {
	Topic
	Salience float64 `json:"salience"`
}

// StoryFilter narrows a story listing. The zero value lists the newest stories.
type StoryFilter struct {
	Limit     int    // 1..200; 0 means 50
	Cursor    string // opaque, from a previous page's NextCursor
	TopicSlug string
	SourceID  int64
	Query     string // full-text search over title and text
}

// StoryPage is one page of a listing; NextCursor is "" on the last page.
type StoryPage struct {
	Items      []*Story `json:"items"`
	NextCursor string   `json:"next_cursor"`
}

// UpsertResult says what UpsertStory did.
type UpsertResult struct {
	ID        int64
	Created   bool // a new story was stored
	Duplicate bool // the story was already known under another source or GUID; nothing stored
}

// StoryStore keeps stories and their topic links.
type StoryStore interface {
	// UpsertStory stores s, keyed by (SourceID, ExternalID). An existing story with
	// that key is updated in place (and its topic links replaced). A new story whose
	// CanonicalURL or Fingerprint matches a stored story is a duplicate and is not
	// stored. Topics in s.Topics are created when their slug is new.
	UpsertStory(ctx context.Context, s *Story) (UpsertResult, error)
	// Story returns one story with its source and topics; ENOTFOUND if none.
	Story(ctx context.Context, id int64) (*Story, error)
	// Stories lists stories newest first (published_at, then id), with topics.
	// It returns EINVALID for a malformed cursor.
	Stories(ctx context.Context, f StoryFilter) (*StoryPage, error)
}
