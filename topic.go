package herald

import "context"

// Topic kinds.
const (
	KindPerson       = "person"
	KindPlace        = "place"
	KindOrganisation = "organisation"
	KindEvent        = "event"
	KindOther        = "other"
)

// Topic is something a reader can follow: a person, place, organisation, event or
// subject. Slugs are stable and unique.
type Topic struct {
	ID         int64  `json:"-"`
	Slug       string `json:"slug"`
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	StoryCount int    `json:"story_count,omitempty"`
}

// TopicFilter narrows a topic listing.
type TopicFilter struct {
	Query string // matches names by prefix or substring, case-insensitively
	Limit int    // 1..500; 0 means 100
	Kind  string // keeps topics of one kind ("person"…); "" keeps all
	// Offset skips that many topics of the listing (paging).
	Offset int
}

// TopicStore keeps the catalogue of topics.
type TopicStore interface {
	// Topics lists topics with StoryCount, most stories first.
	Topics(ctx context.Context, f TopicFilter) ([]*Topic, error)
	// TopicBySlug returns one topic with StoryCount; ENOTFOUND if none. The slug
	// of a topic that was merged away returns the topic it was merged into, so
	// old links keep working: callers compare Slug to see that it moved.
	TopicBySlug(ctx context.Context, slug string) (*Topic, error)
	// MergeTopic folds topic from into topic into, for an admin who sees that
	// two topics are one: from's stories, follows and mutes move to into (a
	// story tagged with both keeps the higher salience), from disappears from
	// listings, and from then on every story tagged from is linked to into.
	// Slugs never change, so from's slug keeps resolving to into. It returns
	// into with its new StoryCount. ENOTFOUND if either is missing; EINVALID
	// when they are the same topic; a topic already merged is followed to the
	// topic it was merged into.
	MergeTopic(ctx context.Context, from, into string) (*Topic, error)
	// RenameTopic changes a topic's display name and, when kind is not "", its
	// kind; the slug stays. Later stories that name the topic do not change it
	// back. ENOTFOUND if the topic is missing; EINVALID for an empty name or an
	// unknown kind.
	RenameTopic(ctx context.Context, slug, name, kind string) (*Topic, error)
}

// ValidKind reports whether kind is one of the topic kinds.
func ValidKind(kind string) bool {
	switch kind {
	case KindPerson, KindPlace, KindOrganisation, KindEvent, KindOther:
		return true
	}
	return false
}

// TopicFacts is what the topic catalogue learned from one story, as the
// topic resolver encodes it (opaque to stores), under the story's key.
type TopicFacts struct {
	ID    int64  // the record's place in the log; set by the store
	Key   string // the story's key: a later record of the key replaces an earlier one
	Facts []byte
}

// TopicMemoryStore keeps what the catalogue learns across stories, as a log
// that every Herald process replays, and lets the catalogue re-tag stories.
type TopicMemoryStore interface {
	// AppendTopicFacts adds records to the end of the log.
	AppendTopicFacts(ctx context.Context, facts []TopicFacts) error
	// TopicFactsAfter returns up to limit records after id afterID, in log order.
	TopicFactsAfter(ctx context.Context, afterID int64, limit int) ([]TopicFacts, error)
	// LatestTopicFacts returns the newest n records, in log order.
	LatestTopicFacts(ctx context.Context, n int) ([]TopicFacts, error)
	// PruneTopicFacts drops all but the newest keep records.
	PruneTopicFacts(ctx context.Context, keep int) error
	// SetStoryTopics replaces a story's topic links and nothing else
	// (creating topics as UpsertStory does); ENOTFOUND if there is no such story.
	SetStoryTopics(ctx context.Context, storyID int64, topics []StoryTopic) error
}
