package store

import (
	"context"
	"fmt"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
)

// userColumns is the select list that scanUser reads, for alias u.
const userColumns = `u.id, u.name, u.password_hash, u.is_admin, u.created_at, u.disabled`

// scanUser reads one row of userColumns.
func scanUser(row interface{ Scan(...any) error }) (*herald.User, error) {
	var u herald.User
	if err := row.Scan(&u.ID, &u.Name, &u.PasswordHash, &u.IsAdmin, at(&u.CreatedAt), &u.Disabled); err != nil {
		return nil, err
	}
	return &u, nil
}

// CreateUser adds a user; EINVALID without a name, ECONFLICT if the name is
// taken. It sets u.ID and u.CreatedAt.
func (db *DB) CreateUser(ctx context.Context, u *herald.User) error {
	if u.Name == "" {
		return herald.Errorf(herald.EINVALID, "user: name is required")
	}
	created := db.clock()
	err := db.writeRow(ctx, `INSERT INTO users (name, password_hash, is_admin, created_at)
		VALUES ($1, $2, $3, $4) RETURNING id`, u.Name, u.PasswordHash, u.IsAdmin, db.t(created)).Scan(&u.ID)
	if db.class(err) == errUnique {
		return herald.Errorf(herald.ECONFLICT, "user %q exists", u.Name)
	}
	if err != nil {
		return db.wrap(err, fmt.Sprintf("create user %q", u.Name), "")
	}
	u.CreatedAt = created
	return nil
}

// User returns a user by id; ENOTFOUND if none.
func (db *DB) User(ctx context.Context, id int64) (*herald.User, error) {
	u, err := scanUser(db.queryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id))
	if err != nil {
		return nil, db.wrap(err, fmt.Sprintf("user %d", id), fmt.Sprintf("user %d not found", id))
	}
	return u, nil
}

// UserByName returns a user by name; ENOTFOUND if none.
func (db *DB) UserByName(ctx context.Context, name string) (*herald.User, error) {
	u, err := scanUser(db.queryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.name = $1`, name))
	if err != nil {
		return nil, db.wrap(err, fmt.Sprintf("user %q", name), fmt.Sprintf("user %q not found", name))
	}
	return u, nil
}

// SetPassword replaces a user's password hash; ENOTFOUND if none.
func (db *DB) SetPassword(ctx context.Context, userID int64, hash string) error {
	res, err := db.exec(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, userID)
	if err != nil {
		return db.wrap(err, fmt.Sprintf("set password of user %d", userID), "")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return herald.Errorf(herald.ENOTFOUND, "user %d not found", userID)
	}
	return nil
}

// CreateSession stores a session; ENOTFOUND if the user does not exist,
// ECONFLICT if a session has that id hash. A zero CreatedAt means now.
func (db *DB) CreateSession(ctx context.Context, s *herald.Session) error {
	if s.CreatedAt.IsZero() {
		s.CreatedAt = db.clock()
	}
	_, err := db.exec(ctx, `INSERT INTO sessions (id_hash, user_id, created_at, expires_at, user_agent)
		VALUES ($1, $2, $3, $4, $5)`, s.IDHash, s.UserID, db.t(s.CreatedAt), db.t(s.ExpiresAt), clip(storetext.Clean(s.UserAgent), 300))
	switch {
	case db.class(err) == errUnique:
		return herald.Errorf(herald.ECONFLICT, "session exists")
	case db.class(err) == errForeignKey:
		return herald.Errorf(herald.ENOTFOUND, "user %d not found", s.UserID)
	case err != nil:
		return db.wrap(err, "create session", "")
	}
	return nil
}

// SessionUser returns the user of the session whose ExpiresAt is after now (a
// zero now means the current time); ENOTFOUND for a missing or expired session.
func (db *DB) SessionUser(ctx context.Context, idHash string, now time.Time) (*herald.User, error) {
	now = db.or(now)
	u, err := scanUser(db.queryRow(ctx, `SELECT `+userColumns+`
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id_hash = $1 AND s.expires_at > $2 AND NOT u.disabled`, idHash, db.t(now)))
	if err != nil {
		return nil, db.wrap(err, fmt.Sprintf("session user"), fmt.Sprintf("no such session"))
	}
	return u, nil
}

// DeleteSession removes a session; deleting a missing one is not an error.
func (db *DB) DeleteSession(ctx context.Context, idHash string) error {
	if _, err := db.exec(ctx, `DELETE FROM sessions WHERE id_hash = $1`, idHash); err != nil {
		return db.wrap(err, "delete session", "")
	}
	return nil
}

// CreateToken stores a token and sets its ID and CreatedAt (and Kind to
// herald.TokenAPI when it is ""); ENOTFOUND if the user or the token's
// (non-zero) source does not exist, ECONFLICT if a token has that hash,
// EINVALID for an unknown kind or an app password scoped to a source.
func (db *DB) CreateToken(ctx context.Context, t *herald.Token) error {
	switch {
	case t.Kind == "":
		t.Kind = herald.TokenAPI
	case t.Kind == herald.TokenAppPassword && t.SourceID != 0:
		return herald.Errorf(herald.EINVALID, "token: an app password cannot be scoped to a source")
	case t.Kind != herald.TokenAPI && t.Kind != herald.TokenAppPassword:
		return herald.Errorf(herald.EINVALID, "token: unknown kind %q", t.Kind)
	}
	created := db.clock()
	var source any
	if t.SourceID != 0 {
		source = t.SourceID
	}
	err := db.writeRow(ctx, `INSERT INTO tokens (user_id, name, hash, created_at, source_id, kind)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, t.UserID, t.Name, t.Hash, db.t(created), source, t.Kind).Scan(&t.ID)
	switch {
	case db.class(err) == errUnique:
		return herald.Errorf(herald.ECONFLICT, "token exists")
	case db.class(err) == errForeignKey && t.SourceID != 0:
		return herald.Errorf(herald.ENOTFOUND, "user %d or source %d not found", t.UserID, t.SourceID)
	case db.class(err) == errForeignKey:
		return herald.Errorf(herald.ENOTFOUND, "user %d not found", t.UserID)
	case err != nil:
		return db.wrap(err, "create token", "")
	}
	t.CreatedAt = created
	return nil
}
