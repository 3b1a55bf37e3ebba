package store

import (
	"context"
	"fmt"
	"time"

	"github.com/heraldnews/herald"
)

// ClaimDueSources claims up to limit sources with a URL that are due at now
// (every one when now is zero) and not claimed by anybody else with a lease
// still running, for holder, until now+lease; the longest due first. Each
// due source is claimed by one caller only, whatever the number of Herald
// processes asking at once (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one
// writer). RecordFetch releases a claim; a claim whose holder died expires
// and the source is claimed again. limit <= 0 means no limit.
func (db *DB) ClaimDueSources(ctx context.Context, holder string, now time.Time, limit int, lease time.Duration) ([]*herald.Source, error) {
	if holder == "" || lease <= 0 {
		return nil, herald.Errorf(herald.EINVALID, "claim due sources: holder and a positive lease are required")
	}
	if limit <= 0 {
		limit = noLimit
	}
	clock := db.clock()
	due := farFuture
	if !now.IsZero() {
		due, clock = now, now
	}
	var claimed []int64
	err := db.write(ctx, func(t tx) error {
		// The due rows are picked once, in a materialised CTE: as a plain
		// IN (subquery), PostgreSQL may run the subquery again for the
		// update (a rescan), and with SKIP LOCKED each run can pick other
		// rows, so one claim of limit 1 took two sources and dropped one.
		rows, err := t.query(ctx, `WITH due AS MATERIALIZED (SELECT id FROM sources
				WHERE url <> '' AND NOT paused AND (next_fetch_at IS NULL OR next_fetch_at <= $3)
				AND (claim_until IS NULL OR claim_until <= $4)
				ORDER BY next_fetch_at NULLS FIRST, id LIMIT $5{{skiplocked}})
			UPDATE sources SET claimed_by = $1, claim_until = $2
			WHERE id IN (SELECT id FROM due)
			RETURNING id`, holder, db.t(clock.Add(lease)), db.t(due), db.t(clock), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			claimed = append(claimed, id)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, db.wrap(err, "claim due sources", "")
	}
	if len(claimed) == 0 {
		return []*herald.Source{}, nil
	}
	out, err := db.querySources(ctx, `SELECT `+fetchColumns+` FROM sources s WHERE s.id IN ({{ids $1}})
		ORDER BY s.next_fetch_at NULLS FIRST, s.id`, db.ids(claimed))
	if err != nil {
		return nil, db.wrap(err, "claim due sources", "")
	}
	return out, nil
}

// ReleaseClaims gives up holder's claims on sources it has not fetched (an
// instance shutting down), so that others need not wait for the leases.
func (db *DB) ReleaseClaims(ctx context.Context, holder string) error {
	if _, err := db.exec(ctx, `UPDATE sources SET claimed_by = '', claim_until = NULL WHERE claimed_by = $1`, holder); err != nil {
		return db.wrap(err, "release claims", "")
	}
	return nil
}

// TryLease takes or renews the named lease for holder until now+ttl, and
// reports whether holder has it: it does when nobody held it, when holder
// held it already, or when the last holder's lease ran out. A background job
// that must run once across every Herald process sharing the database runs
// only while its lease is held, and renews it well before ttl passes.
func (db *DB) TryLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	if name == "" || holder == "" || ttl <= 0 {
		return false, herald.Errorf(herald.EINVALID, "lease: name, holder and a positive ttl are required")
	}
	now := db.clock()
	rows, err := db.w.QueryContext(ctx, db.d.sql(`INSERT INTO leases (name, holder, until) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
		WHERE leases.holder = excluded.holder OR leases.until <= $4
		RETURNING holder`), name, holder, db.t(now.Add(ttl)), db.t(now))
	if err != nil {
		return false, db.wrap(err, fmt.Sprintf("lease %q", name), "")
	}
	defer rows.Close()
	got := rows.Next()
	if err := rows.Err(); err != nil {
		return false, db.wrap(err, fmt.Sprintf("lease %q", name), "")
	}
	return got, nil
}

// ReleaseLease gives up holder's lease on name; not holding it is not an error.
func (db *DB) ReleaseLease(ctx context.Context, name, holder string) error {
	if _, err := db.exec(ctx, `DELETE FROM leases WHERE name = $1 AND holder = $2`, name, holder); err != nil {
		return db.wrap(err, fmt.Sprintf("release lease %q", name), "")
	}
	return nil
}

// Claim is a source claimed by an instance, until a time.
type Claim struct {
	SourceID int64
	Until    time.Time
}

// Claims returns the sources holder has claimed and not yet fetched (or
// released), with when each claim lapses.
func (db *DB) Claims(ctx context.Context, holder string) ([]Claim, error) {
	rows, err := db.query(ctx, `SELECT id, claim_until FROM sources WHERE claimed_by = $1 ORDER BY id`, holder)
	if err != nil {
		return nil, db.wrap(err, "claims", "")
	}
	defer rows.Close()
	var out []Claim
	for rows.Next() {
		var c Claim
		if err := rows.Scan(&c.SourceID, at(&c.Until)); err != nil {
			return nil, db.wrap(err, "claims", "")
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
