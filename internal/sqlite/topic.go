package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
)

// Topic page sizes.
const (
	defaultTopics = 100
	maxTopics     = 500
)

// Topics lists topics with StoryCount (stories under embargo not counted), most stories first, then by name. A
// query keeps topics whose name contains it, compared case-insensitively with
// Unicode rules. EINVALID for a limit outside 0..500.
func (db *DB) Topics(ctx context.Context, f herald.TopicFilter) ([]*herald.Topic, error) {
	limit := f.Limit
	if limit == 0 {
		limit = defaultTopics
	}
	if limit < 0 || limit > maxTopics {
		return nil, herald.Errorf(herald.EINVALID, "limit: must be between 1 and %d", maxTopics)
	}
	q := storetext.Fold(strings.TrimSpace(f.Query))
	rows, err := db.r.QueryContext(ctx, `SELECT t.id, t.slug, t.name, t.kind,
		(SELECT count(*) FROM story_topics st JOIN stories s ON s.id = st.story_id
			WHERE st.topic_id = t.id AND (s.embargo_until IS NULL OR s.embargo_until <= ?3)) AS n
		FROM topics t WHERE t.merged_into IS NULL AND (?1 = '' OR instr(t.name_key, ?1) > 0)
		ORDER BY n DESC, t.name_key, t.id LIMIT ?2`, q, limit, db.clock().UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("topics: %w", err)
	}
	defer rows.Close()
	out := []*herald.Topic{}
	for rows.Next() {
		var t herald.Topic
		if err := rows.Scan(&t.ID, &t.Slug, &t.Name, &t.Kind, &t.StoryCount); err != nil {
			return nil, fmt.Errorf("topics: %w", err)
		}
		out = append(out, &t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("topics: %w", err)
	}
	return out, nil
}

// TopicBySlug returns one topic with StoryCount; ENOTFOUND if none. A merged
// topic's slug returns the topic it was merged into.
func (db *DB) TopicBySlug(ctx context.Context, slug string) (*herald.Topic, error) {
	return topicBySlug(ctx, db.r, db.clock(), slug)
}

// rowQuerier is what topicBySlug needs of a *sql.DB or *sql.Tx.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func topicBySlug(ctx context.Context, q rowQuerier, now time.Time, slug string) (*herald.Topic, error) {
	var t herald.Topic
	err := q.QueryRowContext(ctx, `SELECT t.id, t.slug, t.name, t.kind,
		(SELECT count(*) FROM story_topics st JOIN stories s ON s.id = st.story_id
			WHERE st.topic_id = t.id AND `+visible+`)
		FROM topics t WHERE t.id = (SELECT coalesce(merged_into, id) FROM topics WHERE slug = ?)`,
		now.UnixMilli(), slug).Scan(&t.ID, &t.Slug, &t.Name, &t.Kind, &t.StoryCount)
	if err != nil {
		return nil, fmt.Errorf("topic %q: %w", slug, notFound(err, "topic %q not found", slug))
	}
	return &t, nil
}

// MergeTopic folds topic from into topic into: stories, follows and mutes
// move, and from's slug resolves to into from now on. See herald.TopicStore.
func (db *DB) MergeTopic(ctx context.Context, from, into string) (*herald.Topic, error) {
	var out *herald.Topic
	err := db.write(ctx, func(tx *sql.Tx) error {
		fromID, err := topicID(ctx, tx, from)
		if err != nil {
			return err
		}
		intoID, err := topicID(ctx, tx, into)
		if err != nil {
			return err
		}
		if fromID == intoID {
			return herald.Errorf(herald.EINVALID, "topics %q and %q are already one topic", from, into)
		}
		steps := []struct{ what, sql string }{
			{"redirect merged topics", `UPDATE topics SET merged_into = ?2 WHERE id = ?1 OR merged_into = ?1`},
			{"move story links", `INSERT INTO story_topics (story_id, topic_id, salience)
				SELECT story_id, ?2, salience FROM story_topics WHERE topic_id = ?1 AND true
				ON CONFLICT (story_id, topic_id) DO UPDATE SET salience = max(salience, excluded.salience)`},
			{"move follows", `INSERT INTO follows_topics (user_id, topic_id, created_at)
				SELECT user_id, ?2, created_at FROM follows_topics WHERE topic_id = ?1 AND true
				ON CONFLICT DO NOTHING`},
			// A mute of either topic mutes the merged one; the longer mute wins
			// (NULL until means for good).
			{"move mutes", `INSERT INTO mutes (user_id, topic_id, until, created_at)
				SELECT user_id, ?2, until, created_at FROM mutes WHERE topic_id = ?1 AND true
				ON CONFLICT (user_id, topic_id) DO UPDATE SET until =
					CASE WHEN until IS NULL OR excluded.until IS NULL THEN NULL ELSE max(until, excluded.until) END`},
			{"unlink merged topic", `DELETE FROM story_topics WHERE topic_id = ?1`},
			{"drop merged follows", `DELETE FROM follows_topics WHERE topic_id = ?1`},
			{"drop merged mutes", `DELETE FROM mutes WHERE topic_id = ?1`},
		}
		for _, st := range steps {
			if _, err := tx.ExecContext(ctx, st.sql, fromID, intoID); err != nil {
				return fmt.Errorf("%s: %w", st.what, err)
			}
		}
		// Slugs that linked to from now link to into. Writes are serialised
		// on one connection, so no story transaction runs between this and
		// the commit.
		db.topics.reset()
		out, err = topicBySlug(ctx, tx, db.clock(), into)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("merge topic %q into %q: %w", from, into, err)
	}
	return out, nil
}

// RenameTopic sets a topic's name and, unless kind is "", its kind. See
// herald.TopicStore.
func (db *DB) RenameTopic(ctx context.Context, slug, name, kind string) (*herald.Topic, error) {
	name, err := storetext.TopicRename(name, kind)
	if err != nil {
		return nil, fmt.Errorf("rename topic %q: %w", slug, err)
	}
	var out *herald.Topic
	err = db.write(ctx, func(tx *sql.Tx) error {
		id, err := topicID(ctx, tx, slug)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE topics SET name = ?, name_key = ?,
			kind = CASE WHEN ? = '' THEN kind ELSE ? END WHERE id = ?`,
			name, storetext.Fold(name), kind, kind, id); err != nil {
			return err
		}
		out, err = topicBySlug(ctx, tx, db.clock(), slug)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("rename topic %q: %w", slug, err)
	}
	return out, nil
}
