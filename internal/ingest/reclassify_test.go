package ingest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/analyze"
	"github.com/heraldnews/herald/internal/topic"
)

func TestRetrainReclassifiesStoriesWithoutSection(t *testing.T) {
	ctx := context.Background()
	p, st := newPipeline(t, loopback)
	tr := NewTrainer(st, quietLog(), TrainerOptions{OnTrained: func(ctx context.Context) {
		if _, err := p.Reclassify(ctx, 100); err != nil {
			t.Errorf("Reclassify: %v", err)
		}
	}})
	p.analyzer = analyze.New(nil, topic.NewResolver(topic.Options{}), tr)
	src, err := p.AddSource(ctx, "http://127.0.0.1:1/feed")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(-time.Hour)
	for i, e := range examples(7, map[string]int{"Sport": 25, "Business": 25}) {
		upsertStory(t, st, &herald.Story{SourceID: src.ID, ExternalID: fmt.Sprint("ex", i), Title: e.Title,
			ContentHTML: "<p>" + e.Text + "</p>", Section: e.Section, SectionSource: herald.SectionFromCategory, PublishedAt: at})
	}
	sport := &herald.Story{SourceID: src.ID, ExternalID: "sport", Title: "Late goal wins the cup",
		ContentHTML: "<p>The striker scored a goal in the league match after a penalty at the stadium.</p>", PublishedAt: at}
	business := &herald.Story{SourceID: src.ID, ExternalID: "business", Title: "Bank profit rises",
		ContentHTML: "<p>Investors pushed bank shares up as profit and revenue beat the market this quarter.</p>", PublishedAt: at}
	upsertStory(t, st, sport)
	upsertStory(t, st, business)

	if err := tr.Retrain(ctx); err != nil {
		t.Fatalf("Retrain: %v", err)
	}
	for _, tt := range []struct {
		story *herald.Story
		want  string
	}{{sport, "Sport"}, {business, "Business"}} {
		got, err := st.Story(ctx, tt.story.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Section != tt.want || got.SectionSource != herald.SectionFromModel {
			t.Errorf("story %q: section %q from %q, want %q from model", tt.story.ExternalID, got.Section, got.SectionSource, tt.want)
		}
	}
	if n, err := p.Reclassify(ctx, 100); err != nil || n != 0 {
		t.Errorf("second Reclassify = %d, %v; want nothing left to do", n, err)
	}
}

func upsertStory(t *testing.T, st herald.Store, s *herald.Story) {
	t.Helper()
	if _, err := st.UpsertStory(t.Context(), s); err != nil {
		t.Fatalf("UpsertStory(%q): %v", s.ExternalID, err)
	}
}
