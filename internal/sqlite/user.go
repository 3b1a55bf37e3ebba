package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/heraldnews/herald"
)

// userColumns is the select list that scanUser reads, for alias u.
const userColumns = `u.id, u.name, u.password_hash, u.is_admin, u.created_at`

// scanUser reads one row of userColumns.
func scanUser(row *sql.Row) (*herald.User, error) {
	var u herald.User
	var created int64
	if err := row.Scan(&u.ID, &u.Name, &u.PasswordHash, &u.IsAdmin, &created); err != nil {
		return nil, err
	}
	u.CreatedAt = time.UnixMilli(created).UTC()
	return &u, nil
}

// CreateUser adds a user; EINVALID without a name, ECONFLICT if the name is
// taken. It sets u.ID and u.CreatedAt.
func (db *DB) CreateUser(ctx context.Context, u *herald.User) error {
	if u.Name == "" {
		return herald.Errorf(herald.EINVALID, "user: name is required")
	}
	created := db.clock()
	err := db.w.QueryRowContext(ctx, `INSERT INTO users (name, password_hash, is_admin, created_at)
		VALUES (?, ?, ?, ?) RETURNING id`, u.Name, u.PasswordHash, u.IsAdmin, created.UnixMilli()).Scan(&u.ID)
	if isUnique(err) {
		return herald.Errorf(herald.ECONFLICT, "user %q exists", u.Name)
	}
	if err != nil {
		return fmt.Errorf("create user %q: %w", u.Name, err)
	}
	u.CreatedAt = created
	return nil
}

// User returns a user by id; ENOTFOUND if none.
func (db *DB) User(ctx context.Context, id int64) (*herald.User, error) {
	u, err := scanUser(db.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("user %d: %w", id, notFound(err, "user %d not found", id))
	}
	return u, nil
}

// UserByName returns a user by name; ENOTFOUND if none.
func (db *DB) UserByName(ctx context.Context, name string) (*herald.User, error) {
	u, err := scanUser(db.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.name = ?`, name))
	if err != nil {
		return nil, fmt.Errorf("user %q: %w", name, notFound(err, "user %q not found", name))
	}
	return u, nil
}

// SetPassword replaces a user's password hash; ENOTFOUND if none.
func (db *DB) SetPassword(ctx context.Context, userID int64, hash string) error {
	res, err := db.w.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, userID)
	if err != nil {
		return fmt.Errorf("set password of user %d: %w", userID, err)
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
	_, err := db.w.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, created_at, expires_at)
		VALUES (?, ?, ?, ?)`, s.IDHash, s.UserID, s.CreatedAt.UnixMilli(), s.ExpiresAt.UnixMilli())
	switch {
	case isUnique(err):
		return herald.Errorf(herald.ECONFLICT, "session exists")
	case isForeignKey(err):
		return herald.Errorf(herald.ENOTFOUND, "user %d not found", s.UserID)
	case err != nil:
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// SessionUser returns the user of the session whose ExpiresAt is after now (a
// zero now means the current time); ENOTFOUND for a missing or expired session.
func (db *DB) SessionUser(ctx context.Context, idHash string, now time.Time) (*herald.User, error) {
	now = db.or(now)
	u, err := scanUser(db.r.QueryRowContext(ctx, `SELECT `+userColumns+`
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id_hash = ? AND s.expires_at > ?`, idHash, now.UnixMilli()))
	if err != nil {
		return nil, fmt.Errorf("session user: %w", notFound(err, "no such session"))
	}
	return u, nil
}

// DeleteSession removes a session; deleting a missing one is not an error.
func (db *DB) DeleteSession(ctx context.Context, idHash string) error {
	if _, err := db.w.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = ?`, idHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// CreateToken stores a token and sets its ID and CreatedAt; ENOTFOUND if the
// user or the token's (non-zero) source does not exist, ECONFLICT if a token
// has that hash.
func (db *DB) CreateToken(ctx context.Context, t *herald.Token) error {
	created := db.clock()
	var source any
	if t.SourceID != 0 {
		source = t.SourceID
	}
	err := db.w.QueryRowContext(ctx, `INSERT INTO tokens (user_id, name, hash, created_at, source_id)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, t.UserID, t.Name, t.Hash, created.UnixMilli(), source).Scan(&t.ID)
	switch {
	case isUnique(err):
		return herald.Errorf(herald.ECONFLICT, "token exists")
	case isForeignKey(err) && t.SourceID != 0:
		return herald.Errorf(herald.ENOTFOUND, "user %d or source %d not found", t.UserID, t.SourceID)
	case isForeignKey(err):
		return herald.Errorf(herald.ENOTFOUND, "user %d not found", t.UserID)
	case err != nil:
		return fmt.Errorf("create token: %w", err)
	}
	t.CreatedAt = created
	return nil
}

// TokenUser returns the owner of a token and sets its LastUsedAt to now (a zero
// now means the current time); ENOTFOUND if none.
func (db *DB) TokenUser(ctx context.Context, hash string, now time.Time) (*herald.User, error) {
	_, u, err := db.TokenByHash(ctx, hash, now)
	if err != nil {
		return nil, fmt.Errorf("token user: %w", err)
	}
	return u, nil
}

// TokenByHash returns a token, with its source scope, and its owner, and sets
// its LastUsedAt to now (a zero now means the current time); ENOTFOUND if none.
func (db *DB) TokenByHash(ctx context.Context, hash string, now time.Time) (*herald.Token, *herald.User, error) {
	now = db.or(now)
	t := herald.Token{Hash: hash, LastUsedAt: now}
	var created int64
	var source sql.NullInt64
	err := db.w.QueryRowContext(ctx, `UPDATE tokens SET last_used_at = ? WHERE hash = ?
		RETURNING id, user_id, name, created_at, source_id`, now.UnixMilli(), hash).
		Scan(&t.ID, &t.UserID, &t.Name, &created, &source)
	if err != nil {
		return nil, nil, fmt.Errorf("token: %w", notFound(err, "no such token"))
	}
	t.CreatedAt, t.SourceID = time.UnixMilli(created).UTC(), source.Int64
	u, err := db.User(ctx, t.UserID)
	if err != nil {
		return nil, nil, fmt.Errorf("token: %w", err)
	}
	return &t, u, nil
}
