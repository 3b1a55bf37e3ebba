package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// benchTopics is the pool of topic slugs benchmark stories draw from.
const benchTopics = 400

// benchStory returns the i-th benchmark story of source src: about 3 KB of
// HTML and five topics, one of them shared by every story.
func benchStory(src int64, i int) *herald.Story {
	topics := []herald.StoryTopic{topic("news", 0.2)}
	for k := 1; k < 5; k++ {
		topics = append(topics, topic(fmt.Sprintf("topic-%d", (i*7+k*13)%benchTopics), float64(k)/5))
	}
	para := fmt.Sprintf("<p>Paragraph about the harvest in region %d, with <a href=\"https://example.org/%d\">a link</a> and <em>emphasis</em>.</p>", i%97, i)
	return &herald.Story{
		SourceID: src, ExternalID: fmt.Sprintf("bench-%d", i), URL: fmt.Sprintf("https://example.org/s/%d", i),
		CanonicalURL: fmt.Sprintf("https://example.org/s/%d", i), Fingerprint: fmt.Sprintf("fp-%d", i),
		Title: fmt.Sprintf("Story %d about the harvest", i), Summary: "<p>A short summary.</p>",
		ContentHTML: strings.Repeat(para, 20), Authors: []string{"Ann Lee"},
		PublishedAt: t0.Add(time.Duration(i/3) * time.Minute), Topics: topics,
	}
}

// seed stores n benchmark stories in s and returns the source and, when n > 0,
// a reader who follows topic-1 and topic-2 (about 2% of the stories).
func seed(b *testing.B, s herald.Store, n int) (*herald.Source, *herald.User) {
	b.Helper()
	src := &herald.Source{URL: "https://bench.example/feed", Title: "Bench"}
	if err := s.CreateSource(b.Context(), src); err != nil {
		b.Fatal(err)
	}
	for i := range n {
		if _, err := s.UpsertStory(b.Context(), benchStory(src.ID, i)); err != nil {
			b.Fatal(err)
		}
	}
	if n == 0 {
		return src, nil
	}
	u := &herald.User{Name: "bench"}
	if err := s.CreateUser(b.Context(), u); err != nil {
		b.Fatal(err)
	}
	for _, slug := range []string{"topic-1", "topic-2"} {
		if err := s.FollowTopic(b.Context(), u.ID, slug); err != nil {
			b.Fatal(err)
		}
	}
	return src, u
}

// BenchUpsertStory measures storing stories with five topics each: new
// stories ("insert") and re-stored ones ("update").
func BenchUpsertStory(b *testing.B, open func(b *testing.B) herald.Store) {
	b.Run("insert", func(b *testing.B) {
		s := open(b)
		src, _ := seed(b, s, 0)
		i := 0
		for b.Loop() {
			if _, err := s.UpsertStory(b.Context(), benchStory(src.ID, i)); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("batch", func(b *testing.B) {
		// Ingest's pattern: new stories stored 32 to a transaction.
		s := open(b)
		src, _ := seed(b, s, 0)
		i := 0
		batch := make([]*herald.Story, 32)
		for b.Loop() {
			for k := range batch {
				batch[k] = benchStory(src.ID, i)
				i++
			}
			_, errs := s.UpsertStories(b.Context(), batch)
			for _, err := range errs {
				if err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "stories/s")
	})
	b.Run("update", func(b *testing.B) {
		s := open(b)
		src, _ := seed(b, s, 500)
		i := 0
		for b.Loop() {
			if _, err := s.UpsertStory(b.Context(), benchStory(src.ID, i%500)); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// BenchReads measures one page (50 stories with topics) of the listings a
// reader hits most, over a store of n stories.
func BenchReads(b *testing.B, s herald.Store, n int) {
	_, u := seed(b, s, n)
	// A running store refreshes its planner statistics within seconds of a
	// bulk load; measure what readers meet after that, not before.
	if a, ok := s.(interface{ Analyze(context.Context) error }); ok {
		if err := a.Analyze(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
	deep, err := s.Stories(b.Context(), herald.StoryFilter{Limit: 200})
	if err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name string
		run  func() error
	}{
		{"stories/first", func() error { _, err := s.Stories(b.Context(), herald.StoryFilter{}); return err }},
		{"stories/next", func() error {
			_, err := s.Stories(b.Context(), herald.StoryFilter{Cursor: deep.NextCursor})
			return err
		}},
		{"stories/topic", func() error {
			_, err := s.Stories(b.Context(), herald.StoryFilter{TopicSlug: "topic-7"})
			return err
		}},
		{"stories/search-selective", func() error {
			_, err := s.Stories(b.Context(), herald.StoryFilter{Query: `"region 42"`})
			return err
		}},
		{"stories/search-everything", func() error {
			_, err := s.Stories(b.Context(), herald.StoryFilter{Query: "harvest region"})
			return err
		}},
		{"feed", func() error {
			_, _, err := s.FeedCandidates(b.Context(), herald.FeedQuery{UserID: u.ID, Now: t0})
			return err
		}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if err := c.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
