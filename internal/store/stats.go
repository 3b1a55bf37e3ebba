package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/heraldnews/herald"
)

// observerSlot holds the function told how long each query took, by kind
// ("read", "write", "transaction"); empty observes nothing. It may be set
// while queries run.
type observerSlot struct {
	fn atomic.Pointer[func(kind string, d time.Duration)]
}

// since reports the time since start under kind.
func (o *observerSlot) since(kind string, start time.Time) {
	if fn := o.fn.Load(); fn != nil {
		(*fn)(kind, time.Since(start))
	}
}

// ObserveQueries makes the store report how long each query takes, by kind:
// "read" (until the first row), "write" (one statement) and "transaction"
// (a whole write transaction).
func (db *DB) ObserveQueries(fn func(kind string, d time.Duration)) { db.obs.fn.Store(&fn) }

// PoolStats returns the connection pools' statistics by name: "write" and,
// when reads have a pool of their own, "read".
func (db *DB) PoolStats() map[string]sql.DBStats {
	out := map[string]sql.DBStats{"write": db.w.Stats()}
	if db.r != db.w {
		out["read"] = db.r.Stats()
	}
	return out
}

// QueueState reads the work queues at now: sources and those due and
// claimed, the named leases, and webhook deliveries by state.
func (db *DB) QueueState(ctx context.Context, now time.Time) (*herald.QueueState, error) {
	q := &herald.QueueState{Deliveries: map[string]int{}}
	err := db.queryRow(ctx, `SELECT count(*),
		count(*) FILTER (WHERE url <> '' AND next_fetch_at <= $1),
		count(*) FILTER (WHERE claimed_by <> '' AND claim_until > $1)
		FROM sources`, db.tv(now)).Scan(&q.Sources, &q.Due, &q.Claimed)
	if err != nil {
		return nil, db.wrap(err, "queue state", "")
	}
	rows, err := db.query(ctx, `SELECT name, holder, until FROM leases ORDER BY name`)
	if err != nil {
		return nil, db.wrap(err, "queue state", "")
	}
	for rows.Next() {
		var l herald.LeaseState
		if err := rows.Scan(&l.Name, &l.Holder, timeCol{&l.Until}); err != nil {
			rows.Close()
			return nil, db.wrap(err, "queue state", "")
		}
		q.Leases = append(q.Leases, l)
	}
	rows.Close()
	if err := db.deliveryCounts(ctx, q.Deliveries); err != nil {
		return nil, db.wrap(err, "queue state", "")
	}
	return q, nil
}

// deliveryCounts counts webhook deliveries by state into out.
func (db *DB) deliveryCounts(ctx context.Context, out map[string]int) error {
	rows, err := db.query(ctx, `SELECT state, count(*) FROM webhook_deliveries GROUP BY state`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return fmt.Errorf("delivery counts: %w", err)
		}
		out[state] = n
	}
	return rows.Err()
}
