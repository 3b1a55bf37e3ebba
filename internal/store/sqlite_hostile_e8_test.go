package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/heraldnews/herald"
)

// TestHostileE8_BackupWhileWriting backs up a database with VACUUM INTO while
// a writer keeps storing batches of 10 stories: the backup opens as a healthy
// Herald database (integrity_check ok), holds only whole batches (one
// snapshot), at least what was committed before it began, and leaves no
// temporary, -wal or -shm file beside it.
func TestHostileE8_BackupWhileWriting(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "herald.db")
	db := openAt(t, path)
	ctx := t.Context()
	src := &herald.Source{URL: "https://backup.example/feed"}
	if err := db.CreateSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	storeBatch := func(b int) error {
		batch := make([]*herald.Story, 10)
		for i := range batch {
			batch[i] = loadStory(src.ID, fmt.Sprintf("b%d-%d", b, i))
		}
		_, errs := db.UpsertStories(ctx, batch)
		return errors.Join(errs...)
	}
	for b := range 20 {
		if err := storeBatch(b); err != nil {
			t.Fatal(err)
		}
	}
	stop, writing := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	var writeErr error
	wg.Go(func() {
		defer close(writing) // at the latest
		for b := 20; ; b++ {
			if b == 21 {
				writing <- struct{}{} // one batch stored beside the backup's start
			}
			select {
			case <-stop:
				return
			default:
			}
			if writeErr = storeBatch(b); writeErr != nil {
				return
			}
		}
	})

	backups := t.TempDir()
	dst := filepath.Join(backups, "herald-backup.db")
	<-writing
	size, err := Backup(ctx, path, dst)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}
	if writeErr != nil {
		t.Fatalf("the writer failed during the backup: %v", writeErr)
	}
	entries, err := os.ReadDir(backups)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "herald-backup.db" {
		t.Errorf("backup directory holds %v, want only herald-backup.db", entries)
	}
	if fi, err := os.Stat(dst); err != nil || fi.Size() != size {
		t.Errorf("Backup said %d bytes; the file: %v, %v", size, fi, err)
	}

	restored := openAt(t, dst)
	assertIntegrity(t, restored.r)
	var n int
	if err := restored.r.QueryRowContext(ctx, `SELECT count(*) FROM stories`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n < 200 || n%10 != 0 {
		t.Errorf("backup holds %d stories; want at least the 200 stored before it and whole batches of 10", n)
	}
	if _, err := restored.SourceByURL(ctx, src.URL); err != nil {
		t.Errorf("source missing from the backup: %v", err)
	}
}

// TestHostileE8_BackupRefusals: a backup never overwrites a file, and never
// creates the database it was asked to copy.
func TestHostileE8_BackupRefusals(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "herald.db")
	db := openAt(t, path)
	if err := db.CreateSource(t.Context(), &herald.Source{URL: "https://backup.example/feed"}); err != nil {
		t.Fatal(err)
	}
	existing := filepath.Join(dir, "precious.db")
	if err := os.WriteFile(existing, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, dst, code string
	}{
		{"existing destination", path, existing, herald.EINVALID},
		{"missing database", filepath.Join(dir, "missing.db"), filepath.Join(dir, "b1.db"), herald.ENOTFOUND},
		{"in-memory", ":memory:", filepath.Join(dir, "b2.db"), herald.EINVALID},
		{"query string", path + "?mode=ro", filepath.Join(dir, "b3.db"), herald.EINVALID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Backup(t.Context(), tc.path, tc.dst)
			if herald.ErrorCode(err) != tc.code {
				t.Fatalf("Backup(%s, %s) = %v, want code %s", tc.path, tc.dst, err, tc.code)
			}
		})
	}
	if b, _ := os.ReadFile(existing); string(b) != "keep me" {
		t.Errorf("the existing file was overwritten: %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Backup created the missing database: %v", err)
	}
}
