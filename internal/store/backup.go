package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/heraldnews/herald"
)

// Backup writes a consistent copy of the SQLite database at path to dst and
// returns its size in bytes. It uses VACUUM INTO, which reads one snapshot in
// one read transaction: writers, in this process or another, carry on
// meanwhile, and the copy holds every transaction committed before it began
// and none after. Copying the database file (with or without its -wal and
// -shm files) while Herald runs is never safe (hostile-cases E8).
//
// The copy is written to a temporary file beside dst, synced, checked with
// PRAGMA quick_check and only then given its name, so dst is either a whole
// backup or absent. Backup does not migrate or otherwise change the database.
// It returns EINVALID when path or dst is empty or holds '?', or when dst
// exists (a backup never overwrites), and ENOTFOUND when path does not exist.
func Backup(ctx context.Context, path, dst string) (int64, error) {
	for _, p := range []string{path, dst} {
		if p == "" || p == ":memory:" || strings.Contains(p, "?") {
			return 0, herald.Errorf(herald.EINVALID, "backup: %q is not a database file name", p)
		}
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return 0, herald.Errorf(herald.ENOTFOUND, "backup: no SQLite database at %s", path)
	}
	if _, err := os.Lstat(dst); err == nil {
		return 0, herald.Errorf(herald.EINVALID, "backup: %s exists; a backup never overwrites a file", dst)
	}
	tmp, err := tempName(dst)
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp)
	if err := vacuumInto(ctx, path, tmp); err != nil {
		return 0, fmt.Errorf("backup %s: %w", path, err)
	}
	if err := syncFile(tmp); err != nil {
		return 0, fmt.Errorf("backup %s: %w", path, err)
	}
	if err := quickCheck(ctx, tmp); err != nil {
		return 0, fmt.Errorf("backup %s: check the copy: %w", path, err)
	}
	if err := place(tmp, dst); err != nil {
		return 0, err
	}
	fi, err := os.Stat(dst)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// tempName returns an unused name in dst's directory.
func tempName(dst string) (string, error) {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp-"+hex.EncodeToString(b)), nil
}

// vacuumInto copies the database at path into the new file out.
func vacuumInto(ctx context.Context, path, out string) error {
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	_, err = db.ExecContext(ctx, `VACUUM INTO ?`, out)
	return err
}

// quickCheck runs PRAGMA quick_check on the database file at path.
func quickCheck(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", path+"?_pragma=query_only(1)")
	if err != nil {
		return err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return fmt.Errorf("quick_check: %s", res)
	}
	return nil
}

// place gives tmp the name dst without replacing a file that appeared there
// meanwhile (a hard link fails when dst exists), and syncs the directory.
func place(tmp, dst string) error {
	err := os.Link(tmp, dst)
	switch {
	case errors.Is(err, fs.ErrExist):
		return herald.Errorf(herald.EINVALID, "backup: %s exists; a backup never overwrites a file", dst)
	case err != nil: // a file system without hard links
		if err := os.Rename(tmp, dst); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	}
	return syncFile(filepath.Dir(dst))
}

// syncFile flushes a file or directory to stable storage.
func syncFile(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
