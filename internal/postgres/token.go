package postgres

import (
	"context"
	"time"

	"github.com/heraldnews/herald"
)

// LookupToken returns a token, with its source scope, and its owner, reading
// only; ENOTFOUND if none. See herald.TokenStore.
func (db *DB) LookupToken(ctx context.Context, hash string) (*herald.Token, *herald.User, error) {
	t := herald.Token{Hash: hash}
	var u herald.User
	var used *time.Time
	var source *int64
	err := db.pool.QueryRow(ctx, `SELECT t.id, t.name, t.created_at, t.last_used_at, t.source_id, `+userColumns+`
		FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = $1`, hash).
		Scan(&t.ID, &t.Name, &t.CreatedAt, &used, &source, &u.ID, &u.Name, &u.PasswordHash, &u.IsAdmin, &u.CreatedAt)
	if err != nil {
		return nil, nil, wrap(err, "look up token", "no such token")
	}
	t.UserID, t.CreatedAt, t.LastUsedAt, u.CreatedAt = u.ID, t.CreatedAt.UTC(), utc(used), u.CreatedAt.UTC()
	if source != nil {
		t.SourceID = *source
	}
	return &t, &u, nil
}

// Tokens lists a user's tokens, oldest first, without their hashes.
func (db *DB) Tokens(ctx context.Context, userID int64) ([]herald.Token, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, name, created_at, last_used_at, source_id
		FROM tokens WHERE user_id = $1 ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, wrap(err, "list tokens", "")
	}
	defer rows.Close()
	out := []herald.Token{}
	for rows.Next() {
		t := herald.Token{UserID: userID}
		var used *time.Time
		var source *int64
		if err := rows.Scan(&t.ID, &t.Name, &t.CreatedAt, &used, &source); err != nil {
			return nil, wrap(err, "list tokens", "")
		}
		t.CreatedAt, t.LastUsedAt = t.CreatedAt.UTC(), utc(used)
		if source != nil {
			t.SourceID = *source
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err, "list tokens", "")
	}
	return out, nil
}

// RevokeToken deletes a token; ENOTFOUND if none.
func (db *DB) RevokeToken(ctx context.Context, id int64) error {
	tag, err := db.pool.Exec(ctx, `DELETE FROM tokens WHERE id = $1`, id)
	if err != nil {
		return wrap(err, "revoke token", "")
	}
	if tag.RowsAffected() == 0 {
		return herald.Errorf(herald.ENOTFOUND, "token %d not found", id)
	}
	return nil
}

// TouchTokens records when tokens were last used, in one statement; see
// herald.TokenStore.
func (db *DB) TouchTokens(ctx context.Context, used map[int64]time.Time) error {
	if len(used) == 0 {
		return nil
	}
	ids, ats := make([]int64, 0, len(used)), make([]time.Time, 0, len(used))
	for id, at := range used {
		ids, ats = append(ids, id), append(ats, at.UTC())
	}
	_, err := db.pool.Exec(ctx, `UPDATE tokens t SET last_used_at = v.at
		FROM unnest($1::bigint[], $2::timestamptz[]) AS v(id, at)
		WHERE t.id = v.id AND (t.last_used_at IS NULL OR t.last_used_at < v.at)`, ids, ats)
	if err != nil {
		return wrap(err, "record token use", "")
	}
	return nil
}
