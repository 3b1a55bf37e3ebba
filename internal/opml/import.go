package opml

import (
	"context"
	"fmt"

	"github.com/heraldnews/herald"
)

// What became of one feed of an import.
const (
	StatusAdded  = "added"  // a new source
	StatusExists = "exists" // a source with that URL was there already
	StatusFailed = "failed" // Herald will not fetch the URL; Outcome.Err says why
)

// Outcome is one feed of an import and what became of it.
type Outcome struct {
	Feed   Feed
	Status string         // StatusAdded, StatusExists or StatusFailed
	Source *herald.Source // the source added or found; nil when failed, or when an existing source is stored under another spelling of the URL
	Err    error          // why it failed
}

// Outcomes are the feeds of one import, in document order.
type Outcomes []Outcome

// Count returns how many feeds ended with status.
func (o Outcomes) Count(status string) int {
	n := 0
	for _, oc := range o {
		if oc.Status == status {
			n++
		}
	}
	return n
}

// Import adds feeds in order through add (ingest.Pipeline.ImportSource): a feed
// add refuses as invalid fails alone, and one that exists (ECONFLICT) is
// looked up with find, so that importing a file twice is harmless. When a
// reader imports (follow is not nil), the reader follows every source the
// import added or found: importing one's subscription list subscribes, in
// the API and the web app alike. Any other error stops the import; it is
// returned with the outcomes so far, whose feeds stay added.
func Import(ctx context.Context, feeds []Feed,
	add func(context.Context, herald.Source) (*herald.Source, error),
	find func(ctx context.Context, url string) (*herald.Source, error),
	follow func(ctx context.Context, sourceID int64) error) (Outcomes, error) {
	out := make(Outcomes, 0, len(feeds))
	for _, f := range feeds {
		oc := Outcome{Feed: f}
		src, err := add(ctx, herald.Source{URL: f.URL, Title: f.Title, SiteURL: f.SiteURL, Category: f.Category})
		switch herald.ErrorCode(err) {
		case "":
			oc.Status, oc.Source = StatusAdded, src
		case herald.ECONFLICT:
			oc.Status = StatusExists
			oc.Source, _ = find(ctx, f.URL) // nil when stored under a normalised spelling
		case herald.EINVALID:
			oc.Status, oc.Err = StatusFailed, err
		default:
			return out, fmt.Errorf("import source %s: %w", f.URL, err)
		}
		if oc.Source != nil && follow != nil {
			if err := follow(ctx, oc.Source.ID); err != nil {
				return out, fmt.Errorf("follow imported source %d: %w", oc.Source.ID, err)
			}
		}
		out = append(out, oc)
	}
	return out, nil
}
