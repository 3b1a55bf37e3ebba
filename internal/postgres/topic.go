package postgres

import (
	"context"
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
	rows, err := db.pool.Query(ctx, `SELECT t.id, t.slug, t.name, t.kind,
		(SELECT count(*) FROM story_topics st JOIN stories s ON s.id = st.story_id
			WHERE st.topic_id = t.id AND (s.embargo_until IS NULL OR s.embargo_until <= $3)) AS n
		FROM topics t WHERE $1 = '' OR strpos(t.name_key, $1) > 0
		ORDER BY n DESC, t.name_key COLLATE "C", t.id LIMIT $2`, q, limit, db.clock())
	if err != nil {
		return nil, wrap(err, "topics", "")
	}
	defer rows.Close()
	out := []*herald.Topic{}
	for rows.Next() {
		var t herald.Topic
		if err := rows.Scan(&t.ID, &t.Slug, &t.Name, &t.Kind, &t.StoryCount); err != nil {
			return nil, wrap(err, "topics", "")
		}
		out = append(out, &t)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err, "topics", "")
	}
	return out, nil
}

// TopicBySlug returns one topic with StoryCount; ENOTFOUND if none.
func (db *DB) TopicBySlug(ctx context.Context, slug string) (*herald.Topic, error) {
	var t herald.Topic
	err := db.pool.QueryRow(ctx, `SELECT t.id, t.slug, t.name, t.kind,
		(SELECT count(*) FROM story_topics st JOIN stories s ON s.id = st.story_id
			WHERE st.topic_id = t.id AND (s.embargo_until IS NULL OR s.embargo_until <= $2))
		FROM topics t WHERE t.slug = $1`, slug, db.clock()).Scan(&t.ID, &t.Slug, &t.Name, &t.Kind, &t.StoryCount)
	if err != nil {
		return nil, wrap(err, fmt.Sprintf("topic %q", slug), fmt.Sprintf("topic %q not found", slug))
	}
	return &t, nil
}
