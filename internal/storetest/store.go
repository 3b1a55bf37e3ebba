package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

var storeTests = []namedTest{
	{"Ping", testPing},
	{"ConcurrentUpserts", testConcurrentUpserts},
	{"ConcurrentReadWrite", testConcurrentReadWrite},
}

func testPing(t *testing.T, s herald.Store) {
	if err := s.Ping(t.Context()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}

// testConcurrentUpserts has 20 goroutines store stories at once, sharing and
// creating topics, and checks that nothing fails and nothing is lost.
func testConcurrentUpserts(t *testing.T, s herald.Store) {
	const workers, perWorker = 20, 5
	src := newSource(t, s, "https://example.org/feed", "Example")
	var wg sync.WaitGroup
	errs := make(chan error, 2*workers*perWorker)
	start := make(chan struct{})
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := range perWorker {
				st := newStory(src.ID, fmt.Sprintf("w%02d-%d", w, i), t0.Add(time.Duration(i)*time.Second),
					topic("shared", 0.5), topic(fmt.Sprintf("new-%d", (w+i)%7), 0.4), topic(fmt.Sprintf("worker-%d", w), 0.3))
				st.Fingerprint = st.ExternalID
				if _, err := s.UpsertStory(t.Context(), st); err != nil {
					errs <- fmt.Errorf("worker %d story %d: %w", w, i, err)
				}
				// An update of the same story races with the other writers too.
				st.Topics = st.Topics[:1]
				if _, err := s.UpsertStory(t.Context(), st); err != nil {
					errs <- fmt.Errorf("worker %d update %d: %w", w, i, err)
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	tp, err := s.TopicBySlug(t.Context(), "shared")
	if err != nil || tp.StoryCount != workers*perWorker {
		t.Errorf("TopicBySlug(shared) = %+v, %v; want %d stories", tp, err, workers*perWorker)
	}
	ids := allStories(t, s, herald.StoryFilter{Limit: 200})
	if len(ids) != workers*perWorker {
		t.Errorf("stored %d stories, want %d", len(ids), workers*perWorker)
	}
	topics, err := s.Topics(t.Context(), herald.TopicFilter{Limit: 500})
	if err != nil || len(topics) != 1+7+workers {
		t.Errorf("Topics = %d topics, %v; want %d", len(topics), err, 1+7+workers)
	}
}

// testConcurrentReadWrite reads while a writer stores, and fails on any error.
func testConcurrentReadWrite(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://example.org/feed", "Example")
	u := newUser(t, s, "ada")
	upsert(t, s, newStory(src.ID, "seed", t0, topic("news", 0.5)))
	follow(t, s, u.ID, []string{"news"})
	done := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for r := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				var err error
				switch r {
				case 0:
					_, err = s.Stories(t.Context(), herald.StoryFilter{Query: "story"})
				case 1:
					_, _, err = s.FeedCandidates(t.Context(), herald.FeedQuery{UserID: u.ID, Now: t0})
				case 2:
					_, err = s.Topics(t.Context(), herald.TopicFilter{})
				default:
					_, err = s.Sources(t.Context())
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range 30 {
		if _, err := s.UpsertStory(t.Context(), newStory(src.ID, ext(i), t0.Add(time.Duration(i)*time.Second), topic("news", 0.5))); err != nil {
			t.Errorf("UpsertStory: %v", err)
		}
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("reader: %v", err)
	}
	cands, _, err := s.FeedCandidates(t.Context(), herald.FeedQuery{UserID: u.ID, Limit: 200, Now: t0})
	if err != nil || len(cands) != 31 {
		t.Errorf("FeedCandidates = %d, %v; want 31", len(cands), err)
	}
}
