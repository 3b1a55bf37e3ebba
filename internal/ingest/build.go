package ingest

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/analyze"
	"github.com/heraldnews/herald/internal/extract"
	"github.com/heraldnews/herald/internal/feed"
)

// draft is a story as it arrives, before cleaning and understanding: a feed
// item (polled or pushed by a WebSub hub), or a story a publisher pushed.
type draft struct {
	item feed.Item // as given: raw HTML, the URL as sent
	// Categories of item are the feed's categories, or the names of the
	// publisher's topics.
	imageCredit string
	embargo     time.Time
	section     string         // the section the publisher set, "" for none
	topics      []herald.Topic // the publisher's own topics, merged in at high salience
	fullText    bool           // the article page may be fetched for its full text
	itemHash    string         // see Story.ItemHash; "" for a push
}

// build cleans and understands d into a story of src: the one story builder
// for feeds, WebSub and publisher push. The URL is canonicalised (a URL that
// cannot be is dropped), the HTML sanitised, the article page fetched for its
// full text when d allows and the source's mode asks for it, a missing content
// or summary made from the other, topics and section found by the analyzer
// (the publisher's own merged in), and the fingerprint and search text made
// from the same plain text (extract.PlainText).
func (p *Pipeline) build(ctx context.Context, src *herald.Source, d draft, fetchedAt time.Time) *herald.Story {
	it := &d.item
	s := &herald.Story{
		SourceID: src.ID, Source: herald.SourceRef{ID: src.ID, Title: src.Title},
		ExternalID: it.ExternalID, Title: it.Title, Authors: it.Authors,
		ImageURL: it.ImageURL, ImageCaption: strings.TrimSpace(it.ImageCaption), ImageCredit: strings.TrimSpace(d.imageCredit),
		PublishedAt: it.PublishedAt, UpdatedAt: it.UpdatedAt, FetchedAt: fetchedAt, EmbargoUntil: d.embargo,
		PublishedGuessed: it.PublishedGuessed, ItemHash: d.itemHash,
	}
	if canon, err := extract.CanonicalURL(it.URL); err == nil {
		s.URL, s.CanonicalURL = it.URL, canon
	}
	s.ContentHTML = extract.Sanitize(it.ContentHTML, s.URL)
	s.Summary = extract.Sanitize(it.SummaryHTML, s.URL)
	if d.fullText && s.URL != "" && extract.NeedsFullText(src.FullText, s.Summary, s.ContentHTML) {
		p.fullText(ctx, s)
	}
	if s.ContentHTML == "" {
		s.ContentHTML = s.Summary
	}
	text := extract.PlainText(s.ContentHTML)
	if s.Summary == "" || s.Summary == s.ContentHTML {
		s.Summary = summarize(text)
	}
	a := p.analyzer.Analyze(analyze.Input{Title: s.Title, Text: text, Categories: it.Categories,
		Section: d.section, SourceCategory: src.Category, Source: src.Title, ID: StoryKey(s)})
	s.Topics, s.Section, s.SectionSource = mergeTopics(a.Topics, d.topics), a.Section, a.SectionSource
	s.Fingerprint = extract.Fingerprint(s.Title, text)
	s.Text = text
	return s
}

// StoryKey names a story for the topic memory: its source and its key there,
// so that analysing a new revision (or rebuilding) replaces what the earlier
// analysis taught.
func StoryKey(s *herald.Story) string {
	return fmt.Sprintf("%d:%s", s.SourceID, cmp.Or(s.ExternalID, s.CanonicalURL, s.URL))
}
