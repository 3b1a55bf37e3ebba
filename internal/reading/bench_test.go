package reading_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/bench"
	"github.com/heraldnews/herald/internal/reading"
	"github.com/heraldnews/herald/internal/store"
)

// perDay is the corpora's stories a day: the same density at every size,
// so that the unread window always holds about 30 × perDay stories.
const perDay = 550

// corpus is a generated store with a reader who follows 10 sources and 40
// topics and has read a tenth of the stories in the unread window.
type corpus struct {
	db   *store.DB
	user *herald.User
}

var (
	corporaMu sync.Mutex
	corpora   = map[int]*corpus{}
	dir       string
)

// loadCorpus builds (once per process) a corpus of n stories over n/perDay
// days ending now.
func loadCorpus(b *testing.B, n int) *corpus {
	b.Helper()
	corporaMu.Lock()
	defer corporaMu.Unlock()
	if c := corpora[n]; c != nil {
		return c
	}
	if dir == "" {
		var err error
		if dir, err = makeTemp(); err != nil {
			b.Fatal(err)
		}
	}
	ctx := b.Context()
	path := filepath.Join(dir, fmt.Sprintf("c%d.db", n))
	_, statErr := os.Stat(path)
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	if statErr == nil { // kept from an earlier run (HERALD_READING_BENCH_DIR)
		u, err := db.UserByName(ctx, "reader")
		if err != nil {
			b.Fatal(err)
		}
		corpora[n] = &corpus{db: db, user: u}
		return corpora[n]
	}
	gen := bench.Corpus{Seed: 7, Stories: n, Sources: 200, Topics: 5000, Span: time.Duration(n/perDay) * 24 * time.Hour, End: time.Now()}
	ids := make([]int64, gen.Sources)
	for i := range ids {
		src := gen.Source(i)
		if err := db.CreateSource(ctx, src); err != nil {
			b.Fatal(err)
		}
		ids[i] = src.ID
	}
	for start := 0; start < n; start += 1000 {
		batch := make([]*herald.Story, 0, 1000)
		for i := start; i < min(start+1000, n); i++ {
			batch = append(batch, gen.Story(i, ids))
		}
		if _, errs := db.UpsertStories(ctx, batch); errs != nil {
			for _, err := range errs {
				if err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	u := &herald.User{Name: "reader", PasswordHash: "unused"}
	if err := db.CreateUser(ctx, u); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		if err := db.FollowSource(ctx, u.ID, ids[20+i*7]); err != nil {
			b.Fatal(err)
		}
	}
	for k := 0; k < 40; k++ {
		if err := db.FollowTopic(ctx, u.ID, gen.TopicSlug(10+k*13)); err != nil {
			b.Fatal(err)
		}
	}
	v, err := (&reading.Service{Store: db}).View(ctx, u)
	if err != nil {
		b.Fatal(err)
	}
	q := v.ReadingList()
	q.Unread = true
	refs, _, err := db.ReaderStream(ctx, q)
	if err != nil {
		b.Fatal(err)
	}
	var read []int64
	for i := 0; i < len(refs); i += 10 {
		read = append(read, refs[i].ID)
	}
	for len(read) > 0 {
		k := min(len(read), 500)
		if err := db.SetRead(ctx, u.ID, read[:k], true); err != nil {
			b.Fatal(err)
		}
		read = read[k:]
	}
	c := &corpus{db: db, user: u}
	corpora[n] = c
	return c
}

// BenchmarkUnreadCounts: the Google Reader unread-count of a reader with 50
// follows, at 20,000 and 200,000 stories of the same density. The unread
// window bounds what it reads, so the cost does not grow with the corpus.
func BenchmarkUnreadCounts(b *testing.B) {
	for _, n := range []int{20_000, 200_000} {
		b.Run(fmt.Sprintf("stories=%d", n), func(b *testing.B) {
			c := loadCorpus(b, n)
			rd := &reading.Service{Store: c.db}
			var total int
			for b.Loop() {
				v, err := rd.View(b.Context(), c.user)
				if err != nil {
					b.Fatal(err)
				}
				subs, err := v.Subscriptions(b.Context())
				if err != nil {
					b.Fatal(err)
				}
				counts, err := v.Counts(b.Context(), subs)
				if err != nil {
					b.Fatal(err)
				}
				total = counts.Total
			}
			b.ReportMetric(float64(total), "unread")
		})
	}
}

// BenchmarkUnreadIDs: one page of 1,000 unread ids of the reading list (the
// call every app's sync starts with).
func BenchmarkUnreadIDs(b *testing.B) {
	for _, n := range []int{20_000, 200_000} {
		b.Run(fmt.Sprintf("stories=%d", n), func(b *testing.B) {
			c := loadCorpus(b, n)
			rd := &reading.Service{Store: c.db}
			v, err := rd.View(b.Context(), c.user)
			if err != nil {
				b.Fatal(err)
			}
			q := v.ReadingList()
			q.Unread, q.Collapse, q.Limit = true, true, 1000
			for b.Loop() {
				if _, _, err := c.db.ReaderStream(b.Context(), q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// makeTemp is where the corpora go: HERALD_READING_BENCH_DIR, kept for the
// next run, or a temporary directory removed at the end.
func makeTemp() (string, error) {
	if d := os.Getenv("HERALD_READING_BENCH_DIR"); d != "" {
		keep = true
		return d, os.MkdirAll(d, 0o755)
	}
	return os.MkdirTemp("", "herald-reading-bench-")
}

// keep says the corpora stay for the next run.
var keep bool

// TestMain closes and removes the benchmark corpora when the tests end.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, c := range corpora {
		c.db.Close()
	}
	if dir != "" && !keep {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}
