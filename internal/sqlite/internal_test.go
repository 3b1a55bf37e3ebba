package sqlite

import (
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/heraldnews/herald"
)

func TestReopenAppliesNothingTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald.db")
	for i := range 3 {
		db, err := Open(t.Context(), path)
		if err != nil {
			t.Fatalf("Open #%d: %v", i, err)
		}
		var n, distinct int
		err = db.r.QueryRowContext(t.Context(), `SELECT count(*), count(DISTINCT version) FROM schema_migrations`).Scan(&n, &distinct)
		if err != nil {
			t.Fatalf("count migrations: %v", err)
		}
		want, _ := loadMigrations(migrationFiles)
		if n != len(want) || distinct != n {
			t.Errorf("open #%d: %d migration rows (%d distinct), want %d", i, n, distinct, len(want))
		}
		if i == 0 {
			if err := db.CreateSource(t.Context(), &herald.Source{URL: "https://kept.example/feed"}); err != nil {
				t.Fatalf("CreateSource: %v", err)
			}
		}
		if _, err := db.SourceByURL(t.Context(), "https://kept.example/feed"); err != nil {
			t.Errorf("open #%d: data lost: %v", i, err)
		}
		if err := db.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}
}

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

func TestOpenInvalidPath(t *testing.T) {
	for _, path := range []string{"", "herald.db?mode=ro"} {
		_, err := Open(t.Context(), path)
		if herald.ErrorCode(err) != herald.EINVALID {
			t.Errorf("Open(%q) = %v, want EINVALID", path, err)
		}
	}
}

func TestLoadMigrations(t *testing.T) {
	tests := []struct {
		name    string
		files   fstest.MapFS
		want    []int
		wantErr bool
	}{
		{"ordered by number", fstest.MapFS{
			"migrations/0010_late.sql":  {Data: []byte("x")},
			"migrations/0002_next.sql":  {Data: []byte("y")},
			"migrations/0001_first.sql": {Data: []byte("z")},
		}, []int{1, 2, 10}, false},
		{"duplicate version", fstest.MapFS{
			"migrations/0001_a.sql": {Data: []byte("x")},
			"migrations/001_b.sql":  {Data: []byte("y")},
		}, nil, true},
		{"no number", fstest.MapFS{"migrations/init.sql": {Data: []byte("x")}}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := loadMigrations(tt.files)
			if (err != nil) != tt.wantErr {
				t.Fatalf("loadMigrations error = %v, wantErr %v", err, tt.wantErr)
			}
			var got []int
			for _, m := range ms {
				got = append(got, m.version)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("versions = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("versions = %v, want %v", got, tt.want)
				}
			}
		})
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

func TestCursor(t *testing.T) {
	for _, c := range []cursor{{at: 0, id: 1}, {at: -62135596800000, id: 7}, {at: 1740830400000, id: 1 << 62}} {
		got, ok, err := parseCursor(c.String())
		if err != nil || !ok || got != c {
			t.Errorf("parseCursor(%v.String()) = %v, %v, %v", c, got, ok, err)
		}
	}
	if _, ok, err := parseCursor(""); ok || err != nil {
		t.Errorf(`parseCursor("") = %v, %v; want no cursor, no error`, ok, err)
	}
}

// FuzzCursor checks that parseCursor never panics and that what it accepts
// encodes back to a cursor it reads the same.
func FuzzCursor(f *testing.F) {
	f.Add(cursor{at: 1, id: 2}.String())
	f.Add("MTo")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		c, ok, err := parseCursor(s)
		if err != nil {
			if herald.ErrorCode(err) != herald.EINVALID {
				t.Fatalf("parseCursor(%q) error %v is not EINVALID", s, err)
			}
			return
		}
		if !ok {
			return
		}
		again, _, err := parseCursor(c.String())
		if err != nil || again != c {
			t.Fatalf("round trip of %v: %v, %v", c, again, err)
		}
	})
}
