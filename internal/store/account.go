package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
)

// clip cuts s to at most n runes.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// Users lists every user by name.
func (db *DB) Users(ctx context.Context) ([]herald.User, error) {
	rows, err := db.query(ctx, `SELECT `+userColumns+` FROM users u ORDER BY u.name{{C}}`)
	if err != nil {
		return nil, db.wrap(err, "users", "")
	}
	defer rows.Close()
	out := []herald.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, db.wrap(err, "users", "")
		}
		out = append(out, *u)
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, "users", "")
	}
	return out, nil
}

// updateUser runs an UPDATE of one user by id ($1); ENOTFOUND if none.
func (db *DB) updateUser(ctx context.Context, op string, userID int64, query string, args ...any) error {
	res, err := db.exec(ctx, query, append([]any{userID}, args...)...)
	if err != nil {
		return db.wrap(err, fmt.Sprintf("%s of user %d", op, userID), "")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return herald.Errorf(herald.ENOTFOUND, "user %d not found", userID)
	}
	return nil
}

// SetUserAdmin makes a user an administrator or not; ENOTFOUND if none.
func (db *DB) SetUserAdmin(ctx context.Context, userID int64, admin bool) error {
	return db.updateUser(ctx, "set admin", userID, `UPDATE users SET is_admin = $2 WHERE id = $1`, admin)
}

// SetUserDisabled disables or enables a user; disabling ends their sessions.
// Their tokens stay but stop working (LookupToken skips disabled users).
func (db *DB) SetUserDisabled(ctx context.Context, userID int64, disabled bool) error {
	if err := db.updateUser(ctx, "disable", userID, `UPDATE users SET disabled = $2 WHERE id = $1`, disabled); err != nil {
		return err
	}
	if !disabled {
		return nil
	}
	_, err := db.DeleteOtherSessions(ctx, userID, "")
	return err
}

// DeleteUser removes a user; everything that is theirs cascades.
func (db *DB) DeleteUser(ctx context.Context, userID int64) error {
	return db.updateUser(ctx, "delete", userID, `DELETE FROM users WHERE id = $1`)
}

// Sessions lists a user's unexpired sessions, newest first.
func (db *DB) Sessions(ctx context.Context, userID int64, now time.Time) ([]herald.Session, error) {
	op := fmt.Sprintf("sessions of user %d", userID)
	rows, err := db.query(ctx, `SELECT id_hash, created_at, expires_at, user_agent FROM sessions
		WHERE user_id = $1 AND expires_at > $2 ORDER BY created_at DESC, id_hash{{C}}`, userID, db.t(db.or(now)))
	if err != nil {
		return nil, db.wrap(err, op, "")
	}
	defer rows.Close()
	out := []herald.Session{}
	for rows.Next() {
		s := herald.Session{UserID: userID}
		if err := rows.Scan(&s.IDHash, at(&s.CreatedAt), at(&s.ExpiresAt), &s.UserAgent); err != nil {
			return nil, db.wrap(err, op, "")
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, op, "")
	}
	return out, nil
}

// DeleteUserSession ends one of the user's sessions; ENOTFOUND if none.
func (db *DB) DeleteUserSession(ctx context.Context, userID int64, idHash string) error {
	res, err := db.exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id_hash = $2`, userID, idHash)
	if err != nil {
		return db.wrap(err, fmt.Sprintf("end a session of user %d", userID), "")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return herald.Errorf(herald.ENOTFOUND, "that session has ended already")
	}
	return nil
}

// DeleteOtherSessions ends every session of the user but keep.
func (db *DB) DeleteOtherSessions(ctx context.Context, userID int64, keep string) (int, error) {
	res, err := db.exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2`, userID, keep)
	if err != nil {
		return 0, db.wrap(err, fmt.Sprintf("end sessions of user %d", userID), "")
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// Preferences returns a user's settings, the defaults when they changed none.
func (db *DB) Preferences(ctx context.Context, userID int64) (herald.Preferences, error) {
	p := herald.DefaultPreferences()
	err := db.queryRow(ctx, `SELECT display_name, theme, page_size, default_view FROM user_prefs WHERE user_id = $1`,
		userID).Scan(&p.DisplayName, &p.Theme, &p.PageSize, &p.DefaultView)
	if notFound(err) {
		return herald.DefaultPreferences(), nil
	}
	if err != nil {
		return p, db.wrap(err, fmt.Sprintf("preferences of user %d", userID), "")
	}
	return p, nil
}

// SetPreferences stores a user's settings.
func (db *DB) SetPreferences(ctx context.Context, userID int64, p herald.Preferences) error {
	p.DisplayName = strings.TrimSpace(storetext.Clean(p.DisplayName))
	if err := p.Validate(); err != nil {
		return err
	}
	_, err := db.exec(ctx, `INSERT INTO user_prefs (user_id, display_name, theme, page_size, default_view)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name,
		theme = excluded.theme, page_size = excluded.page_size, default_view = excluded.default_view`,
		userID, p.DisplayName, p.Theme, p.PageSize, p.DefaultView)
	if db.class(err) == errForeignKey {
		return herald.Errorf(herald.ENOTFOUND, "user %d not found", userID)
	}
	if err != nil {
		return db.wrap(err, fmt.Sprintf("set preferences of user %d", userID), "")
	}
	return nil
}

// ReadHistory lists the stories a user read, most recent first.
func (db *DB) ReadHistory(ctx context.Context, userID int64, limit int) ([]herald.HistoryEntry, error) {
	op := fmt.Sprintf("reading history of user %d", userID)
	rows, err := db.query(ctx, `SELECT s.id, s.title, s.url, r.read_at FROM story_states r
		JOIN stories s ON s.id = r.story_id WHERE r.user_id = $1 AND r.read_at IS NOT NULL
		ORDER BY r.read_at DESC, s.id DESC LIMIT $2`, userID, max(limit, 0))
	if err != nil {
		return nil, db.wrap(err, op, "")
	}
	defer rows.Close()
	out := []herald.HistoryEntry{}
	for rows.Next() {
		var h herald.HistoryEntry
		if err := rows.Scan(&h.StoryID, &h.Title, &h.URL, at(&h.ReadAt)); err != nil {
			return nil, db.wrap(err, op, "")
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, op, "")
	}
	return out, nil
}
