package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/heraldnews/herald"
)

// insertRevision stores rev and sets its ID.
func insertRevision(ctx context.Context, tx writer, rev *herald.Revision) error {
	changed, _ := json.Marshal(rev.Changed)
	previous, _ := json.Marshal(rev.Previous)
	err := tx.QueryRowContext(ctx, `INSERT INTO story_revisions (story_id, at, changed, previous)
		VALUES (?, ?, ?, ?) RETURNING id`, rev.StoryID, rev.At.UnixMilli(), string(changed),
		string(previous)).Scan(&rev.ID)
	if err != nil {
		return fmt.Errorf("record revision: %w", err)
	}
	return nil
}

// StoryRevisions lists the revisions of a story, oldest first; ENOTFOUND if
// the story does not exist. Embargoes are not applied.
func (db *DB) StoryRevisions(ctx context.Context, storyID int64) ([]herald.Revision, error) {
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM stories WHERE id = ?`, storyID).Scan(&n); err != nil {
		return nil, fmt.Errorf("revisions of story %d: %w", storyID, err)
	}
	if n == 0 {
		return nil, herald.Errorf(herald.ENOTFOUND, "story %d not found", storyID)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT id, at, changed, previous FROM story_revisions
		WHERE story_id = ? ORDER BY id`, storyID)
	if err != nil {
		return nil, fmt.Errorf("revisions of story %d: %w", storyID, err)
	}
	defer rows.Close()
	out := []herald.Revision{}
	for rows.Next() {
		r := herald.Revision{StoryID: storyID}
		var at int64
		var changed, previous string
		if err := rows.Scan(&r.ID, &at, &changed, &previous); err != nil {
			return nil, fmt.Errorf("revisions of story %d: %w", storyID, err)
		}
		r.At = msTime(sql.NullInt64{Int64: at, Valid: true})
		if err := json.Unmarshal([]byte(changed), &r.Changed); err != nil {
			return nil, fmt.Errorf("revision %d: %w", r.ID, err)
		}
		if err := json.Unmarshal([]byte(previous), &r.Previous); err != nil {
			return nil, fmt.Errorf("revision %d: %w", r.ID, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("revisions of story %d: %w", storyID, err)
	}
	return out, nil
}

// RetractStory deletes story storyID of source sourceID with its topic links,
// revisions and events; ENOTFOUND if there is no such story, EFORBIDDEN if it
// belongs to another source.
func (db *DB) RetractStory(ctx context.Context, sourceID, storyID int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		var owner int64
		err := tx.QueryRowContext(ctx, `SELECT source_id FROM stories WHERE id = ?`, storyID).Scan(&owner)
		if err != nil {
			return notFound(err, "story %d not found", storyID)
		}
		if owner != sourceID {
			return herald.Errorf(herald.EFORBIDDEN, "story %d belongs to another source", storyID)
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM stories WHERE id = ?`, storyID)
		return err
	})
	if err != nil {
		return fmt.Errorf("retract story %d: %w", storyID, err)
	}
	return nil
}
