package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// growWAL stores stories of about 64 KiB each, in batches, until the WAL file
// is over limit bytes, and returns how many it stored.
func growWAL(t *testing.T, db *DB, src int64, prefix string, limit int64) int {
	t.Helper()
	body := "<p>" + strings.Repeat("Harvest report from the northern valleys. ", 1600) + "</p>"
	n := 0
	for db.ckpt.walSize() <= limit {
		if n > 4000 {
			t.Fatalf("stored %d stories and the WAL is still %d bytes", n, db.ckpt.walSize())
		}
		batch := make([]*herald.Story, 16)
		for i := range batch {
			batch[i] = &herald.Story{SourceID: src, ExternalID: fmt.Sprintf("%s-%d", prefix, n), Title: "Harvest",
				ContentHTML: body, PublishedAt: time.Now().Add(-time.Hour)}
			n++
		}
		for _, err := range second(db.UpsertStories(t.Context(), batch)) {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return n
}

func second[A, B any](_ A, b B) B { return b }

// TestHostileE7_WALBoundedAfterLongReader: a read transaction held open while
// ingest writes keeps the WAL growing (SQLite cannot checkpoint past it, and a
// checkpoint then reports busy); once the reader ends, one checkpoint copies
// the WAL back and truncates it to zero bytes, and nothing is lost.
func TestHostileE7_WALBoundedAfterLongReader(t *testing.T) {
	ctx := t.Context()
	db, err := openSQLite(ctx, filepath.Join(t.TempDir(), "herald.db"), time.Hour) // no tick during the test
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	src := &herald.Source{URL: "https://wal.example/feed"}
	if err := db.CreateSource(ctx, src); err != nil {
		t.Fatal(err)
	}

	reader, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var before int
	if err := reader.QueryRowContext(ctx, `SELECT count(*) FROM stories`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	stored := growWAL(t, db, src.ID, "held", walLimit)

	busy, err := db.ckpt.checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !busy || db.ckpt.walSize() <= walLimit {
		t.Errorf("checkpoint under an open reader: busy %t, WAL %d bytes; want busy and the WAL kept", busy, db.ckpt.walSize())
	}
	var seen int
	if err := reader.QueryRowContext(ctx, `SELECT count(*) FROM stories`).Scan(&seen); err != nil || seen != before {
		t.Errorf("the reader's snapshot moved: %d stories, %v; want %d", seen, err, before)
	}
	if err := reader.Rollback(); err != nil {
		t.Fatal(err)
	}

	busy, err = db.ckpt.checkpoint(ctx)
	if err != nil || busy {
		t.Fatalf("checkpoint after the reader ended: busy %t, %v", busy, err)
	}
	if n := db.ckpt.walSize(); n != 0 {
		t.Errorf("WAL is %d bytes after a truncating checkpoint, want 0", n)
	}
	var total int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM stories`).Scan(&total); err != nil || total != stored {
		t.Errorf("%d stories, %v; want %d", total, err, stored)
	}
	assertIntegrity(t, db.r)
}

// TestHostileE7_CheckpointerTicks: the store's own checkpointer brings the WAL
// back under walLimit once the long reader is gone, and Close stops it.
func TestHostileE7_CheckpointerTicks(t *testing.T) {
	ctx := t.Context()
	db, err := openSQLite(ctx, filepath.Join(t.TempDir(), "herald.db"), 20*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	src := &herald.Source{URL: "https://wal.example/feed"}
	if err := db.CreateSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	reader, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := reader.QueryRowContext(ctx, `SELECT count(*) FROM stories`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	growWAL(t, db, src.ID, "ticks", walLimit)
	reader.Rollback()

	guard, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for db.ckpt.walSize() > walLimit {
		select {
		case <-guard.Done():
			t.Fatalf("WAL still %d bytes 30 s after the reader ended", db.ckpt.walSize())
		case <-time.After(10 * time.Millisecond):
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-db.ckpt.done:
	default:
		t.Error("Close returned with the checkpointer still running")
	}
}

// assertIntegrity fails t unless PRAGMA integrity_check reports ok.
func assertIntegrity(t *testing.T, q *sql.DB) {
	t.Helper()
	var res string
	if err := q.QueryRowContext(t.Context(), `PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v; want ok", res, err)
	}
}
