package herald

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Story is one news story from one source, cleaned and understood at ingest.
// ContentHTML and Summary are sanitised before a Story reaches a store; the read
// path never sanitises again.
type Story struct {
	ID           int64     `json:"id"`
	SourceID     int64     `json:"-"`
	Source       SourceRef `json:"source"`
	ExternalID   string    `json:"external_id,omitempty"` // the feed's GUID or the publisher's id
	URL          string    `json:"url"`
	CanonicalURL string    `json:"-"`
	Title        string    `json:"title"`
	Summary      string    `json:"summary"` // sanitised HTML
	ContentHTML  string    `json:"content_html"`
	Authors      []string  `json:"authors"`
	ImageURL     string    `json:"image_url,omitempty"`
	ImageCaption string    `json:"image_caption,omitempty"`
	ImageCredit  string    `json:"image_credit,omitempty"`
	PublishedAt  time.Time `json:"published_at"`
	UpdatedAt    time.Time `json:"updated_at,omitzero"`
	FetchedAt    time.Time `json:"-"`
	Section      string    `json:"section"`
	// SectionSource says where Section came from: one of the SectionFrom
	// constants, "" when there is no section.
	SectionSource string `json:"section_source"`
	ClusterID     int64  `json:"cluster_id"`
	// Cluster is the story's cluster when it holds two or more visible
	// stories; set by the API and pages (ClusterStore.ClusterRefs), not by
	// story listings of the store.
	Cluster *ClusterRef `json:"cluster,omitempty"`
	// DuplicateOf is the earlier story of another source that this one
	// repeats (same canonical URL or text), 0 when none; set by the store.
	DuplicateOf int64  `json:"duplicate_of,omitempty"`
	Fingerprint string `json:"-"` // content hash used to drop cross-source duplicates
	// ItemHash identifies the feed item the story was made from, as ingest
	// hashes it: a later poll that brings the same external id with the same
	// hash is skipped (UnchangedItems). "" for stories not from a feed.
	ItemHash string `json:"-"`
	// PublishedGuessed says that PublishedAt is the fetch time standing in for
	// a date the source did not give: an update keeps the stored PublishedAt,
	// so an undated item does not move to the top each time it is fetched.
	PublishedGuessed bool `json:"-"`
	// Text is ContentHTML as plain text, what search indexes. Ingest sets it
	// because it has computed it anyway; a store derives it when it is "".
	// Stores do not return it.
	Text   string       `json:"-"`
	Topics []StoryTopic `json:"topics"`
	// EmbargoUntil hides the story from every listing and lookup until then
	// (zero: no embargo).
	EmbargoUntil time.Time `json:"embargo_until,omitzero"`
	// RevisionCount is how many revisions updates have recorded; set by the store.
	RevisionCount int `json:"revision_count"`
	// Read and Saved are the asking reader's state of the story, filled in
	// by listings given a StoryFilter.UserID (false for anonymous callers).
	Read  bool `json:"read"`
	Saved bool `json:"saved"`
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
	// Now is the time embargoes are judged at; zero means the store's current time.
	Now time.Time
	// UserID, when not 0, is the asking reader: each story carries their
	// Read and Saved state, stories they hid are left out, and the
	// Unread and Saved filters apply.
	UserID int64
	Unread bool // only stories the reader has not read
	Saved  bool // only stories the reader saved (newest first by publication all the same)
	// Section keeps the stories of one section ("World", "Sport"…).
	Section string
	// Since and Until keep stories published at or after Since and before
	// Until (zero: unbounded).
	Since, Until time.Time
}

// StoryPage is one page of a listing; NextCursor is "" on the last page.
type StoryPage struct {
	Items      []*Story `json:"items"`
	NextCursor string   `json:"next_cursor"`
}

// UpsertResult says what UpsertStory did.
type UpsertResult struct {
	ID      int64
	Created bool // a new story was stored
	// Duplicate: the source already holds this story under another GUID
	// (same canonical URL or fingerprint); nothing was stored and ID is the
	// stored story's.
	Duplicate bool
	// DuplicateOf is set when a new story repeats a visible story of another
	// source: it is stored all the same (Created), linked to that story.
	DuplicateOf int64
	// Revision is the revision an update recorded, nil when nothing tracked changed.
	Revision *Revision
	// RevisionCount is the story's revision count after the upsert.
	RevisionCount int
}

// ItemKey names a feed item by its external id and ItemHash.
type ItemKey struct {
	ExternalID string
	Hash       string
}

