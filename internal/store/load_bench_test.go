package store

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/bench"
)

// BenchmarkCorpusLoad stores a generated corpus 1,000 stories to a batch, as
// `herald bench` loads it.
func BenchmarkCorpusLoad(b *testing.B) {
	benchDialects(b, func(b *testing.B, open func(b *testing.B) herald.Store) {
		s := open(b)
		c := bench.Corpus{Seed: 1, Stories: 1 << 30, Sources: 200, Topics: 5000, Span: 30 * 24 * time.Hour, End: time.Now()}
		ids := make([]int64, c.Sources)
		for i := range ids {
			src := c.Source(i)
			if err := s.CreateSource(b.Context(), src); err != nil {
				b.Fatal(err)
			}
			ids[i] = src.ID
		}
		n := 0
		for b.Loop() {
			stories := make([]*herald.Story, 1000)
			for k := range stories {
				stories[k] = c.Story(n, ids)
				n++
			}
			_, errs := s.UpsertStories(b.Context(), stories)
			for _, err := range errs {
				if err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "stories/s")
	})
}
