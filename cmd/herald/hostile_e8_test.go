package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/store"
)

// runCode runs one CLI command in-process and returns its exit code and output.
func runCode(args ...string) (code int, stdout, stderr string) {
	var out, errOut syncBuffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: noEnv}
	code = run(context.Background(), e, args)
	return code, out.String(), errOut.String()
}

// TestHostileE8_BackupCommand: `herald backup FILE` writes a copy of the SQLite
// database that opens with its data, refuses to overwrite, and for PostgreSQL
// points to pg_dump without printing the password.
func TestHostileE8_BackupCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "data", "herald.db")
	if _, _, errOut := runCode("backup", "--db", path, filepath.Join(dir, "none.db")); !strings.Contains(errOut, "no SQLite database") {
		t.Errorf("backup of a missing database: stderr %q, want it to say there is none", errOut)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateSource(t.Context(), &herald.Source{URL: "https://backup.example/feed"}); err != nil {
		t.Fatal(err)
	}
	defer db.Close() // the store stays open, as under `herald serve`

	dst := filepath.Join(dir, "backup.db")
	code, out, errOut := runCode("backup", dst, "--data", filepath.Join(dir, "data"))
	if code != 0 || !strings.Contains(out, "backed up "+path+" to "+dst) {
		t.Fatalf("herald backup: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	restored, err := store.Open(t.Context(), dst)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if _, err := restored.SourceByURL(t.Context(), "https://backup.example/feed"); err != nil {
		t.Errorf("the backup lacks the source: %v", err)
	}

	if code, _, errOut := runCode("backup", "--db", path, dst); code != 1 || !strings.Contains(errOut, "exists") {
		t.Errorf("second backup to the same file: exit %d, stderr %q; want 1 and a refusal to overwrite", code, errOut)
	}
	code, _, errOut = runCode("backup", "--db", "postgres://herald:s3cret@db.example:5432/herald", "herald.dump")
	if code != 1 || !strings.Contains(errOut, "pg_dump --format=custom --file=herald.dump") || strings.Contains(errOut, "s3cret") {
		t.Errorf("PostgreSQL backup: exit %d, stderr %q; want 1, a pg_dump command line and no password", code, errOut)
	}
	if code, _, _ := runCode("backup"); code != 2 {
		t.Errorf("backup without FILE: exit %d, want 2", code)
	}
}
