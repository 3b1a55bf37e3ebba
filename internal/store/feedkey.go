package store

import (
	"context"
	"fmt"

	"github.com/heraldnews/herald"
)

// FeedKey returns userID's feed key, storing key first when they have none;
// see herald.FeedKeyStore.
func (db *DB) FeedKey(ctx context.Context, userID int64, key string) (string, error) {
	op := fmt.Sprintf("feed key of user %d", userID)
	var stored string
	err := db.queryRow(ctx, `SELECT key FROM feed_keys WHERE user_id = $1`, userID).Scan(&stored)
	switch {
	case err == nil:
		return stored, nil // the usual case reads only
	case !notFound(err):
		return "", db.wrap(err, op, "")
	}
	_, err = db.exec(ctx, `INSERT INTO feed_keys (user_id, key, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id) DO NOTHING`, userID, key, db.t(db.clock()))
	switch {
	case db.class(err) == errForeignKey:
		return "", herald.Errorf(herald.ENOTFOUND, "user %d not found", userID)
	case db.class(err) == errUnique:
		return "", herald.Errorf(herald.ECONFLICT, "feed key taken")
	case err != nil:
		return "", db.wrap(err, op, "")
	}
	if err := db.writeRow(ctx, `SELECT key FROM feed_keys WHERE user_id = $1`, userID).Scan(&stored); err != nil {
		return "", db.wrap(err, op, fmt.Sprintf("user %d not found", userID))
	}
	return stored, nil
}

// ReplaceFeedKey makes key userID's feed key; see herald.FeedKeyStore.
func (db *DB) ReplaceFeedKey(ctx context.Context, userID int64, key string) error {
	_, err := db.exec(ctx, `INSERT INTO feed_keys (user_id, key, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id) DO UPDATE SET key = excluded.key, created_at = excluded.created_at`,
		userID, key, db.t(db.clock()))
	switch {
	case db.class(err) == errForeignKey:
		return herald.Errorf(herald.ENOTFOUND, "user %d not found", userID)
	case db.class(err) == errUnique:
		return herald.Errorf(herald.ECONFLICT, "feed key taken")
	case err != nil:
		return db.wrap(err, fmt.Sprintf("replace feed key of user %d", userID), "")
	}
	return nil
}

// FeedKeyUser returns the reader whose feed key is key; ENOTFOUND if none.
func (db *DB) FeedKeyUser(ctx context.Context, key string) (*herald.User, error) {
	u, err := scanUser(db.queryRow(ctx, `SELECT `+userColumns+`
		FROM feed_keys k JOIN users u ON u.id = k.user_id WHERE k.key = $1`, key))
	if err != nil {
		return nil, db.wrap(err, "feed key user", "no such feed key")
	}
	return u, nil
}
