package store

import (
	"context"
	"database/sql"
	"errors"
	"modernc.org/sqlite"
	"testing"

	"github.com/heraldnews/herald"
)

func TestPragmas(t *testing.T) {
	db := openTemp(t)
	check := func(name, pragma, want string) {
		t.Helper()
		for pool, conn := range map[string]querier{"writer": db.w, "reader": db.r} {
			rows, err := conn.QueryContext(t.Context(), "PRAGMA "+pragma)
			if err != nil {
				t.Fatalf("%s PRAGMA %s: %v", pool, pragma, err)
			}
			var got string
			if rows.Next() {
				rows.Scan(&got)
			}
			rows.Close()
			if got != want {
				t.Errorf("%s: %s = %q, want %q", pool, name, got, want)
			}
		}
	}
	check("journal mode", "journal_mode", "wal")
	check("foreign keys", "foreign_keys", "1")
	check("busy timeout", "busy_timeout", "30000")
	check("synchronous FULL", "synchronous", "2")
	if _, err := db.r.ExecContext(t.Context(), `DELETE FROM sources`); err == nil {
		t.Error("reader pool accepted a write")
	}
}

func TestFTSQuery(t *testing.T) {
	tests := []struct {
		in, want string
		negate   bool
	}{
		{"", "", false},
		{"   ", "", false},
		{"korea", `"korea"`, false},
		{"north korea", `"north" AND "korea"`, false},
		{`"north korea" summit`, `"north korea" AND "summit"`, false},
		{`say "hi`, `"say" AND "hi"`, false},
		{"tokyo or osaka", `"tokyo" OR "osaka"`, false},
		{"a b OR c", `"a" AND "b" OR "c"`, false},
		{"or tokyo or", `"tokyo"`, false},
		{`"or"`, `"or"`, false},
		{"canton -spring", `("canton") NOT "spring"`, false},
		{"-spring -summer", `"spring" OR "summer"`, true},
		{`a"b`, `"a""b"`, false},
		{"NEAR(a b)", `"NEAR(a" AND "b)"`, false},
		{"!!! ---", "", false},
		{"title:x", `"title:x"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, negate := ftsQuery(tt.in)
			if got != tt.want || negate != tt.negate {
				t.Errorf("ftsQuery(%q) = %q, %v; want %q, %v", tt.in, got, negate, tt.want, tt.negate)
			}
		})
	}
}

// FuzzSearch checks that no search input makes SQLite fail.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"korea", `"a b" -c or d`, `"`, "NEAR(", "a*", "\x00", "-", `"" ""`, "^a", "a:b"} {
		f.Add(s)
	}
	db, err := Open(f.Context(), ":memory:")
	if err != nil {
		f.Fatalf("Open: %v", err)
	}
	defer db.Close()
	src := &herald.Source{URL: "https://example.org/feed"}
	if err := db.CreateSource(f.Context(), src); err != nil {
		f.Fatal(err)
	}
	st := &herald.Story{SourceID: src.ID, ExternalID: "1", Title: "North Korea summit", Summary: "<p>Leaders met in Pyongyang.</p>"}
	if _, err := db.UpsertStory(f.Context(), st); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := db.Stories(t.Context(), herald.StoryFilter{Query: q}); err != nil {
			t.Fatalf("Stories(Query %q): %v", q, err)
		}
	})
}

// sqliteCode returns the extended result code of a SQLite error, or 0.
func sqliteCode(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return 0
}

// querier is what both pools offer for reading.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}
