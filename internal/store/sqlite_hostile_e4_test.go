package store

import (
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	sqlite3 "modernc.org/sqlite/lib"
)

// TestHostileE4_NoBusyUnderLoad: the background refresh of `herald serve`
// stores 1,000 stories in ingest batches while a reader of the same process
// marks 500 stories read, follows, unfollows and mutes topics, signs in, and
// pages through the feed; meanwhile a second store on the same file (a short
// `herald source add` / `herald refresh` process) writes a little too. No call
// may fail, in particular not with SQLITE_BUSY ("database is locked"): in one
// process writes queue for the single writer connection, across processes
// BEGIN IMMEDIATE waits up to busy_timeout.
//
// Not covered, and documented in docs/hostile-cases.md: two processes that
// both write back to back for longer than busy_timeout (5 s) can starve each
// other; SQLite's busy handler polls and is not fair.
func TestHostileE4_NoBusyUnderLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald.db")
	serve := openAt(t, path)
	cli := openAt(t, path) // another process's store: its own writer connection
	ctx := t.Context()

	src := &herald.Source{URL: "https://load.example/feed"}
	if err := serve.CreateSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	u := &herald.User{Name: "reader", PasswordHash: "x"}
	if err := serve.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	var seeded []int64
	for start := 0; start < 500; start += 100 {
		batch := make([]*herald.Story, 100)
		for i := range batch {
			batch[i] = loadStory(src.ID, fmt.Sprintf("seed-%d", start+i))
		}
		if _, errs := serve.UpsertStories(ctx, batch); errors.Join(errs...) != nil {
			t.Fatal(errors.Join(errs...))
		}
		for _, st := range batch {
			seeded = append(seeded, st.ID)
		}
	}

	var wg sync.WaitGroup
	errs := make(chan error, 4096)
	report := func(what string, err error) {
		if err != nil {
			errs <- fmt.Errorf("%s: %w", what, err)
		}
	}
	wg.Go(func() { // the refresh: 1,000 stories in batches of 32, and the source's fetch status
		for start := 0; start < 1000; start += 32 {
			batch := make([]*herald.Story, 0, 32)
			for i := start; i < min(start+32, 1000); i++ {
				batch = append(batch, loadStory(src.ID, fmt.Sprintf("fresh-%d", i)))
			}
			_, batchErrs := serve.UpsertStories(ctx, batch)
			report("refresh batch", errors.Join(batchErrs...))
			report("record fetch", serve.RecordFetch(ctx, herald.FetchResult{SourceID: src.ID, FetchedAt: time.Now(),
				NextFetchAt: time.Now().Add(time.Hour), Interval: time.Hour}))
		}
	})
	wg.Go(func() { // the other process adds a source and stores one feed's stories
		other := &herald.Source{URL: "https://cli.example/feed"}
		report("cli source add", cli.CreateSource(ctx, other))
		for b := range 3 {
			batch := make([]*herald.Story, 0, 32)
			for i := range 32 {
				batch = append(batch, loadStory(other.ID, fmt.Sprintf("cli-%d-%d", b, i)))
			}
			_, batchErrs := cli.UpsertStories(ctx, batch)
			report("cli batch", errors.Join(batchErrs...))
		}
	})
	wg.Go(func() { // the reader marks 500 stories read, one request each
		for _, id := range seeded {
			report("mark read", serve.RecordEvents(ctx, u.ID, []herald.Event{{StoryID: id, Kind: "read", DwellMS: 1200}}))
		}
	})
	wg.Go(func() { // and follows, unfollows, mutes, signs in
		for i := range 50 {
			slug := fmt.Sprintf("topic-%d", i%10)
			report("follow", serve.FollowTopic(ctx, u.ID, slug))
			report("mute", serve.MuteTopic(ctx, u.ID, fmt.Sprintf("topic-%d", (i+5)%10), time.Now().Add(time.Hour)))
			report("unfollow", serve.UnfollowTopic(ctx, u.ID, slug))
			report("session", serve.CreateSession(ctx, &herald.Session{IDHash: fmt.Sprintf("s%d", i), UserID: u.ID,
				CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}))
		}
	})
	wg.Go(func() { // while pages are read
		for range 30 {
			_, _, err := serve.FeedCandidates(ctx, herald.FeedQuery{UserID: u.ID, Now: time.Now()})
			report("feed", err)
			_, err = serve.Stories(ctx, herald.StoryFilter{Query: "harvest"})
			report("search", err)
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		if sqliteCode(err)&0xff == sqlite3.SQLITE_BUSY {
			t.Errorf("SQLITE_BUSY surfaced: %v", err)
		} else {
			t.Error(err)
		}
	}
	var stories, events int
	if err := serve.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM stories), (SELECT count(*) FROM events)`).Scan(&stories, &events); err != nil {
		t.Fatal(err)
	}
	if stories != 1500+3*32 || events != 500 {
		t.Errorf("%d stories and %d events, want %d and 500", stories, events, 1500+3*32)
	}
}

// TestHostileE4_WritersBeginImmediate: the store's write transactions take
// the write lock at BEGIN (BEGIN IMMEDIATE), so a transaction never reads under
// a shared lock and then fails to upgrade with SQLITE_BUSY, which the busy
// handler does not retry. A bare connection with no busy timeout proves the
// lock is held from the start; the store's own writer waits for it instead.
func TestHostileE4_WritersBeginImmediate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald.db")
	a := openAt(t, path)
	b := openAt(t, path)
	ctx := t.Context()
	tx, err := a.w.BeginTx(ctx, nil) // what every write of the store starts with; nothing written yet
	if err != nil {
		t.Fatal(err)
	}
	bare, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer bare.Close()
	bare.SetMaxOpenConns(1)
	_, err = bare.ExecContext(ctx, `BEGIN IMMEDIATE`)
	if sqliteCode(err)&0xff != sqlite3.SQLITE_BUSY {
		t.Fatalf("BEGIN IMMEDIATE beside an open store transaction = %v, want SQLITE_BUSY: the store's BEGIN took no write lock", err)
	}

	done := make(chan error, 1)
	go func() { done <- b.CreateSource(ctx, &herald.Source{URL: "https://waits.example/feed"}) }()
	time.Sleep(50 * time.Millisecond) // let b reach SQLite's busy handler (not asserted)
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the second store's write failed instead of waiting: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the second store's write never finished")
	}
}

// openAt opens the store at path, closed when t ends.
func openAt(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func loadStory(src int64, ext string) *herald.Story {
	return &herald.Story{SourceID: src, ExternalID: ext, Title: "Harvest " + ext,
		ContentHTML: "<p>The harvest came in early across the northern valleys this year.</p>",
		PublishedAt: time.Now().Add(-time.Hour),
		Topics:      []herald.StoryTopic{{Topic: herald.Topic{Slug: "topic-" + ext[len(ext)-1:]}, Salience: 0.5}}}
}
