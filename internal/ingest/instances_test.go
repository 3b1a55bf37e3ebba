package ingest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/analyze"
	"github.com/heraldnews/herald/internal/fetch"
	"github.com/heraldnews/herald/internal/store"
	"github.com/heraldnews/herald/internal/storetest"
	"github.com/heraldnews/herald/internal/topic"
)

// Several Herald instances on one database: each due source is fetched by
// exactly one of them, no story is stored twice, and the sources an instance
// had claimed when it was killed are fetched by another once its claims
// lapse.

const (
	instanceFeeds = 200
	feedItems     = 3
)

// publisher serves feeds /f/0 … /f/N-1 of feedItems items each and counts
// the fetches of each feed that it answered in full, and when it first did.
// hold, while it is open, keeps every request waiting (an instance killed
// mid-fetch).
type publisher struct {
	srv      *httptest.Server
	fetches  [instanceFeeds]atomic.Int32
	answered [instanceFeeds]atomic.Int64 // unix nanoseconds of the first full answer
	started  atomic.Int32                // requests received, answered or not
	waiting  atomic.Int32                // requests held right now
	hold     chan struct{}
}

// newPublisher starts a publisher; held makes it hold requests until
// p.hold is closed.
func newPublisher(t *testing.T, held bool) *publisher {
	p := &publisher{hold: make(chan struct{})}
	if !held {
		close(p.hold)
	}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/f/"))
		if err != nil || n < 0 || n >= instanceFeeds {
			http.NotFound(w, r)
			return
		}
		p.started.Add(1)
		p.waiting.Add(1)
		select {
		case <-p.hold:
			p.waiting.Add(-1)
		case <-r.Context().Done():
			p.waiting.Add(-1)
			return
		}
		p.fetches[n].Add(1)
		p.answered[n].CompareAndSwap(0, time.Now().UnixNano())
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed %d</title><link>%s</link>`, n, p.srv.URL)
		for i := range feedItems {
			fmt.Fprintf(w, `<item><title>Story %d of feed %d</title><link>%s/s/%d/%d</link><guid>f%d-s%d</guid>
				<pubDate>%s</pubDate><description>The harvest in region %d went well, officials said.</description></item>`,
				i, n, p.srv.URL, n, i, n, i, time.Now().Add(-time.Hour).UTC().Format(time.RFC1123Z), n*10+i)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	t.Cleanup(p.srv.Close)
	return p
}

// instance opens its own store connection to url and a pipeline named name,
// as a separate Herald process would.
func instance(t *testing.T, url, name string, lease time.Duration) (*Pipeline, *store.DB) {
	t.Helper()
	db, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	an := analyze.New(nil, topic.NewResolver(topic.Options{}), nil)
	p := New(db, fetch.New(fetch.Options{AllowNetworks: loopback, Timeout: 30 * time.Second}), an, log,
		Options{AllowNetworks: loopback, Instance: name, ClaimLease: lease, Workers: 4})
	return p, db
}

// instanceDatabases runs fn with a database URL of each kind.
func instanceDatabases(t *testing.T, fn func(t *testing.T, url string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "herald.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, storetest.PostgresURL(t)) })
}

// addFeeds adds the publisher's feeds through p.
func addFeeds(t *testing.T, p *Pipeline, pub *publisher) {
	t.Helper()
	for n := range instanceFeeds {
		if _, err := p.AddSource(t.Context(), fmt.Sprintf("%s/f/%d", pub.srv.URL, n)); err != nil {
			t.Fatal(err)
		}
	}
}

// checkStories fails t unless every item of every feed is stored once.
func checkStories(t *testing.T, db *store.DB) {
	t.Helper()
	seen := map[string]int{}
	cur := ""
	for {
		page, err := db.Stories(t.Context(), herald.StoryFilter{Limit: 200, Cursor: cur})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page.Items {
			seen[s.ExternalID]++
		}
		if cur = page.NextCursor; cur == "" {
			break
		}
	}
	if len(seen) != instanceFeeds*feedItems {
		t.Errorf("%d distinct stories stored, want %d", len(seen), instanceFeeds*feedItems)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("story %s stored %d times", id, n)
		}
	}
}

func TestInstancesFetchEachDueSourceOnce(t *testing.T) {
	instanceDatabases(t, func(t *testing.T, url string) {
		pub := newPublisher(t, false)
		var pipes []*Pipeline
		var db *store.DB
		for _, name := range []string{"a", "b", "c"} {
			p, d := instance(t, url, name, time.Minute)
			pipes, db = append(pipes, p), d
		}
		addFeeds(t, pipes[0], pub)
		var wg sync.WaitGroup
		stats := make([]Stats, len(pipes))
		for i, p := range pipes {
			wg.Go(func() {
				var err error
				if stats[i], err = p.RefreshDue(t.Context(), false); err != nil {
					t.Errorf("instance %d: %v", i, err)
				}
			})
		}
		wg.Wait()
		total, busy := 0, 0
		for _, st := range stats {
			total += st.Sources
			if st.Sources > 0 {
				busy++
			}
		}
		// SQLite's busy handler is not fair between processes, so one
		// instance may fetch the whole round there; PostgreSQL's claims
		// interleave.
		if total != instanceFeeds || (busy < 2 && !strings.HasSuffix(t.Name(), "sqlite")) {
			t.Errorf("instances fetched %v sources (%d in all, %d instances busy); want %d shared", stats, total, busy, instanceFeeds)
		}
		for n := range instanceFeeds {
			if got := pub.fetches[n].Load(); got != 1 {
				t.Errorf("feed %d fetched %d times in one due period, want 1", n, got)
			}
		}
		checkStories(t, db)
		srcs, err := db.Sources(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range srcs {
			if s.LastFetchedBy == "" {
				t.Errorf("source %d: no instance recorded as its fetcher", s.ID)
			}
		}
		// A second round right away finds nothing due.
		for _, p := range pipes {
			if st, err := p.RefreshDue(t.Context(), false); err != nil || st.Sources != 0 {
				t.Errorf("second round = %+v, %v; want nothing due", st, err)
			}
		}
	})
}

// The child process of TestKilledInstanceSourcesAreTakenOver runs when these
// are set: it refreshes as instance "doomed" until it is killed.
const (
	childDBEnv        = "HERALD_TEST_INSTANCE_DB"
	childPublisherEnv = "HERALD_TEST_INSTANCE_PUBLISHER"
)

func TestKilledInstanceSourcesAreTakenOver(t *testing.T) {
	if url := os.Getenv(childDBEnv); url != "" {
		doomedChild(t, url)
		return
	}
	instanceDatabases(t, func(t *testing.T, url string) {
		const lease = 2 * time.Second
		pub := newPublisher(t, true) // the doomed instance's fetches hang
		survivor, db := instance(t, url, "survivor", lease)
		addFeeds(t, survivor, pub)

		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledInstanceSourcesAreTakenOver$")
		cmd.Env = append(os.Environ(), childDBEnv+"="+url, childPublisherEnv+"="+pub.srv.URL)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		waitForLine(t, out, "refreshing")
		deadline := time.Now().Add(30 * time.Second)
		for pub.started.Load() < 2 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if pub.started.Load() < 2 {
			t.Fatalf("the doomed instance started %d fetches, want 2", pub.started.Load())
		}
		cmd.Process.Kill() // mid-refresh: its claims stay in the database
		cmd.Wait()
		for pub.waiting.Load() > 0 { // the server sees the dead connections close
			time.Sleep(5 * time.Millisecond)
		}
		claims, err := db.Claims(t.Context(), "doomed")
		if err != nil {
			t.Fatal(err)
		}
		if len(claims) == 0 {
			t.Fatal("the killed instance left no claims: nothing to take over")
		}
		close(pub.hold)

		for end := time.Now().Add(90 * time.Second); !allFetched(pub) && time.Now().Before(end); {
			if _, err := survivor.RefreshDue(t.Context(), false); err != nil {
				t.Fatal(err)
			}
			time.Sleep(50 * time.Millisecond)
		}
		if !allFetched(pub) {
			t.Fatal("some feeds were never fetched")
		}
		for n := range instanceFeeds {
			if got := pub.fetches[n].Load(); got != 1 {
				t.Errorf("feed %d answered %d times, want once", n, got)
			}
		}
		var slowest time.Duration
		for _, c := range claims {
			n := feedNumber(t, db, c.SourceID)
			at := time.Unix(0, pub.answered[n].Load())
			if at.Before(c.Until) {
				t.Errorf("feed %d, claimed by the dead instance until %v, was fetched at %v, before its lease ran out", n, c.Until, at)
			}
			slowest = max(slowest, at.Sub(c.Until))
		}
		if slowest > 10*time.Second {
			t.Errorf("the dead instance's sources were fetched up to %v after their leases ran out", slowest)
		}
		checkStories(t, db)
		t.Logf("the killed instance held %d claims; another instance fetched each within %v of its lease's end",
			len(claims), slowest.Round(time.Millisecond))
	})
}

// feedNumber returns the publisher's number of source id's feed.
func feedNumber(t *testing.T, db *store.DB, id int64) int {
	t.Helper()
	src, err := db.Source(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(src.URL[strings.LastIndex(src.URL, "/")+1:])
	if err != nil {
		t.Fatalf("source %d: %v", id, err)
	}
	return n
}

// doomedChild refreshes every due source as instance "doomed", four at a
// time, and never returns normally: the parent kills it.
func doomedChild(t *testing.T, url string) {
	p, _ := instance(t, url, "doomed", 2*time.Second)
	fmt.Println("refreshing")
	p.RefreshDue(context.Background(), false)
	select {}
}

// waitForLine reads r until a line equals want.
func waitForLine(t *testing.T, r io.Reader, want string) {
	t.Helper()
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if sc.Text() == want {
			go io.Copy(io.Discard, r)
			return
		}
	}
	t.Fatalf("child ended before saying %q: %v", want, sc.Err())
}

// allFetched reports whether every feed was answered at least once.
func allFetched(pub *publisher) bool {
	for n := range instanceFeeds {
		if pub.fetches[n].Load() == 0 {
			return false
		}
	}
	return true
}
