package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"github.com/heraldnews/herald"
)

// LookupToken returns a token, with its source scope, and its owner, reading
// only; ENOTFOUND if none. See herald.TokenStore.
func (db *DB) LookupToken(ctx context.Context, hash string) (*herald.Token, *herald.User, error) {
	t := herald.Token{Hash: hash}
	var u herald.User
	var source sql.NullInt64
	err := db.queryRow(ctx, `SELECT t.id, t.name, t.kind, t.created_at, t.last_used_at, t.source_id, `+userColumns+`
		FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = $1 AND NOT u.disabled`, hash).
		Scan(&t.ID, &t.Name, &t.Kind, at(&t.CreatedAt), at(&t.LastUsedAt), &source,
			&u.ID, &u.Name, &u.PasswordHash, &u.IsAdmin, at(&u.CreatedAt), &u.Disabled)
	if err != nil {
		return nil, nil, db.wrap(err, "look up token", "no such token")
	}
	t.UserID, t.SourceID = u.ID, source.Int64
	return &t, &u, nil
}

// Tokens lists a user's tokens, oldest first, without their hashes.
func (db *DB) Tokens(ctx context.Context, userID int64) ([]herald.Token, error) {
	op := fmt.Sprintf("tokens of user %d", userID)
	rows, err := db.query(ctx, `SELECT id, name, kind, created_at, last_used_at, source_id
		FROM tokens WHERE user_id = $1 ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, db.wrap(err, op, "")
	}
	defer rows.Close()
	out := []herald.Token{}
	for rows.Next() {
		t := herald.Token{UserID: userID}
		var source sql.NullInt64
		if err := rows.Scan(&t.ID, &t.Name, &t.Kind, at(&t.CreatedAt), at(&t.LastUsedAt), &source); err != nil {
			return nil, db.wrap(err, op, "")
		}
		t.SourceID = source.Int64
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, op, "")
	}
	return out, nil
}

// RevokeToken deletes a token; ENOTFOUND if none.
func (db *DB) RevokeToken(ctx context.Context, id int64) error {
	res, err := db.exec(ctx, `DELETE FROM tokens WHERE id = $1`, id)
	if err != nil {
		return db.wrap(err, fmt.Sprintf("revoke token %d", id), "")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return herald.Errorf(herald.ENOTFOUND, "token %d not found", id)
	}
	return nil
}

// TouchTokens records when tokens were last used, in one transaction, in id
// order (so that two writers never wait on each other in a cycle); see
// herald.TokenStore.
func (db *DB) TouchTokens(ctx context.Context, used map[int64]time.Time) error {
	if len(used) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(used))
	for id := range used {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	err := db.write(ctx, func(t tx) error {
		for _, id := range ids {
			if _, err := t.exec(ctx, `UPDATE tokens SET last_used_at = $1
				WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $1)`, db.t(used[id]), id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return db.wrap(err, "record token use", "")
	}
	return nil
}

// SetStorySection sets a story's section and section source and nothing else;
// ENOTFOUND if there is no such story. See herald.StoryStore.
func (db *DB) SetStorySection(ctx context.Context, storyID int64, section, sectionSource string) error {
	res, err := db.exec(ctx, `UPDATE stories SET section = $1, section_source = $2 WHERE id = $3`,
		section, sectionSource, storyID)
	if err != nil {
		return db.wrap(err, fmt.Sprintf("set section of story %d", storyID), "")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return herald.Errorf(herald.ENOTFOUND, "story %d not found", storyID)
	}
	return nil
}