// StoryStore keeps stories and their topic links.
type StoryStore interface {
	// UpsertStory stores s, keyed by (SourceID, ExternalID). An existing story with
	// that key is updated in place (and its topic links replaced); when the update
	// changes a field readers see (Story.Diff) a Revision is recorded and the
	// story's RevisionCount goes up. A new story whose CanonicalURL or
	// Fingerprint matches a story of the same source is a duplicate and is not
	// stored; one that matches a visible story of another source is stored and
	// linked to it (DuplicateOf), never refused, and a story under embargo is
	// never matched. Topics in s.Topics are created when their slug is new.
	UpsertStory(ctx context.Context, s *Story) (UpsertResult, error)
	// UpsertStories stores each story as UpsertStory would, in order, and returns
	// one result and one error (nil on success) per story: a story that fails does
	// not stop the others. A store may write the batch in one transaction.
	UpsertStories(ctx context.Context, stories []*Story) ([]UpsertResult, []error)
	// Story returns one story with its source and topics; ENOTFOUND if none or
	// if it is under embargo at the store's current time.
	Story(ctx context.Context, id int64) (*Story, error)
	// Stories lists stories newest first (published_at, then id), with topics,
	// without those under embargo at f.Now.
	// It returns EINVALID for a malformed cursor.
	Stories(ctx context.Context, f StoryFilter) (*StoryPage, error)
	// UnchangedItems returns, among items, the external ids that source
	// sourceID already holds with the same non-empty ItemHash: the items a poll
	// need not clean, tag or store again.
	UnchangedItems(ctx context.Context, sourceID int64, items []ItemKey) (map[string]bool, error)
	// StoryRevisions lists the revisions of a story, oldest first; ENOTFOUND if
	// the story does not exist. It does not hide embargoed stories: callers
	// check visibility first.
	StoryRevisions(ctx context.Context, storyID int64) ([]Revision, error)
	// RetractStory deletes story storyID of source sourceID, with its topic links,
	// revisions and reading events. ENOTFOUND if there is no such story,
	// EFORBIDDEN if it belongs to another source. A later upsert of the same key
	// stores it anew.
	RetractStory(ctx context.Context, sourceID, storyID int64) error
	// SetStorySection sets the section of story storyID and where it came
	// from (a SectionFrom constant), and nothing else: no revision is
	// recorded, and the story's content, dates, topics and ItemHash stay as
	// they are. It is how a retrained section classifier labels stored
	// stories. ENOTFOUND if there is no such story.
	SetStorySection(ctx context.Context, storyID int64, section, sectionSource string) error
	// SectionExamples returns up to limit stories whose section is a weak label
	// (SectionSource publisher, source or category), newest first (published_at,
	// then id), embargoed ones included, with their plain text. limit <= 0 means
	// none.
	SectionExamples(ctx context.Context, limit int) ([]SectionExample, error)
}

// Where a story's section came from (Story.SectionSource).
const (
	SectionFromPublisher = "publisher" // the publisher set it (push)
	SectionFromSource    = "source"    // the source's own category names a section
	SectionFromCategory  = "category"  // the item's categories name a section
	SectionFromModel     = "model"     // the section classifier predicted it
)

// IsWeakLabel reports whether a section of this source can teach the section
// classifier: it came from the publisher, the source or the item's categories,
// not from the classifier itself.
func IsWeakLabel(sectionSource string) bool {
	switch sectionSource {
	case SectionFromPublisher, SectionFromSource, SectionFromCategory:
		return true
	}
	return false
}

// SectionExample is one story whose section is a weak label, for training the
// section classifier.
type SectionExample struct {
	Title   string
	Text    string // plain text
	Section string
}

// Revision records one update of a stored story that changed what readers see.
type Revision struct {
	ID      int64     `json:"id"`
	StoryID int64     `json:"story_id"`
	At      time.Time `json:"at"`
	// Changed names the fields that changed, by their JSON names, in a fixed order.
	Changed []string `json:"changed"`
	// Previous holds the earlier value of each changed field, except content_html
	// (too large to keep; only the fact that it changed is kept). Times are RFC 3339,
	// authors are joined with ", ".
	Previous map[string]string `json:"previous"`
}

// Diff returns the revision that turns prev into s, without ID, StoryID and At,
// or nil when no field a reader sees changed. Times compare to the millisecond,
// the coarsest precision a store keeps. UpdatedAt, FetchedAt, topics and
// clustering are derived or bookkeeping and do not count as changes.
func (s *Story) Diff(prev *Story) *Revision {
	r := &Revision{Previous: map[string]string{}}
	text := func(name, old, cur string) {
		if old != cur {
			r.Changed = append(r.Changed, name)
			r.Previous[name] = old
		}
	}
	at := func(name string, old, cur time.Time) {
		if !old.Truncate(time.Millisecond).Equal(cur.Truncate(time.Millisecond)) {
			r.Changed = append(r.Changed, name)
			r.Previous[name] = formatTime(old)
		}
	}
	text("title", prev.Title, s.Title)
	text("url", prev.URL, s.URL)
	text("summary", prev.Summary, s.Summary)
	if prev.ContentHTML != s.ContentHTML {
		r.Changed = append(r.Changed, "content_html")
	}
	if !slices.Equal(prev.Authors, s.Authors) {
		r.Changed = append(r.Changed, "authors")
		r.Previous["authors"] = strings.Join(prev.Authors, ", ")
	}
	text("image_url", prev.ImageURL, s.ImageURL)
	text("image_caption", prev.ImageCaption, s.ImageCaption)
	text("image_credit", prev.ImageCredit, s.ImageCredit)
	text("section", prev.Section, s.Section)
	at("published_at", prev.PublishedAt, s.PublishedAt)
	at("embargo_until", prev.EmbargoUntil, s.EmbargoUntil)
	if len(r.Changed) == 0 {
		return nil
	}
	return r
}

// formatTime is RFC 3339 in UTC, or "" for the zero time.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
