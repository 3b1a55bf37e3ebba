package store

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"
)

// loginFailuresKept is how long a sign-in failure is kept at all: far longer
// than any throttling window, so pruning never changes a decision.
const loginFailuresKept = 24 * time.Hour

// AddLoginFailure records a failed sign-in under key at time at, and drops
// failures older than a day.
func (db *DB) AddLoginFailure(ctx context.Context, key string, at time.Time) error {
	err := db.write(ctx, func(t tx) error {
		if _, err := t.exec(ctx, `INSERT INTO login_failures (key, at) VALUES ($1, $2)`, key, db.tv(at)); err != nil {
			return err
		}
		_, err := t.exec(ctx, `DELETE FROM login_failures WHERE at < $1`, db.tv(at.Add(-loginFailuresKept)))
		return err
	})
	if err != nil {
		return db.wrap(err, "record sign-in failure", "")
	}
	return nil
}

// LoginFailures returns the times of key's failures after since, oldest
// first, at most the newest limit of them.
func (db *DB) LoginFailures(ctx context.Context, key string, since time.Time, limit int) ([]time.Time, error) {
	rows, err := db.query(ctx, `SELECT at FROM (SELECT at FROM login_failures WHERE key = $1 AND at > $2
		ORDER BY at DESC LIMIT $3) AS recent ORDER BY at`, key, db.tv(since), limit)
	if err != nil {
		return nil, db.wrap(err, "sign-in failures", "")
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(timeCol{&at}); err != nil {
			return nil, db.wrap(err, "sign-in failures", "")
		}
		out = append(out, at)
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, "sign-in failures", "")
	}
	return out, nil
}

// ClearLoginFailures forgets key's failures.
func (db *DB) ClearLoginFailures(ctx context.Context, key string) error {
	if _, err := db.exec(ctx, `DELETE FROM login_failures WHERE key = $1`, key); err != nil {
		return db.wrap(err, "clear sign-in failures", "")
	}
	return nil
}

// Secret returns the named secret: size random bytes made the first time any
// instance asks, the same ever after and on every instance.
func (db *DB) Secret(ctx context.Context, name string, size int) ([]byte, error) {
	fresh := make([]byte, size)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("secret %q: %w", name, err)
	}
	if _, err := db.exec(ctx, `INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, name, fresh); err != nil {
		return nil, db.wrap(err, fmt.Sprintf("secret %q", name), "")
	}
	var value []byte
	if err := db.queryRow(ctx, `SELECT value FROM secrets WHERE name = $1`, name).Scan(&value); err != nil {
		return nil, db.wrap(err, fmt.Sprintf("secret %q", name), "")
	}
	return value, nil
}
