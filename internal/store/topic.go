package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
)

// Topic page sizes.
const (
	defaultTopics = 100
	maxTopics     = 500
)

// Topics lists topics with StoryCount (stories under embargo not counted),
// most stories first, then by name; a topic that only stories under embargo
// carry is left out, so that an embargoed story's topics stay unknown. A query keeps topics
// whose name contains it, compared case-insensitively with Unicode rules.
// EINVALID for a limit outside 0..500.
func (db *DB) Topics(ctx context.Context, f herald.TopicFilter) ([]*herald.Topic, error) {
	limit := f.Limit
	if limit == 0 {
		limit = defaultTopics
	}
	if limit < 0 || limit > maxTopics {
		return nil, herald.Errorf(herald.EINVALID, "limit: must be between 1 and %d", maxTopics)
	}
	q := storetext.Fold(strings.TrimSpace(f.Query))
	// A topic without a counted story is listed only when no story at all
	// carries it: one that only stories under embargo carry stays unknown.
	rows, err := db.query(ctx, `SELECT t.id, t.slug, t.name, t.kind, t.story_count FROM topics t
		WHERE t.merged_into IS NULL AND (CAST($1 AS TEXT) = '' OR strpos(t.name_key, $1) > 0)
		AND (CAST($3 AS TEXT) = '' OR t.kind = $3)
		AND (t.story_count > 0 OR NOT EXISTS (SELECT 1 FROM story_topics st WHERE st.topic_id = t.id))
		ORDER BY t.story_count DESC, t.name_key{{C}}, t.id LIMIT $2 OFFSET $4`, q, limit, f.Kind, max(f.Offset, 0))
	if err != nil {
		return nil, db.wrap(err, "topics", "")
	}
	defer rows.Close()
	out := []*herald.Topic{}
	for rows.Next() {
		var t herald.Topic
		if err := rows.Scan(&t.ID, &t.Slug, &t.Name, &t.Kind, &t.StoryCount); err != nil {
			return nil, db.wrap(err, "topics", "")
		}
		out = append(out, &t)
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, "topics", "")
	}
	return out, nil
}

// TopicBySlug returns one topic with StoryCount; ENOTFOUND if none, or if
// only stories under embargo carry it. A merged topic's slug returns the
// topic it was merged into.
func (db *DB) TopicBySlug(ctx context.Context, slug string) (*herald.Topic, error) {
	return db.topicBySlug(ctx, db.queryRow, slug)
}

// topicBySlug is TopicBySlug through a query function (the read pool or a
// write transaction).
func (db *DB) topicBySlug(ctx context.Context, q func(context.Context, string, ...any) *sql.Row, slug string) (*herald.Topic, error) {
	var t herald.Topic
	var hidden bool
	err := q(ctx, `SELECT t.id, t.slug, t.name, t.kind, t.story_count,
		t.story_count = 0 AND EXISTS (SELECT 1 FROM story_topics st JOIN stories s ON s.id = st.story_id
			WHERE st.topic_id = t.id AND s.embargo_until > $2)
		FROM topics t WHERE t.id = (SELECT coalesce(merged_into, id) FROM topics WHERE slug = $1)`,
		slug, db.t(db.clock())).Scan(&t.ID, &t.Slug, &t.Name, &t.Kind, &t.StoryCount, &hidden)
	if err == nil && hidden {
		err = sql.ErrNoRows // known only through stories under embargo
	}
	if err != nil {
		return nil, db.wrap(err, fmt.Sprintf("topic %q", slug), fmt.Sprintf("topic %q not found", slug))
	}
	return &t, nil
}

