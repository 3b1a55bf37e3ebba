package ingest

import (
	"context"
	"fmt"
	"html"
	"runtime"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/analyze"
	"github.com/heraldnews/herald/internal/extract"
	"github.com/heraldnews/herald/internal/feed"
	"github.com/heraldnews/herald/internal/fetch"
)

// summaryRunes is the length of a summary made from the story's text.
const summaryRunes = 320

// prepared holds stories being cleaned and understood in the background.
type prepared struct {
	stories []*herald.Story
	done    []chan struct{} // done[i] is closed once stories[i] is set
}

// prepare starts cleaning and understanding items on every core (the work is CPU
// bound), in feed order, and returns at once: the caller stores each story as soon
// as it is ready, so storing overlaps with the analysis of the stories after it.
func (p *Pipeline) prepare(ctx context.Context, src *herald.Source, items []feed.Item, fetchedAt time.Time) *prepared {
	pr := &prepared{stories: make([]*herald.Story, len(items)), done: make([]chan struct{}, len(items))}
	for i := range pr.done {
		pr.done[i] = make(chan struct{})
	}
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), len(items)) {
		go func() {
			for i := int(next.Add(1) - 1); i < len(items) && ctx.Err() == nil; i = int(next.Add(1) - 1) {
				pr.stories[i] = p.Story(ctx, src, &items[i], fetchedAt)
				close(pr.done[i])
			}
		}()
	}
	return pr
}

// wait returns story i once it is ready, or nil when ctx ends first.
func (pr *prepared) wait(ctx context.Context, i int) *herald.Story {
	select {
	case <-pr.done[i]:
		return pr.stories[i]
	case <-ctx.Done():
		return nil
	}
}

// storeBatch is how many prepared stories are stored in one transaction.
const storeBatch = 32

// storeStories stores the prepared stories in feed order, in batches, each
// batch as soon as its stories are ready, and counts what happened.
func (p *Pipeline) storeStories(ctx context.Context, src *herald.Source, items []feed.Item, pr *prepared, st *Stats) {
	for start := 0; start < len(items) && ctx.Err() == nil; start += storeBatch {
		end := min(start+storeBatch, len(items))
		batch := make([]*herald.Story, 0, end-start)
		index := make([]int, 0, end-start)
		for i := start; i < end; i++ {
			s := pr.wait(ctx, i)
			if err := storable(ctx, s); err != nil {
				p.log.WarnContext(ctx, "story not stored", "source_id", src.ID, "item", items[i].URL, "error", err)
				continue
			}
			batch, index = append(batch, s), append(index, i)
		}
		results, errs := p.store.UpsertStories(ctx, batch)
		for j, res := range results {
			switch err := errs[j]; {
			case err != nil:
				p.log.WarnContext(ctx, "story not stored", "source_id", src.ID, "item", items[index[j]].URL, "error", err)
			case res.Duplicate:
				st.Duplicates++
			case res.Created:
				st.New++
			default:
				st.Updated++
			}
			if errs[j] == nil {
				p.noteStored(batch[j], res)
			}
		}
	}
}

// storable says why a prepared story cannot be stored, or nil.
func storable(ctx context.Context, s *herald.Story) error {
	if s == nil {
		return fmt.Errorf("story not prepared: %w", ctx.Err())
	}
	if s.Title == "" && s.ContentHTML == "" && s.Summary == "" {
		return fmt.Errorf("item %q has no title and no content", s.ExternalID)
	}
	return nil
}

// Story turns a parsed feed item into a clean, tagged story of src. It fetches
// the article page for the full text when the source's mode asks for it.
func (p *Pipeline) Story(ctx context.Context, src *herald.Source, it *feed.Item, fetchedAt time.Time) *herald.Story {
	s := &herald.Story{
		SourceID:    src.ID,
		ExternalID:  it.ExternalID,
		Title:       it.Title,
		Authors:     it.Authors,
		ImageURL:    it.ImageURL,
		PublishedAt: it.PublishedAt,
		UpdatedAt:   it.UpdatedAt,
		FetchedAt:   fetchedAt,
	}
	s.ImageCaption = it.ImageCaption
	if canon, err := extract.CanonicalURL(it.URL); err == nil {
		s.URL, s.CanonicalURL = it.URL, canon
	}
	s.ContentHTML = extract.Sanitize(it.ContentHTML, s.URL)
	s.Summary = extract.Sanitize(it.SummaryHTML, s.URL)
	if s.URL != "" && extract.NeedsFullText(src.FullText, s.Summary, s.ContentHTML) {
		p.fullText(ctx, s)
	}
	if s.ContentHTML == "" {
		s.ContentHTML = s.Summary
	}
	text := extract.PlainText(s.ContentHTML)
	if s.Summary == "" || s.Summary == s.ContentHTML {
		s.Summary = summarize(text)
	}
	a := p.analyzer.Analyze(analyze.Input{Title: s.Title, Text: text, Categories: it.Categories, SourceCategory: src.Category})
	s.Topics, s.Section, s.SectionSource = a.Topics, a.Section, a.SectionSource
	s.Fingerprint = extract.Fingerprint(s.Title, text)
	return s
}

// fullText replaces s's content with the article page's, when it can be fetched
// and extracted; on failure the feed's content stays.
func (p *Pipeline) fullText(ctx context.Context, s *herald.Story) {
	resp, err := p.fetcher.Get(ctx, fetch.Request{URL: s.URL, Accept: "text/html,application/xhtml+xml"})
	if err != nil {
		p.log.DebugContext(ctx, "full text fetch failed", "url", s.URL, "error", err)
		return
	}
	art, err := extract.ExtractArticle(resp.Body, resp.URL)
	if err != nil || len(art.TextContent) < len(extract.PlainText(s.ContentHTML)) {
		return
	}
	s.ContentHTML = art.ContentHTML
	if s.ImageURL == "" {
		s.ImageURL, s.ImageCaption = art.ImageURL, art.ImageCaption
	}
	if len(s.Authors) == 0 && art.Byline != "" {
		s.Authors = []string{art.Byline}
	}
	if art.CanonicalURL != "" {
		if canon, err := extract.CanonicalURL(art.CanonicalURL); err == nil {
			s.CanonicalURL = canon
		}
	}
}

// summarize cuts text to about summaryRunes at a word boundary and escapes it
// as HTML, so that Summary is always safe HTML.
func summarize(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) > summaryRunes {
		cut := []rune(text)[:summaryRunes]
		text = string(cut)
		if i := strings.LastIndexByte(text, ' '); i > summaryRunes/2 {
			text = text[:i]
		}
		text += "…"
	}
	return html.EscapeString(text)
}
