package postgres

import (
	"context"
	"fmt"

	"github.com/heraldnews/herald"
	"github.com/jackc/pgx/v5"
)

// insertRevision stores rev and sets its ID.
func insertRevision(ctx context.Context, tx pgx.Tx, rev *herald.Revision) error {
	err := tx.QueryRow(ctx, `INSERT INTO story_revisions (story_id, at, changed, previous)
		VALUES ($1, $2, $3, $4) RETURNING id`, rev.StoryID, rev.At, rev.Changed, rev.Previous).Scan(&rev.ID)
	if err != nil {
		return fmt.Errorf("record revision: %w", err)
	}
	return nil
}

// StoryRevisions lists the revisions of a story, oldest first; ENOTFOUND if
// the story does not exist. Embargoes are not applied.
func (db *DB) StoryRevisions(ctx context.Context, storyID int64) ([]herald.Revision, error) {
	op := fmt.Sprintf("revisions of story %d", storyID)
	var exists bool
	if err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM stories WHERE id = $1)`, storyID).Scan(&exists); err != nil {
		return nil, wrap(err, op, "")
	}
	if !exists {
		return nil, herald.Errorf(herald.ENOTFOUND, "story %d not found", storyID)
	}
	rows, err := db.pool.Query(ctx, `SELECT id, at, changed, previous FROM story_revisions
		WHERE story_id = $1 ORDER BY id`, storyID)
	if err != nil {
		return nil, wrap(err, op, "")
	}
	defer rows.Close()
	out := []herald.Revision{}
	for rows.Next() {
		r := herald.Revision{StoryID: storyID}
		if err := rows.Scan(&r.ID, &r.At, &r.Changed, &r.Previous); err != nil {
			return nil, wrap(err, op, "")
		}
		r.At = r.At.UTC()
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err, op, "")
	}
	return out, nil
}

// RetractStory deletes story storyID of source sourceID with its topic links,
// revisions and events; ENOTFOUND if there is no such story, EFORBIDDEN if it
// belongs to another source.
func (db *DB) RetractStory(ctx context.Context, sourceID, storyID int64) error {
	err := db.write(ctx, func(tx pgx.Tx) error {
		var owner int64
		err := tx.QueryRow(ctx, `SELECT source_id FROM stories WHERE id = $1 FOR UPDATE`, storyID).Scan(&owner)
		if err != nil {
			return wrap(err, "find story", fmt.Sprintf("story %d not found", storyID))
		}
		if owner != sourceID {
			return herald.Errorf(herald.EFORBIDDEN, "story %d belongs to another source", storyID)
		}
		_, err = tx.Exec(ctx, `DELETE FROM stories WHERE id = $1`, storyID)
		return err
	})
	if err != nil {
		return fmt.Errorf("retract story %d: %w", storyID, err)
	}
	return nil
}
