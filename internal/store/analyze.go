package store

import (
	"context"

	"strings"
	"time"
)

// PostgreSQL plans the read path from table statistics. A table loaded in
// bulk while autovacuum is off (or has not caught up) has none, and a plan
// built without them can cost a hundred times what it should. The store does
// not rely on autovacuum: it watches PostgreSQL's own count of rows changed
// since each table's last ANALYZE (by every process sharing the database)
// and analyzes a table once that count passes a tenth of its rows (at least
// analyzeMinRows), in the background; a large write wakes it at once.
const (
	analyzeCheck   = 5 * time.Second
	analyzeMinRows = 500
)

// analyzedTables are the tables the read path joins.
var analyzedTables = []string{"stories", "story_topics", "topics", "sources", "follows_topics",
	"follows_sources", "story_states", "users", "tokens", "sessions"}

// analyzer wakes the ANALYZE loop early after large writes.
type analyzer struct {
	kick chan struct{}
}

// noteInserted tells the analyzer that n stories were just inserted.
func (db *DB) noteInserted(n int) {
	if db.stats != nil && n >= analyzeMinRows {
		select {
		case db.stats.kick <- struct{}{}:
		default:
		}
	}
}

// startAnalyzer starts the background ANALYZE loop and returns its stop function.
func (db *DB) startAnalyzer() func() error {
	db.stats = &analyzer{kick: make(chan struct{}, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(analyzeCheck)
		defer t.Stop()
		for {
			db.analyzeStale(ctx)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			case <-db.stats.kick:
			}
		}
	}()
	return func() error {
		cancel()
		<-done
		return nil
	}
}

// analyzeStale analyzes the tables whose statistics are stale or missing.
func (db *DB) analyzeStale(ctx context.Context) {
	rows, err := db.r.QueryContext(ctx, `SELECT relname FROM pg_stat_user_tables
		WHERE schemaname = current_schema() AND relname = ANY($1)
		AND (n_mod_since_analyze > greatest($2, n_live_tup / 10)
			OR (last_analyze IS NULL AND last_autoanalyze IS NULL AND n_live_tup > 0))`,
		analyzedTables, analyzeMinRows)
	if err != nil {
		return
	}
	var stale []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil {
			stale = append(stale, name)
		}
	}
	rows.Close()
	if len(stale) > 0 {
		db.w.ExecContext(ctx, `ANALYZE `+strings.Join(stale, ", "))
	}
}

// Analyze refreshes the planner statistics of the tables the read path joins
// (PostgreSQL ANALYZE, SQLite PRAGMA optimize), at once.
func (db *DB) Analyze(ctx context.Context) error {
	q := `ANALYZE ` + strings.Join(analyzedTables, ", ")
	if db.d.name == "sqlite" {
		q = `PRAGMA optimize`
	}
	if _, err := db.w.ExecContext(ctx, q); err != nil {
		return db.wrap(err, "analyze", "")
	}
	return nil
}
