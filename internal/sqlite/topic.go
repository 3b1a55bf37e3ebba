package sqlite

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
	rows, err := db.r.QueryContext(ctx, `SELECT t.id, t.slug, t.name, t.kind,
		(SELECT count(*) FROM story_topics st JOIN stories s ON s.id = st.story_id
			WHERE st.topic_id = t.id AND (s.embargo_until IS NULL OR s.embargo_until <= ?3)) AS n
		FROM topics t WHERE ?1 = '' OR instr(t.name_key, ?1) > 0
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

// TopicBySlug returns one topic with StoryCount; ENOTFOUND if none.
func (db *DB) TopicBySlug(ctx context.Context, slug string) (*herald.Topic, error) {
	var t herald.Topic
	err := db.r.QueryRowContext(ctx, `SELECT t.id, t.slug, t.name, t.kind,
		(SELECT count(*) FROM story_topics st JOIN stories s ON s.id = st.story_id
			WHERE st.topic_id = t.id AND `+visible+`)
		FROM topics t WHERE t.slug = ?`, db.clock().UnixMilli(), slug).Scan(&t.ID, &t.Slug, &t.Name, &t.Kind, &t.StoryCount)
	if err != nil {
		return nil, fmt.Errorf("topic %q: %w", slug, notFound(err, "topic %q not found", slug))
	}
	return &t, nil
}
