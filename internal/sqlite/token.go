package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/heraldnews/herald"
)

// LookupToken returns a token, with its source scope, and its owner, reading
// only; ENOTFOUND if none. See herald.TokenStore.
func (db *DB) LookupToken(ctx context.Context, hash string) (*herald.Token, *herald.User, error) {
	t := herald.Token{Hash: hash}
	var u herald.User
	var created, userCreated int64
	var used, source sql.NullInt64
	err := db.r.QueryRowContext(ctx, `SELECT t.id, t.name, t.created_at, t.last_used_at, t.source_id, `+userColumns+`
		FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ?`, hash).
		Scan(&t.ID, &t.Name, &created, &used, &source, &u.ID, &u.Name, &u.PasswordHash, &u.IsAdmin, &userCreated)
	if err != nil {
		return nil, nil, fmt.Errorf("look up token: %w", notFound(err, "no such token"))
	}
	t.UserID, t.SourceID = u.ID, source.Int64
	t.CreatedAt, t.LastUsedAt = time.UnixMilli(created).UTC(), msTime(used)
	u.CreatedAt = time.UnixMilli(userCreated).UTC()
	return &t, &u, nil
}

// Tokens lists a user's tokens, oldest first, without their hashes.
func (db *DB) Tokens(ctx context.Context, userID int64) ([]herald.Token, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, name, created_at, last_used_at, source_id
		FROM tokens WHERE user_id = ? ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, fmt.Errorf("tokens of user %d: %w", userID, err)
	}
	defer rows.Close()
	out := []herald.Token{}
	for rows.Next() {
		t := herald.Token{UserID: userID}
		var created int64
		var used, source sql.NullInt64
		if err := rows.Scan(&t.ID, &t.Name, &created, &used, &source); err != nil {
			return nil, fmt.Errorf("tokens of user %d: %w", userID, err)
		}
		t.CreatedAt, t.LastUsedAt, t.SourceID = time.UnixMilli(created).UTC(), msTime(used), source.Int64
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("tokens of user %d: %w", userID, err)
	}
	return out, nil
}

// RevokeToken deletes a token; ENOTFOUND if none.
func (db *DB) RevokeToken(ctx context.Context, id int64) error {
	res, err := db.w.ExecContext(ctx, `DELETE FROM tokens WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("revoke token %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return herald.Errorf(herald.ENOTFOUND, "token %d not found", id)
	}
	return nil
}

// TouchTokens records when tokens were last used, in one transaction; see
// herald.TokenStore.
func (db *DB) TouchTokens(ctx context.Context, used map[int64]time.Time) error {
	if len(used) == 0 {
		return nil
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `UPDATE tokens SET last_used_at = ?1
			WHERE id = ?2 AND (last_used_at IS NULL OR last_used_at < ?1)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for id, at := range used {
			if _, err := stmt.ExecContext(ctx, at.UnixMilli(), id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record token use: %w", err)
	}
	return nil
}
