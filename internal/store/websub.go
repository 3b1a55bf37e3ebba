package store

import (
	"context"
	"fmt"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
)

// subscriptionColumns is the select list that scanSubscription reads.
const subscriptionColumns = `source_id, hub_url, topic_url, secret, token, state, lease_seconds,
	expires_at, requested_at, verified_at, last_push_at, last_error, created_at, updated_at`

// scanSubscription reads one row of subscriptionColumns.
func scanSubscription(row interface{ Scan(...any) error }) (*herald.Subscription, error) {
	var s herald.Subscription
	err := row.Scan(&s.SourceID, &s.HubURL, &s.TopicURL, &s.Secret, &s.Token, &s.State, &s.LeaseSeconds,
		at(&s.ExpiresAt), at(&s.RequestedAt), at(&s.VerifiedAt), at(&s.LastPushAt), &s.LastError,
		at(&s.CreatedAt), at(&s.UpdatedAt))
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// UpsertSubscription stores sub as its source's one subscription, keeping
// CreatedAt of the one it replaces. EINVALID for a subscription that fails
// Validate, ENOTFOUND for an unknown source, ECONFLICT for a token in use.
func (db *DB) UpsertSubscription(ctx context.Context, sub *herald.Subscription) error {
	if err := sub.Validate(); err != nil {
		return err
	}
	now := db.clock()
	var created time.Time
	err := db.writeRow(ctx, `INSERT INTO websub_subscriptions (`+subscriptionColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
		ON CONFLICT (source_id) DO UPDATE SET hub_url = excluded.hub_url, topic_url = excluded.topic_url,
			secret = excluded.secret, token = excluded.token, state = excluded.state,
			lease_seconds = excluded.lease_seconds, expires_at = excluded.expires_at,
			requested_at = excluded.requested_at, verified_at = excluded.verified_at,
			last_push_at = excluded.last_push_at, last_error = excluded.last_error,
			updated_at = excluded.updated_at
		RETURNING created_at`,
		sub.SourceID, storetext.Clean(sub.HubURL), storetext.Clean(sub.TopicURL), sub.Secret, sub.Token,
		string(sub.State), sub.LeaseSeconds, db.t(sub.ExpiresAt), db.t(sub.RequestedAt), db.t(sub.VerifiedAt),
		db.t(sub.LastPushAt), storetext.Clean(sub.LastError), db.t(now), db.t(now)).Scan(at(&created))
	switch {
	case db.class(err) == errForeignKey:
		return herald.Errorf(herald.ENOTFOUND, "source %d not found", sub.SourceID)
	case db.class(err) == errUnique:
		return herald.Errorf(herald.ECONFLICT, "subscription token in use by another source")
	case err != nil:
		return db.wrap(err, fmt.Sprintf("upsert subscription of source %d", sub.SourceID), "")
	}
	sub.CreatedAt, sub.UpdatedAt = created, now
	return nil
}

// Subscription returns the subscription of a source; ENOTFOUND if none.
func (db *DB) Subscription(ctx context.Context, sourceID int64) (*herald.Subscription, error) {
	row := db.queryRow(ctx, `SELECT `+subscriptionColumns+` FROM websub_subscriptions WHERE source_id = $1`, sourceID)
	sub, err := scanSubscription(row)
	if err != nil {
		return nil, db.wrap(err, fmt.Sprintf("subscription of source %d", sourceID), fmt.Sprintf("source %d has no subscription", sourceID))
	}
	return sub, nil
}

// SubscriptionByToken returns the subscription with that callback token;
// ENOTFOUND if none.
func (db *DB) SubscriptionByToken(ctx context.Context, token string) (*herald.Subscription, error) {
	row := db.queryRow(ctx, `SELECT `+subscriptionColumns+` FROM websub_subscriptions WHERE token = $1 AND token <> ''`, token)
	sub, err := scanSubscription(row)
	if err != nil {
		return nil, db.wrap(err, fmt.Sprintf("subscription by token"), fmt.Sprintf("no subscription with that token"))
	}
	return sub, nil
}

// ExpiringSubscriptions returns active subscriptions whose lease ends at or
// before before, the soonest first; limit <= 0 means no limit.
func (db *DB) ExpiringSubscriptions(ctx context.Context, before time.Time, limit int) ([]*herald.Subscription, error) {
	if limit <= 0 {
		limit = noLimit
	}
	rows, err := db.query(ctx, `SELECT `+subscriptionColumns+` FROM websub_subscriptions
		WHERE state = 'active' AND expires_at <= $1 ORDER BY expires_at, source_id LIMIT $2`, db.t(before), limit)
	if err != nil {
		return nil, db.wrap(err, "expiring subscriptions", "")
	}
	defer rows.Close()
	out := []*herald.Subscription{}
	for rows.Next() {
		sub, err := scanSubscription(rows)
		if err != nil {
			return nil, db.wrap(err, "expiring subscriptions", "")
		}
		out = append(out, sub)
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, "expiring subscriptions", "")
	}
	return out, nil
}

// RecordVerification sets the state of the subscription with token, with the
// lease of an active one and the reason of a denied one.
func (db *DB) RecordVerification(ctx context.Context, token string, v herald.Verification) error {
	if err := v.Validate(); err != nil {
		return err
	}
	at := db.or(v.At)
	expires := at.Add(time.Duration(v.LeaseSeconds) * time.Second)
	return db.updateSubscription(ctx, "record verification", `UPDATE websub_subscriptions SET
		state = $1,
		lease_seconds = CASE WHEN CAST($1 AS TEXT) = 'active' THEN CAST($2 AS INTEGER) ELSE lease_seconds END,
		expires_at = CASE CAST($1 AS TEXT) WHEN 'active' THEN {{time $3}} WHEN 'denied' THEN NULL ELSE expires_at END,
		verified_at = CASE WHEN CAST($1 AS TEXT) = 'active' THEN {{time $4}} ELSE verified_at END,
		last_error = CASE CAST($1 AS TEXT) WHEN 'active' THEN '' WHEN 'denied' THEN CAST($5 AS TEXT) ELSE last_error END,
		updated_at = $4
		WHERE token = $6`,
		string(v.State), v.LeaseSeconds, db.t(expires), db.t(at), storetext.Clean(v.Reason), token)
}

// RecordRequest sets when a request for the subscription with token was last
// sent to its hub.
func (db *DB) RecordRequest(ctx context.Context, token string, at time.Time) error {
	at = db.or(at)
	return db.updateSubscription(ctx, "record subscription request", `UPDATE websub_subscriptions
		SET requested_at = $1, updated_at = $2 WHERE token = $3`, db.t(at), db.t(at), token)
}

// RecordPush sets when the subscription with token last received content.
func (db *DB) RecordPush(ctx context.Context, token string, at time.Time) error {
	at = db.or(at)
	return db.updateSubscription(ctx, "record push", `UPDATE websub_subscriptions
		SET last_push_at = $1, updated_at = $2 WHERE token = $3`, db.t(at), db.t(at), token)
}

// RecordSubscriptionError sets the last error of the subscription with token.
func (db *DB) RecordSubscriptionError(ctx context.Context, token, message string, at time.Time) error {
	return db.updateSubscription(ctx, "record subscription error", `UPDATE websub_subscriptions
		SET last_error = $1, updated_at = $2 WHERE token = $3`, storetext.Clean(message), db.t(db.or(at)), token)
}

// updateSubscription runs an UPDATE whose last argument is a token and
// returns ENOTFOUND when it touched no row.
func (db *DB) updateSubscription(ctx context.Context, op, query string, args ...any) error {
	res, err := db.exec(ctx, query, args...)
	if err != nil {
		return db.wrap(err, fmt.Sprintf("%s", op), "")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%s: %w", op, herald.Errorf(herald.ENOTFOUND, "no subscription with that token"))
	}
	return nil
}

// DeleteSubscription removes the subscription of a source; ENOTFOUND if none.
func (db *DB) DeleteSubscription(ctx context.Context, sourceID int64) error {
	res, err := db.exec(ctx, `DELETE FROM websub_subscriptions WHERE source_id = $1`, sourceID)
	if err != nil {
		return db.wrap(err, fmt.Sprintf("delete subscription of source %d", sourceID), "")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return herald.Errorf(herald.ENOTFOUND, "source %d has no subscription", sourceID)
	}
	return nil
}
