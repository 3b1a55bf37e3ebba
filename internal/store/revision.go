package store

import (
	"context"
	"fmt"

	"github.com/heraldnews/herald"
)

// insertRevision stores rev and sets its ID.
func (db *DB) insertRevision(ctx context.Context, t tx, rev *herald.Revision) error {
	err := t.queryRow(ctx, `INSERT INTO story_revisions (story_id, at, changed, previous)
		VALUES ($1, $2, $3, $4) RETURNING id`, rev.StoryID, db.t(rev.At), jsonText(rev.Changed),
		jsonText(rev.Previous)).Scan(&rev.ID)
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
	if err := db.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM stories WHERE id = $1)`, storyID).Scan(&exists); err != nil {
		return nil, db.wrap(err, op, "")
	}
	if !exists {
		return nil, herald.Errorf(herald.ENOTFOUND, "story %d not found", storyID)
	}
	rows, err := db.query(ctx, `SELECT id, at, changed, previous FROM story_revisions
		WHERE story_id = $1 ORDER BY id`, storyID)
	if err != nil {
		return nil, db.wrap(err, op, "")
	}
	defer rows.Close()
	out := []herald.Revision{}
	for rows.Next() {
		r := herald.Revision{StoryID: storyID}
		if err := rows.Scan(&r.ID, at(&r.At), jsonCol{&r.Changed}, jsonCol{&r.Previous}); err != nil {
			return nil, db.wrap(err, op, "")
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, op, "")
	}
	return out, nil
}

// RetractStory deletes story storyID of source sourceID with its topic links,
// revisions and events; ENOTFOUND if there is no such story, EFORBIDDEN if it
// belongs to another source.
func (db *DB) RetractStory(ctx context.Context, sourceID, storyID int64) error {
	err := db.write(ctx, func(t tx) error {
		var owner int64
		if err := t.queryRow(ctx, `SELECT source_id FROM stories WHERE id = $1`, storyID).Scan(&owner); err != nil {
			return db.wrap(err, "find story", fmt.Sprintf("story %d not found", storyID))
		}
		if owner != sourceID {
			return herald.Errorf(herald.EFORBIDDEN, "story %d belongs to another source", storyID)
		}
		topics, err := topicsOf(ctx, t, []int64{storyID})
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, `DELETE FROM stories WHERE id = $1`, storyID); err != nil {
			return err
		}
		now := db.clock()
		if err := recountTopics(ctx, t, topics, now); err != nil {
			return err
		}
		return recountSources(ctx, t, []int64{sourceID}, now)
	})
	if err != nil {
		return db.wrap(err, fmt.Sprintf("retract story %d", storyID), "")
	}
	return nil
}

// SectionExamples returns up to limit stories whose section is a weak label,
// newest first, with their plain text; see herald.StoryStore.
func (db *DB) SectionExamples(ctx context.Context, limit int) ([]herald.SectionExample, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := db.query(ctx, `SELECT title, text, section FROM stories
		WHERE section_source IN ('publisher', 'source', 'category') AND section <> ''
		ORDER BY published_at DESC, id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, db.wrap(err, "section examples", "")
	}
	defer rows.Close()
	var out []herald.SectionExample
	for rows.Next() {
		var e herald.SectionExample
		if err := rows.Scan(&e.Title, &e.Text, &e.Section); err != nil {
			return nil, db.wrap(err, "section examples", "")
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, "section examples", "")
	}
	return out, nil
}
