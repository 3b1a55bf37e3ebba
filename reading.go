package herald

import (
	"context"
	"time"
)

// StoryState is one reader's state of one story.
type StoryState struct {
	Read    bool      `json:"read"`
	Saved   bool      `json:"saved"`
	Hidden  bool      `json:"hidden"`
	ReadAt  time.Time `json:"read_at,omitzero"`
	SavedAt time.Time `json:"saved_at,omitzero"`
}

// ReadScope names the stories a "mark all as read" covers: those of a topic,
// of a source, or (both zero) every story the reader can see, published at
// or before Before (zero: now).
type ReadScope struct {
	TopicSlug string
	SourceID  int64
	Before    time.Time
}

// ReadingStore keeps each reader's state of each story: read or unread,
// saved (starred), hidden. Every method is scoped to one user, and refuses
// (ENOTFOUND) a story the reader cannot see: unknown or under embargo.
type ReadingStore interface {
	// SetRead marks stories read, or unread when read is false. ENOTFOUND
	// names the first story the reader cannot see, and nothing is changed.
	SetRead(ctx context.Context, userID int64, storyIDs []int64, read bool) error
	// SetSaved saves a story (starred) or, with saved false, unsaves it.
	SetSaved(ctx context.Context, userID, storyID int64, saved bool) error
	// SetHidden hides a story from the reader's lists or shows it again.
	SetHidden(ctx context.Context, userID, storyID int64, hidden bool) error
	// MarkAllRead marks read every story in scope that the reader can see
	// and has not read, and returns how many and an undo token that
	// UndoMarkAllRead takes to make exactly those unread again.
	MarkAllRead(ctx context.Context, userID int64, scope ReadScope) (marked int, undo string, err error)
	// UndoMarkAllRead makes unread again the stories one MarkAllRead marked
	// (and the reader has not marked since); EINVALID for a malformed token.
	UndoMarkAllRead(ctx context.Context, userID int64, undo string) error
	// StoryStates returns the reader's state of each of the stories that has
	// one; stories never touched are absent (unread, unsaved, shown).
	StoryStates(ctx context.Context, userID int64, storyIDs []int64) (map[int64]StoryState, error)
}
