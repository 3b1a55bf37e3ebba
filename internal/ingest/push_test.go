package ingest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/feed"
)

func TestMergeTopics(t *testing.T) {
	found := []herald.StoryTopic{
		{Topic: herald.Topic{Slug: "us-senate", Name: "US Senate", Kind: herald.KindOther}, Salience: 0.4},
		{Topic: herald.Topic{Slug: "budget", Name: "Budget", Kind: herald.KindOther}, Salience: 0.95},
	}
	given := []herald.Topic{
		{Name: "US Senate", Kind: herald.KindOrganisation}, // known: raised and re-kinded
		{Name: "Budget"}, // known and already more salient: kept
		{Name: "Lois Lane", Kind: herald.KindPerson}, // new
		{Name: "!!!"}, // no slug: dropped
	}
	want := []herald.StoryTopic{
		{Topic: herald.Topic{Slug: "us-senate", Name: "US Senate", Kind: herald.KindOrganisation}, Salience: publisherSalience},
		{Topic: herald.Topic{Slug: "budget", Name: "Budget", Kind: herald.KindOther}, Salience: 0.95},
		{Topic: herald.Topic{Slug: "lois-lane", Name: "Lois Lane", Kind: herald.KindPerson}, Salience: publisherSalience},
	}
	if d := cmp.Diff(want, mergeTopics(found, given)); d != "" {
		t.Errorf("mergeTopics (-want +got):\n%s", d)
	}
	if found[0].Salience != 0.4 {
		t.Error("mergeTopics changed its input")
	}
}

// TestPushAndFeedBuildStoriesAlike: a pushed story and a feed item with the
// same content become the same story text, topics and summary, and search
// finds both by the words a reader sees ("Quantum<b>leap</b>" reads
// "Quantumleap"): one story builder, one HTML-to-text (issue 8 part 2).
func TestPushAndFeedBuildStoriesAlike(t *testing.T) {
	ctx := context.Background()
	p, st := newPipeline(t, loopback)
	pushed := &herald.Source{Title: "Newsroom"}
	if err := st.CreateSource(ctx, pushed); err != nil {
		t.Fatal(err)
	}
	polled := &herald.Source{ID: pushed.ID, Title: "Newsroom"}
	const content = "<p>The Quantum<b>leap</b> lab in Geneva opened on Monday.</p><script>x()</script>"
	at := time.Date(2026, 4, 30, 9, 0, 0, 0, time.UTC)
	fromFeed := p.Story(ctx, polled, &feed.Item{ExternalID: "f", URL: "https://news.example/a", Title: "Lab opens",
		ContentHTML: content, PublishedAt: at}, at)
	s := &herald.Story{SourceID: pushed.ID, ExternalID: "p", URL: "https://news.example/a", Title: "Lab opens",
		ContentHTML: content, PublishedAt: at}
	if _, err := p.Push(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	if s.Text != fromFeed.Text || s.Summary != fromFeed.Summary || s.Fingerprint != fromFeed.Fingerprint || s.ContentHTML != fromFeed.ContentHTML {
		t.Errorf("pushed story differs from the feed's:\npush text %q summary %q\nfeed text %q summary %q", s.Text, s.Summary, fromFeed.Text, fromFeed.Summary)
	}
	if d := cmp.Diff(fromFeed.Topics, s.Topics); d != "" {
		t.Errorf("topics (-feed +push):\n%s", d)
	}
	page, err := st.Stories(ctx, herald.StoryFilter{Query: "quantumleap"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].ExternalID != "p" {
		t.Errorf("search for quantumleap found %d stories, want the pushed one", len(page.Items))
	}
}
