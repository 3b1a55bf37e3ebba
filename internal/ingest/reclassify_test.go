package ingest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
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

// fixedSection is a section model that files every story under one section.
type fixedSection string

func (f fixedSection) Section(string, string) (string, float64) { return string(f), 0.9 }

// TestReclassifyChangesOnlyTheSection: labelling stored stories with a new
// model's sections (every serve start, every retraining) changes their
// section and nothing else, so the next poll of an unchanged feed still skips
// every item and records no revision (issue 10 item 7).
func TestReclassifyChangesOnlyTheSection(t *testing.T) {
	ctx := context.Background()
	p, st := newPipeline(t, loopback)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<rss version="2.0"><channel><title>T</title><link>https://news.example/</link>`)
		for i := range 5 {
			fmt.Fprintf(w, `<item><title>Story %d</title><link>https://news.example/%d</link><guid>g%d</guid>
<pubDate>Thu, 30 Apr 2026 09:0%d:00 GMT</pubDate><description>Body %d of the story, long enough to stand as its whole text without a page fetch.</description></item>`, i, i, i, i, i)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	defer srv.Close()
	src, err := p.AddSource(ctx, srv.URL+"/feed")
	if err != nil {
		t.Fatal(err)
	}
	if s, err := p.RefreshSource(ctx, src); err != nil || s.New != 5 {
		t.Fatalf("first poll = %+v, %v; want 5 new", s, err)
	}
	p.analyzer = analyze.New(nil, topic.NewResolver(topic.Options{}), fixedSection("Business"))
	if n, err := p.Reclassify(ctx, 100); err != nil || n != 5 {
		t.Fatalf("Reclassify = %d, %v; want 5 stories labelled", n, err)
	}
	page, err := st.Stories(ctx, herald.StoryFilter{SourceID: src.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range page.Items {
		if s.Section != "Business" || s.SectionSource != herald.SectionFromModel || s.RevisionCount != 0 {
			t.Errorf("story %q: section %q from %q, %d revisions; want Business from model, no revision", s.Title, s.Section, s.SectionSource, s.RevisionCount)
		}
	}
	if s, err := p.RefreshSource(ctx, src); err != nil || s.Unchanged != 5 || s.Updated != 0 {
		t.Errorf("poll after reclassifying = %+v, %v; want all 5 unchanged, none updated", s, err)
	}
}
