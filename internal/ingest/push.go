package ingest

import (
	"context"
	"fmt"
	"strings"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/feed"
	"github.com/heraldnews/herald/internal/topic"
)

// publisherSalience is the salience a topic named by the publisher gets at
// least: the newsroom knows what its story is about.
const publisherSalience = 0.9

// Push cleans, understands and stores a story that a publisher pushed to
// source s.SourceID, the way a feed item is (see build): URL canonicalised,
// HTML sanitised, a summary made when missing, topics and section found by
// the analyzer. topics are the publisher's own (Name required, Kind
// optional); they are merged in at high salience, and a section the
// publisher set wins. The article page is never fetched: the publisher sent
// the story whole. s is replaced by what was stored. ENOTFOUND when the
// source does not exist.
func (p *Pipeline) Push(ctx context.Context, s *herald.Story, topics []herald.Topic) (herald.UpsertResult, error) {
	src, err := p.store.Source(ctx, s.SourceID)
	if err != nil {
		return herald.UpsertResult{}, fmt.Errorf("push story: %w", err)
	}
	names := make([]string, len(topics))
	for i, t := range topics {
		names[i] = t.Name
	}
	d := draft{
		item: feed.Item{ExternalID: s.ExternalID, URL: s.URL, Title: s.Title, SummaryHTML: s.Summary, ContentHTML: s.ContentHTML,
			Authors: s.Authors, Categories: names, ImageURL: s.ImageURL, ImageCaption: s.ImageCaption,
			PublishedAt: s.PublishedAt, UpdatedAt: s.UpdatedAt},
		imageCredit: s.ImageCredit, embargo: s.EmbargoUntil, section: s.Section, topics: topics,
	}
	*s = *p.build(ctx, src, d, p.now())
	res, err := p.store.UpsertStory(ctx, s)
	if err != nil {
		return res, fmt.Errorf("push story: %w", err)
	}
	p.noteStored(s, res)
	return res, nil
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
