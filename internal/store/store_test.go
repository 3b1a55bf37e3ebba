package store

import (
	"net/url"
	"path/filepath"
	"testing"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetest"
)

// openTemp opens an SQLite store in a fresh file under t.TempDir.
func openTemp(t testing.TB) *DB {
	t.Helper()
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "herald.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

// postgresURL returns the server the tests use, skipping t when there is none.
func postgresURL(t testing.TB) string { return storetest.PostgresServer(t) }

// freshSchema returns the URL of a new schema, dropped when t ends.
func freshSchema(t testing.TB) string { return storetest.PostgresURL(t) }

// openFresh opens a PostgreSQL store in a new schema, closed when t ends.
func openFresh(t testing.TB) *DB {
	t.Helper()
	db, err := Open(t.Context(), freshSchema(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// eachDialect runs fn against a fresh store of each dialect this machine can
// test: SQLite always, PostgreSQL when HERALD_TEST_POSTGRES_URL is set.
func eachDialect(t *testing.T, fn func(t *testing.T, db *DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, openTemp(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, openFresh(t)) })
}

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) herald.Store { return openTemp(t) })
}

func TestSQLiteInMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) herald.Store {
		db, err := Open(t.Context(), ":memory:")
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	})
}

func TestPostgres(t *testing.T) {
	postgresURL(t)
	storetest.Run(t, func(t *testing.T) herald.Store { return openFresh(t) })
}

func TestOpenErrors(t *testing.T) {
	for _, path := range []string{"", "herald.db?mode=ro", "postgres://%zz"} {
		if _, err := Open(t.Context(), path); herald.ErrorCode(err) != herald.EINVALID {
			t.Errorf("Open(%q) = %v, want EINVALID", path, err)
		}
	}
	noSchema := storetest.WithSearchPath(t, postgresURL(t), "herald_no_such_schema")
	if _, err := Open(t.Context(), noSchema); err == nil {
		t.Error("Open with a search_path naming no schema succeeded")
	}
	u, _ := url.Parse(noSchema)
	u.Host = "127.0.0.1:1"
	if _, err := Open(t.Context(), u.String()); herald.ErrorCode(err) != herald.EUNAVAILABLE {
		t.Errorf("Open(a closed port) = %v, want EUNAVAILABLE", err)
	}
}

// TestBadTextIsInvalid: a NUL byte in a lookup is a bad request, never a 500.
func TestBadTextIsInvalid(t *testing.T) {
	db := openFresh(t)
	if _, err := db.TopicBySlug(t.Context(), "a\x00b"); herald.ErrorCode(err) != herald.EINVALID {
		t.Errorf("TopicBySlug with NUL = %v, want EINVALID", err)
	}
}