// MergeTopic folds topic from into topic into: stories, follows and mutes
// move, and from's slug resolves to into from now on. See herald.TopicStore.
// Both topic rows are locked first (PostgreSQL; SQLite has one writer), so a
// story being tagged at the same time either commits before the merge (and
// its link moves) or waits for it. The merge bumps the topic epoch, which
// empties every process's topic cache.
func (db *DB) MergeTopic(ctx context.Context, from, into string) (*herald.Topic, error) {
	var out *herald.Topic
	err := db.write(ctx, func(t tx) error {
		fromID, err := topicID(ctx, t, from)
		if err != nil {
			return err
		}
		intoID, err := topicID(ctx, t, into)
		if err != nil {
			return err
		}
		if fromID == intoID {
			return herald.Errorf(herald.EINVALID, "topics %q and %q are already one topic", from, into)
		}
		steps := []struct{ what, sql string }{
			{"lock topics", `SELECT id FROM topics WHERE id IN ($1, $2) OR merged_into = $1 ORDER BY id{{lockrows}}`},
			{"redirect merged topics", `UPDATE topics SET merged_into = $2 WHERE id = $1 OR merged_into = $1`},
			{"move story links", `INSERT INTO story_topics (story_id, topic_id, salience, published_at)
				SELECT story_id, $2, salience, published_at FROM story_topics WHERE topic_id = $1 AND true
				ON CONFLICT (story_id, topic_id) DO UPDATE
				SET salience = greatest(story_topics.salience, excluded.salience)`},
			{"move follows", `INSERT INTO follows_topics (user_id, topic_id, created_at)
				SELECT user_id, $2, created_at FROM follows_topics WHERE topic_id = $1 AND true
				ON CONFLICT DO NOTHING`},
			// A mute of either topic mutes the merged one; the longer mute wins
			// (NULL until means for good).
			{"move mutes", `INSERT INTO mutes (user_id, topic_id, until, created_at)
				SELECT user_id, $2, until, created_at FROM mutes WHERE topic_id = $1 AND true
				ON CONFLICT (user_id, topic_id) DO UPDATE SET until =
					CASE WHEN mutes.until IS NULL OR excluded.until IS NULL THEN NULL
					ELSE greatest(mutes.until, excluded.until) END`},
			{"unlink merged topic", `DELETE FROM story_topics WHERE topic_id = $1 AND topic_id <> $2`},
			{"drop merged follows", `DELETE FROM follows_topics WHERE topic_id = $1 AND topic_id <> $2`},
			{"drop merged mutes", `DELETE FROM mutes WHERE topic_id = $1 AND topic_id <> $2`},
			{"bump topic epoch", `UPDATE counters SET value = value + 1 WHERE name = 'topic_epoch' AND CAST($1 AS BIGINT) <> CAST($2 AS BIGINT)`},
		}
		for _, st := range steps {
			if _, err := t.exec(ctx, st.sql, fromID, intoID); err != nil {
				return fmt.Errorf("%s: %w", st.what, err)
			}
		}
		if err := recountTopics(ctx, t, []int64{fromID, intoID}, db.clock()); err != nil {
			return err
		}
		out, err = db.topicBySlug(ctx, t.queryRow, into)
		return err
	})
	if err != nil {
		return nil, db.wrap(err, fmt.Sprintf("merge topic %q into %q", from, into), "")
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
	err = db.write(ctx, func(t tx) error {
		id, err := topicID(ctx, t, slug)
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, `UPDATE topics SET name = $1, name_key = $2,
			kind = CASE WHEN CAST($3 AS TEXT) = '' THEN kind ELSE $3 END,
			kind_fixed = CASE WHEN CAST($3 AS TEXT) = '' THEN kind_fixed ELSE true END WHERE id = $4`,
			name, storetext.Fold(name), kind, id); err != nil {
			return err
		}
		out, err = db.topicBySlug(ctx, t.queryRow, slug)
		return err
	})
	if err != nil {
		return nil, db.wrap(err, fmt.Sprintf("rename topic %q", slug), "")
	}
	return out, nil
}

// topicID returns the id of the topic with slug, or of the topic it was merged
// into; ENOTFOUND if none.
func topicID(ctx context.Context, t tx, slug string) (int64, error) {
	var id int64
	err := t.queryRow(ctx, `SELECT coalesce(merged_into, id) FROM topics WHERE slug = $1`, slug).Scan(&id)
	if err != nil {
		return 0, t.db.wrap(err, "find topic", fmt.Sprintf("topic %q not found", slug))
	}
	return id, nil
}

// readerTopicID is topicID for what a reader does (follow, mute): ENOTFOUND
// also for a topic that only stories under embargo carry.
func readerTopicID(ctx context.Context, t tx, slug string) (int64, error) {
	tp, err := t.db.topicBySlug(ctx, t.queryRow, slug)
	if err != nil {
		return 0, err
	}
	return tp.ID, nil
}
