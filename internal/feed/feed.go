// Package feed turns the bytes of an RSS 0.9x/1.0/2.0, RDF, Atom 0.3/1.0 or
// JSON Feed 1.0/1.1 document into Items, using github.com/mmcdole/gofeed for
// the format-specific parsing and adding what a news service needs on top:
// charset repair, format sniffing, hostile-input limits, date repair, link
// resolution and plain-text titles.
//
// It knows the root domain types and nothing of storage or HTTP; it never
// fetches. Item HTML (SummaryHTML, ContentHTML) is raw: pass it through
// extract.Sanitize before showing it. Everything here is safe for concurrent
// use.
package feed

import (
	"context"
	"fmt"
	"time"

	"github.com/heraldnews/herald"
)

// Limits on what one Parse call processes.
const (
	MaxBodyBytes          = 32 << 20 // larger documents are refused, not truncated
	MaxItems              = 1000     // the most recent ones are kept
	MaxDepth              = 1024     // XML element nesting
	MaxTitleRunes         = 1000
	MaxTextRunes          = 4000 // feed description, image caption
	MaxSummaryBytes       = 128 << 10
	MaxContentBytes       = 1 << 20
	MaxURLBytes           = 8 << 10 // longer URLs are dropped
	MaxIDBytes            = 1024    // longer GUIDs are replaced by their hash
	MaxAuthors            = 20
	MaxCategories         = 50
	MaxNameRunes          = 200 // one author or category
	FutureTolerance       = 10 * time.Minute
	EarliestPlausibleYear = 1995 // dates before it are taken as missing
)

// Feed is a parsed feed. Text fields are plain text; URLs are absolute http(s)
// or "".
type Feed struct {
	Title       string
	SiteURL     string // the publisher's home page
	Description string
	HubURL      string // WebSub hub
	SelfURL     string // the feed's own URL as it states it
	Items       []Item
	Format      string // "rss 2.0", "rss 1.0", "atom 1.0", "atom 0.3", "json 1.1", ...
}

// Item is one entry of a feed.
type Item struct {
	ExternalID   string // GUID, else the link, else "sha256:" + hash of title and date
	URL          string // absolute http(s) or ""
	Title        string // plain text
	SummaryHTML  string // raw HTML, links resolved; sanitise before use
	ContentHTML  string // raw HTML, links resolved; sanitise before use
	Authors      []string
	Categories   []string
	ImageURL     string
	ImageCaption string
	PublishedAt  time.Time // UTC; never zero, never before 1995, never after fetchedAt+10min
	// PublishedGuessed says that PublishedAt is the fetch time because the
	// feed gave no usable date (missing, absurd or far in the future).
	PublishedGuessed bool
	UpdatedAt        time.Time // UTC; zero when the feed gives none
}

// ErrHTMLPage is returned (wrapped) when the document is an HTML page rather
// than a feed; callers can offer DiscoverFeeds on the same bytes.
var ErrHTMLPage = herald.Errorf(herald.EINVALID, "not a feed: looks like an HTML page")

// ErrEmptyFeed is returned (wrapped) for a well-formed feed that has no
// title, no link and no items, such as <rss/>.
var ErrEmptyFeed = herald.Errorf(herald.EINVALID, "empty feed: no title, link or items")

// Parse parses a feed document. contentType is the HTTP Content-Type header
// (used only for its charset: the format is sniffed from the content),
// feedURL the URL the document was fetched from (the base for relative links)
// and fetchedAt the fetch time (the zero time means now).
//
// Items come in document order. When a feed has more than MaxItems items, only
// the MaxItems most recent are kept. Dates that are missing, unparseable or
// before 1995 become fetchedAt, later than fetchedAt+10min are clamped to
// fetchedAt.
//
// Errors are EINVALID herald errors naming the problem: an empty or oversized
// body, an HTML page (ErrHTMLPage), an unknown format, nesting deeper than
// MaxDepth, malformed XML or JSON, or a feed with no title, link or items
// (ErrEmptyFeed). A document that merely ends early (a missing final '>' or
// closing tags) is completed and parsed.
func Parse(ctx context.Context, body []byte, contentType, feedURL string, fetchedAt time.Time) (*Feed, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("parse feed: %w", err)
	}
	if fetchedAt.IsZero() {
		fetchedAt = time.Now()
	}
	doc, err := prepare(body, contentType)
	if err != nil {
		return nil, fmt.Errorf("parse feed: %w", err)
	}
	gf, err := runGofeed(doc)
	if err != nil {
		return nil, fmt.Errorf("parse feed: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("parse feed: %w", err)
	}
	f, err := convert(gf, feedURL, fetchedAt.UTC())
	if err != nil {
		return nil, fmt.Errorf("parse feed: %w", err)
	}
	return f, nil
}
