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
}

// TopicStore keeps the catalogue of topics.
type TopicStore interface {
	// Topics lists topics with StoryCount, most stories first.
	Topics(ctx context.Context, f TopicFilter) ([]*Topic, error)
	// TopicBySlug returns one topic with StoryCount; ENOTFOUND if none.
	TopicBySlug(ctx context.Context, slug string) (*Topic, error)
}
