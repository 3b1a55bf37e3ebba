package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"time"
)

// WAL checkpointing (hostile-cases E7).
//
// SQLite copies the WAL back into the database by itself every 1000 pages
// (wal_autocheckpoint), but a checkpoint cannot go past the snapshot of a read
// transaction that is still open, so a long read lets the WAL grow for as long
// as it lasts, and the file keeps its largest size afterwards. The
// checkpointer bounds it: every checkpointEvery it looks at the WAL file and,
// when it is over walLimit, checkpoints in two steps on a connection of its
// own that never waits for a lock (busy_timeout 0). PASSIVE copies what it can
// without blocking anybody; TRUNCATE then holds the write lock only to copy
// the few frames written meanwhile and truncate the file to zero bytes. While
// a reader still holds an old snapshot, or a writer is busy, TRUNCATE gives up
// at once and the next tick tries again; the store's writer is never kept
// waiting for long.
const (
	checkpointEvery = time.Minute
	walLimit        = 8 << 20 // twice what wal_autocheckpoint lets the WAL reach
)

// checkpointer is the store's WAL checkpointing goroutine and its connection.
type checkpointer struct {
	c      *sql.DB // one connection, busy_timeout 0
	wal    string  // path of the -wal file
	cancel context.CancelFunc
	done   chan struct{} // closed when run returns
}

// startCheckpointer opens the checkpoint connection to the database at path
// and starts checking the WAL every interval.
func startCheckpointer(ctx context.Context, path string, every time.Duration) (*checkpointer, error) {
	c, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(0)")
	if err != nil {
		return nil, err
	}
	c.SetMaxOpenConns(1)
	c.SetMaxIdleConns(1)
	c.SetConnMaxLifetime(0)
	c.SetConnMaxIdleTime(0)
	if err := c.PingContext(ctx); err != nil {
		c.Close()
		return nil, err
	}
	loop, cancel := context.WithCancel(context.Background())
	cp := &checkpointer{c: c, wal: path + "-wal", cancel: cancel, done: make(chan struct{})}
	go cp.run(loop, every)
	return cp, nil
}

// run checkpoints whenever the WAL is over walLimit at a tick, until ctx ends.
// A checkpoint that is busy or fails is simply retried at the next tick.
func (cp *checkpointer) run(ctx context.Context, every time.Duration) {
	defer close(cp.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if cp.walSize() > walLimit {
			cp.checkpoint(ctx)
		}
	}
}

// walSize returns the size of the WAL file in bytes, 0 when there is none.
func (cp *checkpointer) walSize() int64 {
	fi, err := os.Stat(cp.wal)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// checkpoint copies the WAL into the database and truncates it to zero bytes.
// busy reports that an open read transaction (or a writer) kept it from
// finishing; the WAL is then checkpointed as far as possible but not truncated.
func (cp *checkpointer) checkpoint(ctx context.Context) (busy bool, err error) {
	if _, err := cp.c.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`); err != nil {
		return false, fmt.Errorf("sqlite: passive checkpoint: %w", err)
	}
	var blocked, walFrames, done int
	if err := cp.c.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&blocked, &walFrames, &done); err != nil {
		return false, fmt.Errorf("sqlite: truncating checkpoint: %w", err)
	}
	return blocked != 0, nil
}

// close stops the goroutine, waits for it, and closes the connection.
func (cp *checkpointer) close() error {
	cp.cancel()
	<-cp.done
	return cp.c.Close()
}
