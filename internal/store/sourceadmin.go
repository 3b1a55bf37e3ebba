package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
)

// UpdateSource stores a source's settings; see herald.SourceAdminStore.
func (db *DB) UpdateSource(ctx context.Context, s herald.SourceSettings) (*herald.Source, error) {
	s.Title = strings.TrimSpace(storetext.Clean(s.Title))
	s.Category = cleanCategory(s.Category)
	if err := s.Validate(); err != nil {
		return nil, err
	}
	res, err := db.exec(ctx, `UPDATE sources SET title = $2, category = $3, full_text = $4,
		min_interval_seconds = $5, max_interval_seconds = $6,
		next_fetch_at = CASE WHEN paused AND NOT $7 THEN $8 ELSE next_fetch_at END, paused = $7
		WHERE id = $1`, s.ID, s.Title, s.Category, string(s.FullText), int64(s.MinInterval/time.Second),
		int64(s.MaxInterval/time.Second), s.Paused, db.t(db.clock()))
	if err != nil {
		return nil, db.wrap(err, fmt.Sprintf("update source %d", s.ID), "")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, herald.Errorf(herald.ENOTFOUND, "source %d not found", s.ID)
	}
	return db.Source(ctx, s.ID)
}

// cleanCategory trims a folder path: no empty segments, "/" between them.
func cleanCategory(c string) string {
	var parts []string
	for _, p := range strings.Split(storetext.Clean(c), "/") {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "/")
}

// RetargetSource moves a source to another feed URL, keeping its stories.
func (db *DB) RetargetSource(ctx context.Context, id int64, url string) error {
	res, err := db.exec(ctx, `UPDATE sources SET url = $2, etag = '', last_modified = '', next_fetch_at = $3
		WHERE id = $1`, id, storetext.Clean(url), db.t(db.clock()))
	if db.class(err) == errUnique {
		return herald.Errorf(herald.ECONFLICT, "a source with url %q exists", url)
	}
	if err != nil {
		return db.wrap(err, fmt.Sprintf("retarget source %d", id), "")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return herald.Errorf(herald.ENOTFOUND, "source %d not found", id)
	}
	return nil
}

// RenameCategory moves the sources of a folder and its subfolders.
func (db *DB) RenameCategory(ctx context.Context, from, to string) (int, error) {
	from, to = cleanCategory(from), cleanCategory(to)
	if from == "" {
		return 0, herald.Errorf(herald.EINVALID, "from: name the folder to rename")
	}
	// A subfolder keeps its path below the renamed folder: "News/Asia"
	// renamed from "News" to "World" becomes "World/Asia".
	res, err := db.exec(ctx, `UPDATE sources SET category = CASE
			WHEN category = $1 THEN $2
			WHEN $2 = '' THEN substr(category, length($1) + 2)
			ELSE $2 || substr(category, length($1) + 1) END
		WHERE category = $1 OR substr(category, 1, length($1) + 1) = $1 || '/'`, from, to)
	if err != nil {
		return 0, db.wrap(err, "rename category", "")
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// SavedStoryCount counts the stories of a source that some reader saved.
func (db *DB) SavedStoryCount(ctx context.Context, sourceID int64) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT count(DISTINCT r.story_id) FROM story_states r
		JOIN stories s ON s.id = r.story_id WHERE s.source_id = $1 AND r.saved_at IS NOT NULL`, sourceID).Scan(&n)
	if err != nil {
		return 0, db.wrap(err, fmt.Sprintf("saved stories of source %d", sourceID), "")
	}
	return n, nil
}

// Sections returns, among names, those that some visible story carries; each
// is one probe of the section index.
func (db *DB) Sections(ctx context.Context, names []string) ([]string, error) {
	if len(names) == 0 {
		return []string{}, nil
	}
	rows, err := db.query(ctx, `SELECT u.v FROM ({{texts $1}}) u WHERE EXISTS (SELECT 1 FROM stories s
		WHERE s.section = u.v AND `+visibleAt+`$2))`, db.texts(names), db.t(db.clock()))
	if err != nil {
		return nil, db.wrap(err, "sections", "")
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, db.wrap(err, "sections", "")
		}
		have[v] = true
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, "sections", "")
	}
	out := []string{}
	for _, n := range names {
		if have[n] {
			out = append(out, n)
		}
	}
	return out, nil
}
