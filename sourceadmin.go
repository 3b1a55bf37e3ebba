package herald

import (
	"context"
	"time"
)

// SourceSettings are what a reader with the right to manage sources may
// change about one: the fields the feed does not own.
type SourceSettings struct {
	ID       int64
	Title    string
	Category string // the OPML folder; "News/Asia" for nested ones
	FullText FullTextMode
	// MinInterval and MaxInterval bound how often the source is polled;
	// zero means the server's bound.
	MinInterval time.Duration
	MaxInterval time.Duration
	Paused      bool
}

// Validate returns EINVALID naming the first field out of bounds.
func (s SourceSettings) Validate() error {
	switch {
	case len([]rune(s.Title)) > 300:
		return Errorf(EINVALID, "title: at most 300 characters")
	case len([]rune(s.Category)) > 200:
		return Errorf(EINVALID, "category: at most 200 characters")
	case s.FullText != FullTextAuto && s.FullText != FullTextAlways && s.FullText != FullTextNever:
		return Errorf(EINVALID, "full_text: choose auto, always or never")
	case s.MinInterval < 0 || s.MaxInterval < 0:
		return Errorf(EINVALID, "poll interval: cannot be negative")
	case s.MinInterval > 0 && s.MinInterval < time.Minute:
		return Errorf(EINVALID, "poll interval: at least a minute between two fetches")
	case s.MaxInterval > 0 && s.MaxInterval > 7*24*time.Hour:
		return Errorf(EINVALID, "poll interval: at most a week between two fetches")
	case s.MinInterval > 0 && s.MaxInterval > 0 && s.MinInterval > s.MaxInterval:
		return Errorf(EINVALID, "poll interval: the shortest is longer than the longest")
	}
	return nil
}

// SourceAdminStore changes sources the way their pages let a person do.
type SourceAdminStore interface {
	// UpdateSource stores s's settings on source s.ID and returns the source;
	// EINVALID when they do not validate, ENOTFOUND for an unknown source.
	// Pausing makes the source never due; resuming makes it due now.
	UpdateSource(ctx context.Context, s SourceSettings) (*Source, error)
	// RetargetSource moves a source to another feed URL (the demo publisher
	// on a new port), keeping its stories; ECONFLICT if another source has it.
	RetargetSource(ctx context.Context, id int64, url string) error
	// RenameCategory moves every source in category from (and its
	// subfolders, "from/…") to to; to "" takes them out of any folder. It
	// returns how many sources moved.
	RenameCategory(ctx context.Context, from, to string) (int, error)
	// SavedStoryCount counts the stories of a source that some reader saved.
	SavedStoryCount(ctx context.Context, sourceID int64) (int, error)
	// Sections returns, among names, those that some visible story carries,
	// in the order given.
	Sections(ctx context.Context, names []string) ([]string, error)
}

// Image variants a store keeps of a story's lead image.
const (
	ImageLead  = "lead"  // at most 960 px wide, for the story page
	ImageThumb = "thumb" // a square crop for cards
)

// StoryImage is a story's lead image as Herald keeps it: fetched once, at
// most 960 px wide, JPEG, plus a square thumbnail. Err says why it could not
// be fetched (then Lead and Thumb are empty).
type StoryImage struct {
	StoryID   int64
	SourceURL string
	Width     int // of Lead
	Height    int
	Lead      []byte
	Thumb     []byte
	Err       string
	FetchedAt time.Time
}

// ImageJob is a story whose lead image is still to fetch.
type ImageJob struct {
	StoryID  int64
	ImageURL string
	PageURL  string // the story's URL, the Referer of the fetch
}

// ImageStore keeps stories' lead images.
type ImageStore interface {
	// PendingImages returns up to limit stories with an image URL stored
	// after the last story that has an image row, oldest first.
	PendingImages(ctx context.Context, limit int) ([]ImageJob, error)
	// SaveImage stores (or replaces) a story's image; ENOTFOUND if the story
	// is gone.
	SaveImage(ctx context.Context, img StoryImage) error
	// StoryImage returns one variant's bytes of a visible story's image with
	// its size; ENOTFOUND when there is none (not fetched, failed, embargoed).
	StoryImage(ctx context.Context, storyID int64, variant string) (*StoryImage, error)
	// ImageSizes returns the lead image size of each of the stories that has
	// a stored image.
	ImageSizes(ctx context.Context, storyIDs []int64) (map[int64][2]int, error)
}

// FeedPreview is what a feed address (or a site's page) leads to, fetched
// and parsed but not stored: what a person sees before adding a source.
type FeedPreview struct {
	URL     string        `json:"url"` // the feed's address, after discovery
	Title   string        `json:"title"`
	SiteURL string        `json:"site_url"`
	Format  string        `json:"format"`
	Items   []PreviewItem `json:"items"` // the newest few
	// Found are the feeds the page advertised, when it was a page; URL is
	// the first of them.
	Found []string `json:"found,omitempty"`
}

// PreviewItem is one story of a FeedPreview.
type PreviewItem struct {
	Title       string    `json:"title"`
	URL         string    `json:"url"`
	PublishedAt time.Time `json:"published_at"`
}
