package herald

import (
	"context"
	"time"
)

// FullTextMode says when ingest fetches a story's article page for its full text.
type FullTextMode string

const (
	FullTextAuto   FullTextMode = "auto"   // only when the feed carries a short summary
	FullTextAlways FullTextMode = "always" // every story
	FullTextNever  FullTextMode = "never"  // trust the feed
)

// Source is a publisher's feed (or a push-only source) that stories come from.
type Source struct {
	ID       int64        `json:"id"`
	URL      string       `json:"url"`      // the feed URL; "" for a push-only source
	Title    string       `json:"title"`    // from the feed unless the operator set one
	SiteURL  string       `json:"site_url"` // the publisher's home page
	Category string       `json:"category,omitempty"`
	FullText FullTextMode `json:"full_text"`

	// Fetch state, owned by ingest.
	ETag          string        `json:"-"`
	LastModified  string        `json:"-"`
	LastFetchedAt time.Time     `json:"last_fetched_at,omitzero"`
	NextFetchAt   time.Time     `json:"next_fetch_at,omitzero"`
	LastError     string        `json:"last_error,omitempty"`
	ErrorCount    int           `json:"error_count"`
	Interval      time.Duration `json:"-"` // current polling interval

	StoryCount int       `json:"story_count"`
	CreatedAt  time.Time `json:"created_at"`
	// LastFetchedBy names the Herald instance that fetched the source last
	// (several instances may share one database).
	LastFetchedBy string `json:"last_fetched_by,omitempty"`
	// Paused sources are never fetched until resumed (SourceAdminStore).
	Paused bool `json:"paused"`
	// MinInterval and MaxInterval bound this source's polling interval
	// (zero: the server's bounds).
	MinInterval time.Duration `json:"-"`
	MaxInterval time.Duration `json:"-"`
}

// SourceRef is the short form of a Source embedded in a Story.
type SourceRef struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

// FetchResult is what one fetch attempt of a source leaves behind.
type FetchResult struct {
	SourceID     int64
	ETag         string
	LastModified string
	FetchedAt    time.Time
	NextFetchAt  time.Time
	Interval     time.Duration
	Err          string // "" on success; resets ErrorCount
	Title        string // feed title, used when the source has none yet
	SiteURL      string
	// URL, when set, replaces the source's feed URL: the feed moved for good
	// (301/308 all the way). It is ignored when another source has that URL.
	URL string
	// By names the instance that fetched it.
	By string
}

// SourceStore keeps sources and their fetch state.
type SourceStore interface {
	// CreateSource adds a source. It returns ECONFLICT if a source with the same
	// URL exists, and sets s.ID and s.CreatedAt.
	CreateSource(ctx context.Context, s *Source) error
	// Source returns one source; ENOTFOUND if there is none with that id.
	Source(ctx context.Context, id int64) (*Source, error)
	// SourceByURL returns the source with that feed URL; ENOTFOUND if none.
	SourceByURL(ctx context.Context, url string) (*Source, error)
	// Sources lists every source ordered by title, with StoryCount filled in.
	Sources(ctx context.Context) ([]*Source, error)
	// DueSources returns sources with a URL whose NextFetchAt is at or before now
	// (all of them when now is the zero time), oldest due first, at most limit.
	// It claims nothing: fetchers use ClaimDueSources.
	DueSources(ctx context.Context, now time.Time, limit int) ([]*Source, error)
	// ClaimDueSources claims up to limit sources that are due at now (all of
	// them when now is zero) and not claimed by another holder whose lease
	// still runs, for holder until now+lease, oldest due first. However many
	// Herald processes ask at once, each due source goes to one of them.
	// RecordFetch releases the claim; a claim whose holder died lapses.
	ClaimDueSources(ctx context.Context, holder string, now time.Time, limit int, lease time.Duration) ([]*Source, error)
	// ReleaseClaims gives up holder's claims on sources it has not fetched yet.
	ReleaseClaims(ctx context.Context, holder string) error
	// RecordFetch stores the outcome of a fetch and releases the source's
	// claim. ENOTFOUND if the source is gone.
	RecordFetch(ctx context.Context, r FetchResult) error
	// DeleteSource removes a source and its stories; ENOTFOUND if none.
	DeleteSource(ctx context.Context, id int64) error
}
