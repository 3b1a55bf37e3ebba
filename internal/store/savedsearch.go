package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
)

// SavedSearches lists a user's saved searches by name.
func (db *DB) SavedSearches(ctx context.Context, userID int64) ([]herald.SavedSearch, error) {
	op := fmt.Sprintf("saved searches of user %d", userID)
	rows, err := db.query(ctx, `SELECT id, name, query, section, created_at FROM saved_searches
		WHERE user_id = $1 ORDER BY lower(name){{C}}, id`, userID)
	if err != nil {
		return nil, db.wrap(err, op, "")
	}
	defer rows.Close()
	out := []herald.SavedSearch{}
	for rows.Next() {
		s := herald.SavedSearch{UserID: userID}
		if err := rows.Scan(&s.ID, &s.Name, &s.Query, &s.Section, at(&s.CreatedAt)); err != nil {
			return nil, db.wrap(err, op, "")
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, op, "")
	}
	return out, nil
}

// SaveSearch stores a saved search; ECONFLICT when the user has it already.
func (db *DB) SaveSearch(ctx context.Context, s *herald.SavedSearch) error {
	s.Query = clip(strings.TrimSpace(storetext.Clean(s.Query)), 500)
	s.Name = clip(strings.TrimSpace(storetext.Clean(s.Name)), 200)
	if s.Query == "" {
		return herald.Errorf(herald.EINVALID, "query: type what to search for")
	}
	if s.Name == "" {
		s.Name = s.Query
	}
	created := db.clock()
	err := db.writeRow(ctx, `INSERT INTO saved_searches (user_id, name, query, section, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, s.UserID, s.Name, s.Query, s.Section, db.t(created)).Scan(&s.ID)
	switch db.class(err) {
	case errUnique:
		return herald.Errorf(herald.ECONFLICT, "you follow the search %q already", s.Query)
	case errForeignKey:
		return herald.Errorf(herald.ENOTFOUND, "user %d not found", s.UserID)
	}
	if err != nil {
		return db.wrap(err, "save search", "")
	}
	s.CreatedAt = created
	return nil
}

// DeleteSavedSearch removes one of the user's saved searches.
func (db *DB) DeleteSavedSearch(ctx context.Context, userID, id int64) error {
	res, err := db.exec(ctx, `DELETE FROM saved_searches WHERE user_id = $1 AND id = $2`, userID, id)
	if err != nil {
		return db.wrap(err, "delete saved search", "")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return herald.Errorf(herald.ENOTFOUND, "saved search %d not found", id)
	}
	return nil
}
