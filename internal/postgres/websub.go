package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
	"github.com/jackc/pgx/v5"
)

// subscriptionColumns is the select list that scanSubscription reads.
const subscriptionColumns = `source_id, hub_url, topic_url, secret, token, state, lease_seconds,
	expires_at, requested_at, verified_at, last_push_at, last_error, created_at, updated_at`

// scanSubscription reads one row of subscriptionColumns.
func scanSubscription(row pgx.Row) (*herald.Subscription, error) {
	var s herald.Subscription
	var state string
	var expires, requested, verified, pushed *time.Time
	err := row.Scan(&s.SourceID, &s.HubURL, &s.TopicURL, &s.Secret, &s.Token, &state, &s.LeaseSeconds,
		&expires, &requested, &verified, &pushed, &s.LastError, &s.CreatedAt, &s.UpdatedAt)
	if err != nil {
		return nil, err
	}
	s.State = herald.SubscriptionState(state)
	s.ExpiresAt, s.RequestedAt, s.VerifiedAt, s.LastPushAt = utc(expires), utc(requested), utc(verified), utc(pushed)
	s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
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
	err := db.pool.QueryRow(ctx, `INSERT INTO websub_subscriptions (`+subscriptionColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
		ON CONFLICT (source_id) DO UPDATE SET hub_url = excluded.hub_url, topic_url = excluded.topic_url,
			secret = excluded.secret, token = excluded.token, state = excluded.state,
			lease_seconds = excluded.lease_seconds, expires_at = excluded.expires_at,
			requested_at = excluded.requested_at, verified_at = excluded.verified_at,
			last_push_at = excluded.last_push_at, last_error = excluded.last_error,
			updated_at = excluded.updated_at
		RETURNING created_at`,
		sub.SourceID, storetext.Clean(sub.HubURL), storetext.Clean(sub.TopicURL), storetext.Clean(sub.Secret),
		storetext.Clean(sub.Token), string(sub.State), sub.LeaseSeconds, null(sub.ExpiresAt), null(sub.RequestedAt),
		null(sub.VerifiedAt), null(sub.LastPushAt), storetext.Clean(sub.LastError), now).Scan(&created)
	switch {
	case isCode(err, codeForeignKey):
		return herald.Errorf(herald.ENOTFOUND, "source %d not found", sub.SourceID)
	case isCode(err, codeUnique):
		return herald.Errorf(herald.ECONFLICT, "subscription token in use by another source")
	case err != nil:
		return wrap(err, fmt.Sprintf("upsert subscription of source %d", sub.SourceID), "")
	}
	sub.CreatedAt, sub.UpdatedAt = created.UTC(), now
	return nil
}

// Subscription returns the subscription of a source; ENOTFOUND if none.
func (db *DB) Subscription(ctx context.Context, sourceID int64) (*herald.Subscription, error) {
	sub, err := scanSubscription(db.pool.QueryRow(ctx,
		`SELECT `+subscriptionColumns+` FROM websub_subscriptions WHERE source_id = $1`, sourceID))
	if err != nil {
		return nil, wrap(err, fmt.Sprintf("subscription of source %d", sourceID), fmt.Sprintf("source %d has no subscription", sourceID))
	}
	return sub, nil
}

// SubscriptionByToken returns the subscription with that callback token;
// ENOTFOUND if none.
func (db *DB) SubscriptionByToken(ctx context.Context, token string) (*herald.Subscription, error) {
	sub, err := scanSubscription(db.pool.QueryRow(ctx,
		`SELECT `+subscriptionColumns+` FROM websub_subscriptions WHERE token = $1 AND token <> ''`, storetext.Clean(token)))
	if err != nil {
		return nil, wrap(err, "subscription by token", "no subscription with that token")
	}
	return sub, nil
}

// ExpiringSubscriptions returns active subscriptions whose lease ends at or
// before before, the soonest first; limit <= 0 means no limit.
func (db *DB) ExpiringSubscriptions(ctx context.Context, before time.Time, limit int) ([]*herald.Subscription, error) {
	var lim any
	if limit > 0 {
		lim = limit
	}
	rows, err := db.pool.Query(ctx, `SELECT `+subscriptionColumns+` FROM websub_subscriptions
		WHERE state = 'active' AND expires_at <= $1 ORDER BY expires_at, source_id LIMIT $2`, before, lim)
	if err != nil {
		return nil, wrap(err, "expiring subscriptions", "")
	}
	defer rows.Close()
	out := []*herald.Subscription{}
	for rows.Next() {
		sub, err := scanSubscription(rows)
		if err != nil {
			return nil, wrap(err, "expiring subscriptions", "")
		}
		out = append(out, sub)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err, "expiring subscriptions", "")
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
		lease_seconds = CASE WHEN $1::text = 'active' THEN $2::integer ELSE lease_seconds END,
		expires_at = CASE $1::text WHEN 'active' THEN $3::timestamptz WHEN 'denied' THEN NULL ELSE expires_at END,
		verified_at = CASE WHEN $1::text = 'active' THEN $4::timestamptz ELSE verified_at END,
		last_error = CASE $1::text WHEN 'active' THEN '' WHEN 'denied' THEN $5::text ELSE last_error END,
		updated_at = $4
		WHERE token = $6`,
		string(v.State), v.LeaseSeconds, expires, at, storetext.Clean(v.Reason), storetext.Clean(token))
}

// RecordRequest sets when a request for the subscription with token was last
// sent to its hub.
func (db *DB) RecordRequest(ctx context.Context, token string, at time.Time) error {
	return db.updateSubscription(ctx, "record subscription request", `UPDATE websub_subscriptions
		SET requested_at = $1, updated_at = $1 WHERE token = $2`, db.or(at), storetext.Clean(token))
}

// RecordPush sets when the subscription with token last received content.
func (db *DB) RecordPush(ctx context.Context, token string, at time.Time) error {
	at = db.or(at)
	return db.updateSubscription(ctx, "record push", `UPDATE websub_subscriptions
		SET last_push_at = $1, updated_at = $1 WHERE token = $2`, at, storetext.Clean(token))
}

// RecordSubscriptionError sets the last error of the subscription with token.
func (db *DB) RecordSubscriptionError(ctx context.Context, token, message string, at time.Time) error {
	return db.updateSubscription(ctx, "record subscription error", `UPDATE websub_subscriptions
		SET last_error = $1, updated_at = $2 WHERE token = $3`, storetext.Clean(message), db.or(at), storetext.Clean(token))
}

// updateSubscription runs an UPDATE that selects one subscription by token
// and returns ENOTFOUND when it touched no row.
func (db *DB) updateSubscription(ctx context.Context, op, query string, args ...any) error {
	tag, err := db.pool.Exec(ctx, query, args...)
	if err != nil {
		return wrap(err, op, "")
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%s: %w", op, herald.Errorf(herald.ENOTFOUND, "no subscription with that token"))
	}
	return nil
}

// DeleteSubscription removes the subscription of a source; ENOTFOUND if none.
func (db *DB) DeleteSubscription(ctx context.Context, sourceID int64) error {
	tag, err := db.pool.Exec(ctx, `DELETE FROM websub_subscriptions WHERE source_id = $1`, sourceID)
	if err != nil {
		return wrap(err, fmt.Sprintf("delete subscription of source %d", sourceID), "")
	}
	if tag.RowsAffected() == 0 {
		return herald.Errorf(herald.ENOTFOUND, "source %d has no subscription", sourceID)
	}
	return nil
}
