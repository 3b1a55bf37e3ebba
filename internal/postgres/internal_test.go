package postgres

import (
	"sync"
	"testing"

	"github.com/heraldnews/herald"
)

func TestConcurrentOpenMigratesOnce(t *testing.T) {
	url := freshSchema(t)
	const instances = 6
	var wg sync.WaitGroup
	dbs := make([]*DB, instances)
	errs := make([]error, instances)
	for i := range instances {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dbs[i], errs[i] = Open(t.Context(), url)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Open #%d: %v", i, err)
		}
		defer dbs[i].Close()
	}
	want, err := loadMigrations(migrationFiles)
	if err != nil {
		t.Fatal(err)
	}
	var n, distinct int
	err = dbs[0].pool.QueryRow(t.Context(), `SELECT count(*), count(DISTINCT version) FROM schema_migrations`).Scan(&n, &distinct)
	if err != nil {
		t.Fatalf("count migrations: %v", err)
	}
	if n != len(want) || distinct != n {
		t.Errorf("%d migration rows (%d distinct), want %d", n, distinct, len(want))
	}
	if err := dbs[1].CreateSource(t.Context(), &herald.Source{URL: "https://example.org/feed"}); err != nil {
		t.Fatalf("CreateSource: %v", err)
	}
	if _, err := dbs[2].SourceByURL(t.Context(), "https://example.org/feed"); err != nil {
		t.Errorf("instances do not share the schema: %v", err)
	}
}

func TestReopenKeepsData(t *testing.T) {
	url := freshSchema(t)
	for i := range 3 {
		db, err := Open(t.Context(), url)
		if err != nil {
			t.Fatalf("Open #%d: %v", i, err)
		}
		if i == 0 {
			if err := db.CreateUser(t.Context(), &herald.User{Name: "ada"}); err != nil {
				t.Fatalf("CreateUser: %v", err)
			}
		}
		if _, err := db.UserByName(t.Context(), "ada"); err != nil {
			t.Errorf("open #%d: data lost: %v", i, err)
		}
		db.Close()
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := Open(t.Context(), "postgres://%zz"); herald.ErrorCode(err) != herald.EINVALID {
		t.Errorf("Open(malformed url) = %v, want EINVALID", err)
	}
	base := testURL(t)
	if _, err := Open(t.Context(), withSearchPath(t, base, "herald_no_such_schema")); err == nil {
		t.Error("Open with a search_path naming no schema succeeded")
	}
}

func TestNulInLookupIsInvalid(t *testing.T) {
	db := openFresh(t)
	_, err := db.TopicBySlug(t.Context(), "a\x00b")
	if herald.ErrorCode(err) != herald.EINVALID {
		t.Errorf("TopicBySlug with NUL = %v, want EINVALID", err)
	}
}

func TestCursor(t *testing.T) {
	for _, c := range []cursor{{at: 0, id: 1}, {at: -62135596800000000, id: 7}, {at: 1740830400000000, id: 1 << 62}} {
		got, ok, err := parseCursor(c.String())
		if err != nil || !ok || got != c {
			t.Errorf("parseCursor(%v.String()) = %v, %v, %v", c, got, ok, err)
		}
	}
}
