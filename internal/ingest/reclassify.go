package ingest

import (
	"context"
	"fmt"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/analyze"
	"github.com/heraldnews/herald/internal/extract"
)

// Reclassify gives a section to those of the newest limit visible stories that
// have none, when the analyzer now finds one (typically the section model,
// trained since they were stored), and returns how many it changed. It sets
// the section and its source and nothing else (StoryStore.SetStorySection):
// no revision, and the story's item hash stays, so the next poll still finds
// its item unchanged.
func (p *Pipeline) Reclassify(ctx context.Context, limit int) (int, error) {
	changed := 0
	categories := map[int64]string{} // source id -> category
	f := herald.StoryFilter{Limit: min(200, limit)}
	for seen := 0; seen < limit; {
		page, err := p.store.Stories(ctx, f)
		if err != nil {
			return changed, fmt.Errorf("reclassify: %w", err)
		}
		for _, s := range page.Items[:min(len(page.Items), limit-seen)] {
			ok, err := p.reclassify(ctx, s, categories)
			if err != nil {
				return changed, fmt.Errorf("reclassify story %d: %w", s.ID, err)
			}
			if ok {
				changed++
			}
		}
		seen += len(page.Items)
		if page.NextCursor == "" {
			break
		}
		f.Cursor = page.NextCursor
	}
	return changed, nil
}

// reclassify sets s's section when it has none and the analyzer finds one;
// it reports whether it did. categories caches the sources' categories.
func (p *Pipeline) reclassify(ctx context.Context, s *herald.Story, categories map[int64]string) (bool, error) {
	if s.Section != "" {
		return false, nil
	}
	category, ok := categories[s.SourceID]
	if !ok {
		src, err := p.store.Source(ctx, s.SourceID)
		if err != nil {
			return false, err
		}
		category, categories[s.SourceID] = src.Category, src.Category
	}
	sec, from := p.analyzer.Section(analyze.Input{Title: s.Title, Text: extract.PlainText(s.ContentHTML), SourceCategory: category})
	if sec == "" {
		return false, nil
	}
	if err := p.store.SetStorySection(ctx, s.ID, sec, from); err != nil {
		return false, err
	}
	return true, nil
}
