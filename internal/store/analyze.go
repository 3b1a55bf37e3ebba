package store

import (
	"context"
	"sync/atomic"
	"time"
)

// PostgreSQL plans the read path from table statistics. A table loaded in
// bulk while autovacuum is off (or has not caught up) has none, and the feed
// query's plan can then cost 100 times what it should. The store does not
// rely on autovacuum: after analyzeAfter new stories it runs ANALYZE on the
// tables the read path joins, in the background.
const (
	analyzeAfter = 10_000
	analyzeCheck = 5 * time.Second
)

// analyzer counts inserted stories and runs ANALYZE when enough arrived.
type analyzer struct {
	inserted atomic.Int64 // stories inserted since the last ANALYZE
}

// noteInserted counts n new stories.
func (db *DB) noteInserted(n int) {
	if db.stats != nil {
		db.stats.inserted.Add(int64(n))
	}
}

// startAnalyzer starts the background ANALYZE loop and returns its stop function.
func (db *DB) startAnalyzer() func() error {
	db.stats = &analyzer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(analyzeCheck)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if db.stats.inserted.Load() >= analyzeAfter {
				db.stats.inserted.Store(0)
				db.Analyze(ctx)
			}
		}
	}()
	return func() error {
		cancel()
		<-done
		return nil
	}
}

// Analyze refreshes the planner statistics of the tables the read path joins
// (PostgreSQL ANALYZE, SQLite PRAGMA optimize).
func (db *DB) Analyze(ctx context.Context) error {
	q := `ANALYZE stories, story_topics, topics, follows_topics, follows_sources, sources`
	if db.d.name == "sqlite" {
		q = `PRAGMA optimize`
	}
	if _, err := db.w.ExecContext(ctx, q); err != nil {
		return db.wrap(err, "analyze", "")
	}
	return nil
}
