package store

import (
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/heraldnews/herald"
)

func TestLoadMigrations(t *testing.T) {
	tests := []struct {
		name    string
		files   fstest.MapFS
		want    []int
		wantErr bool
	}{
		{"ordered by number", fstest.MapFS{
			"0010_late.sql":  {Data: []byte("x")},
			"0002_next.sql":  {Data: []byte("y")},
			"0001_first.sql": {Data: []byte("z")},
		}, []int{1, 2, 10}, false},
		{"duplicate version", fstest.MapFS{
			"0001_a.sql": {Data: []byte("x")},
			"001_b.sql":  {Data: []byte("y")},
		}, nil, true},
		{"no number", fstest.MapFS{"init.sql": {Data: []byte("x")}}, nil, true},
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

// TestConcurrentOpenMigratesOnce opens one database from six goroutines at
// once, as instances starting together do: every migration is applied once
// and all of them see one schema.
func TestConcurrentOpenMigratesOnce(t *testing.T) {
	for name, url := range map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "herald.db") },
		"postgres": func(t *testing.T) string { return freshSchema(t) },
	} {
		t.Run(name, func(t *testing.T) {
			u := url(t)
			const instances = 6
			var wg sync.WaitGroup
			dbs := make([]*DB, instances)
			errs := make([]error, instances)
			for i := range instances {
				wg.Go(func() { dbs[i], errs[i] = Open(t.Context(), u) })
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Fatalf("Open #%d: %v", i, err)
				}
				defer dbs[i].Close()
			}
			want, err := dialectMigrations(dbs[0].d)
			if err != nil {
				t.Fatal(err)
			}
			var n, distinct int
			err = dbs[0].queryRow(t.Context(), `SELECT count(*), count(DISTINCT version) FROM schema_migrations`).Scan(&n, &distinct)
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
				t.Errorf("instances do not share the database: %v", err)
			}
		})
	}
}

func TestReopenKeepsDataAndAppliesNothingTwice(t *testing.T) {
	for name, url := range map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "herald.db") },
		"postgres": func(t *testing.T) string { return freshSchema(t) },
	} {
		t.Run(name, func(t *testing.T) {
			u := url(t)
			for i := range 3 {
				db, err := Open(t.Context(), u)
				if err != nil {
					t.Fatalf("Open #%d: %v", i, err)
				}
				var n int
				if err := db.queryRow(t.Context(), `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if want, _ := dialectMigrations(db.d); n != len(want) {
					t.Errorf("open #%d: %d migration rows, want %d", i, n, len(want))
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
		})
	}
}
