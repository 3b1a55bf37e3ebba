package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/bench"
)

// BenchmarkFeedParallel reads 50-follow feeds from several goroutines over a
// 10k-story corpus: the read path's cost under concurrency.
func BenchmarkFeedParallel(b *testing.B) {
	benchDialects(b, func(b *testing.B, open func(b *testing.B) herald.Store) {
		s := open(b)
		c := bench.Corpus{Seed: 1, Stories: 10000, Sources: 200, Topics: 5000, Span: 30 * 24 * time.Hour, End: time.Now()}
		ids := make([]int64, c.Sources)
		for i := range ids {
			src := c.Source(i)
			if err := s.CreateSource(b.Context(), src); err != nil {
				b.Fatal(err)
			}
			ids[i] = src.ID
		}
		for i := 0; i < c.Stories; i += 1000 {
			var batch []*herald.Story
			for k := i; k < i+1000; k++ {
				batch = append(batch, c.Story(k, ids))
			}
			s.UpsertStories(b.Context(), batch)
		}
		var users []int64
		for u := range 20 {
			usr := &herald.User{Name: fmt.Sprint("u", u)}
			s.CreateUser(b.Context(), usr)
			for f := range 50 {
				s.FollowTopic(b.Context(), usr.ID, c.TopicSlug((u*131+f*17)%c.Topics))
			}
			users = append(users, usr.ID)
		}
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				if _, _, err := s.FeedCandidates(b.Context(), herald.FeedQuery{UserID: users[i%len(users)], Limit: 20}); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	})
}
