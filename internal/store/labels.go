package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/heraldnews/herald"
)

// maxLabel is the longest label a reader may give, in characters.
const maxLabel = 200

// checkLabel returns EINVALID for an empty or over-long label.
func checkLabel(label string) error {
	if strings.TrimSpace(label) == "" || utf8.RuneCountInString(label) > maxLabel {
		return herald.Errorf(herald.EINVALID, "label: must be 1 to %d characters", maxLabel)
	}
	return nil
}

// SetLabel gives stories the reader's label or takes it off; see
// herald.StreamStore.
func (db *DB) SetLabel(ctx context.Context, userID int64, label string, storyIDs []int64, on bool) error {
	if err := checkLabel(label); err != nil {
		return err
	}
	if len(storyIDs) == 0 {
		return nil
	}
	ids := slices.Compact(slices.Sorted(slices.Values(storyIDs)))
	now := db.clock()
	err := db.write(ctx, func(t tx) error {
		if !on {
			_, err := t.exec(ctx, `DELETE FROM story_labels WHERE user_id = $1 AND label = $2 AND story_id IN ({{ids $3}})`,
				userID, label, db.ids(ids))
			return err
		}
		if err := db.visibleStories(ctx, t, ids, now); err != nil {
			return err
		}
		_, err := t.exec(ctx, `INSERT INTO story_labels (user_id, label, story_id, created_at)
			SELECT $1, $2, u.v, $3 FROM ({{ids $4}}) u WHERE true
			ON CONFLICT (user_id, label, story_id) DO NOTHING`, userID, label, db.t(now), db.ids(ids))
		return db.userMissing(err, userID)
	})
	if err != nil {
		return db.wrap(err, fmt.Sprintf("label stories %q for user %d", label, userID), "")
	}
	return nil
}

// Labels lists the reader's own labels by name.
func (db *DB) Labels(ctx context.Context, userID int64) ([]string, error) {
	rows, err := db.query(ctx, `SELECT label FROM story_labels WHERE user_id = $1 GROUP BY label ORDER BY label{{C}}`, userID)
	if err != nil {
		return nil, db.wrap(err, fmt.Sprintf("labels of user %d", userID), "")
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return nil, db.wrap(err, "labels", "")
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// StoryLabels returns the reader's labels of each story that has one.
func (db *DB) StoryLabels(ctx context.Context, userID int64, storyIDs []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	if len(storyIDs) == 0 {
		return out, nil
	}
	rows, err := db.query(ctx, `SELECT story_id, label FROM story_labels WHERE user_id = $1 AND story_id IN ({{ids $2}})
		ORDER BY story_id, label{{C}}`, userID, db.ids(storyIDs))
	if err != nil {
		return nil, db.wrap(err, "story labels", "")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var l string
		if err := rows.Scan(&id, &l); err != nil {
			return nil, db.wrap(err, "story labels", "")
		}
		out[id] = append(out[id], l)
	}
	return out, rows.Err()
}

// RenameLabel renames the reader's label, merging into to; see
// herald.StreamStore.
func (db *DB) RenameLabel(ctx context.Context, userID int64, from, to string) (int, error) {
	if err := checkLabel(to); err != nil {
		return 0, err
	}
	var moved int64
	err := db.write(ctx, func(t tx) error {
		res, err := t.exec(ctx, `INSERT INTO story_labels (user_id, label, story_id, created_at)
			SELECT user_id, $3, story_id, created_at FROM story_labels WHERE user_id = $1 AND label = $2 AND true
			ON CONFLICT (user_id, label, story_id) DO NOTHING`, userID, from, to)
		if err != nil {
			return err
		}
		if from == to {
			return nil
		}
		res, err = t.exec(ctx, `DELETE FROM story_labels WHERE user_id = $1 AND label = $2`, userID, from)
		if err == nil {
			moved, _ = res.RowsAffected()
		}
		return err
	})
	if err != nil {
		return 0, db.wrap(err, fmt.Sprintf("rename label %q of user %d", from, userID), "")
	}
	return int(moved), nil
}

// DeleteLabel takes the reader's label off every story.
func (db *DB) DeleteLabel(ctx context.Context, userID int64, label string) (int, error) {
	res, err := db.exec(ctx, `DELETE FROM story_labels WHERE user_id = $1 AND label = $2`, userID, label)
	if err != nil {
		return 0, db.wrap(err, fmt.Sprintf("delete label %q of user %d", label, userID), "")
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// SubscriptionPrefs returns the reader's folder and title of each followed
// source they changed.
func (db *DB) SubscriptionPrefs(ctx context.Context, userID int64) (map[int64]herald.SubscriptionPref, error) {
	rows, err := db.query(ctx, `SELECT source_id, folder, title FROM follows_sources
		WHERE user_id = $1 AND (folder IS NOT NULL OR title <> '')`, userID)
	if err != nil {
		return nil, db.wrap(err, fmt.Sprintf("subscription prefs of user %d", userID), "")
	}
	defer rows.Close()
	out := map[int64]herald.SubscriptionPref{}
	for rows.Next() {
		var id int64
		var folder sql.NullString
		var p herald.SubscriptionPref
		if err := rows.Scan(&id, &folder, &p.Title); err != nil {
			return nil, db.wrap(err, "subscription prefs", "")
		}
		if folder.Valid {
			p.Folder = &folder.String
		}
		out[id] = p
	}
	return out, rows.Err()
}

// SetSubscriptionPref stores the reader's folder and title of a followed
// source; ENOTFOUND when they do not follow it.
func (db *DB) SetSubscriptionPref(ctx context.Context, userID, sourceID int64, p herald.SubscriptionPref) error {
	var folder any
	if p.Folder != nil {
		folder = *p.Folder
	}
	res, err := db.exec(ctx, `UPDATE follows_sources SET folder = $3, title = $4 WHERE user_id = $1 AND source_id = $2`,
		userID, sourceID, folder, p.Title)
	if err != nil {
		return db.wrap(err, fmt.Sprintf("subscription of user %d to source %d", userID, sourceID), "")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return herald.Errorf(herald.ENOTFOUND, "you do not follow source %d", sourceID)
	}
	return nil
}
