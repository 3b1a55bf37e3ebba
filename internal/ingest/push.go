package ingest

import (
	"context"
	"fmt"
	"strings"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/analyze"
	"github.com/heraldnews/herald/internal/extract"
	"github.com/heraldnews/herald/internal/topic"
)

// publisherSalience is the salience a topic named by the publisher gets at
// least: the newsroom knows what its story is about.
const publisherSalience = 0.9

// Push cleans, understands and stores a story that a publisher pushed to
// source s.SourceID, the way a feed item is: URL canonicalised, HTML
// sanitised, a summary made when missing, topics and section found by the
// analyzer. topics are the publisher's own (Name required, Kind optional);
// they are merged in at high salience, and a section the publisher set wins.
// s is replaced by what was stored. ENOTFOUND when the source does not exist.
func (p *Pipeline) Push(ctx context.Context, s *herald.Story, topics []herald.Topic) (herald.UpsertResult, error) {
	src, err := p.store.Source(ctx, s.SourceID)
	if err != nil {
		return herald.UpsertResult{}, fmt.Errorf("push story: %w", err)
	}
	s.Source = herald.SourceRef{ID: src.ID, Title: src.Title}
	p.cleanPushed(s)
	text := extract.PlainText(s.ContentHTML)
	names := make([]string, len(topics))
	for i, t := range topics {
		names[i] = t.Name
	}
	a := p.analyzer.Analyze(analyze.Input{Title: s.Title, Text: text, Categories: names,
		Section: s.Section, SourceCategory: src.Category, Source: src.Title})
	s.Topics, s.Section, s.SectionSource = mergeTopics(a.Topics, topics), a.Section, a.SectionSource
	s.Fingerprint = extract.Fingerprint(s.Title, text)
	res, err := p.store.UpsertStory(ctx, s)
	if err != nil {
		return res, fmt.Errorf("push story: %w", err)
	}
	p.noteStored(s, res)
	return res, nil
}

// cleanPushed canonicalises s's URL, sanitises its HTML and fills a missing
// content or summary from the other.
func (p *Pipeline) cleanPushed(s *herald.Story) {
	s.CanonicalURL = ""
	if s.URL != "" {
		if canon, err := extract.CanonicalURL(s.URL); err == nil {
			s.CanonicalURL = canon
		}
	}
	s.FetchedAt = p.now()
	s.ContentHTML = extract.Sanitize(s.ContentHTML, s.URL)
	s.Summary = extract.Sanitize(s.Summary, s.URL)
	s.ImageCaption = strings.TrimSpace(s.ImageCaption)
	s.ImageCredit = strings.TrimSpace(s.ImageCredit)
	if s.ContentHTML == "" {
		s.ContentHTML = s.Summary
	}
	if s.Summary == "" || s.Summary == s.ContentHTML {
		s.Summary = summarize(extract.PlainText(s.ContentHTML))
	}
}

// mergeTopics adds the publisher's topics to the analyzer's: a topic both name
// keeps the higher salience (at least publisherSalience) and the publisher's
// kind when it gave one. Topics whose name has no slug are dropped.
func mergeTopics(found []herald.StoryTopic, given []herald.Topic) []herald.StoryTopic {
	out := append([]herald.StoryTopic(nil), found...)
	index := make(map[string]int, len(out))
	for i, t := range out {
		index[t.Slug] = i
	}
	for _, g := range given {
		slug := topic.Slug(g.Name)
		if slug == "" {
			continue
		}
		i, ok := index[slug]
		if !ok {
			kind := g.Kind
			if kind == "" {
				kind = herald.KindOther
			}
			out = append(out, herald.StoryTopic{Topic: herald.Topic{Slug: slug, Name: strings.TrimSpace(g.Name), Kind: kind}})
			i = len(out) - 1
			index[slug] = i
		}
		out[i].Salience = max(out[i].Salience, publisherSalience)
		if g.Kind != "" {
			out[i].Kind = g.Kind
		}
	}
	return out
}
