package store

import (
	"context"
	"fmt"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
)

// AppendTopicFacts adds records to the end of the topic facts log.
func (db *DB) AppendTopicFacts(ctx context.Context, facts []herald.TopicFacts) error {
	if len(facts) == 0 {
		return nil
	}
	now := db.tv(db.clock())
	idx := make([]int, len(facts))
	for i := range idx {
		idx[i] = i
	}
	err := db.write(ctx, func(t tx) error {
		return chunks(idx, 3, func(part []int) error {
			args := make([]any, 0, 3*len(part))
			for _, i := range part {
				args = append(args, storetext.Clean(facts[i].Key), string(facts[i].Facts), now)
			}
			_, err := t.exec(ctx, `INSERT INTO topic_facts (story_key, facts, at) VALUES `+values(len(part), 3, 0), args...)
			return err
		})
	})
	if err != nil {
		return db.wrap(err, "append topic facts", "")
	}
	return nil
}

// TopicFactsAfter returns up to limit records after afterID, in log order.
func (db *DB) TopicFactsAfter(ctx context.Context, afterID int64, limit int) ([]herald.TopicFacts, error) {
	return db.topicFacts(ctx, `SELECT id, story_key, facts FROM topic_facts WHERE id > $1 ORDER BY id LIMIT $2`, afterID, limit)
}

// LatestTopicFacts returns the newest n records, in log order.
func (db *DB) LatestTopicFacts(ctx context.Context, n int) ([]herald.TopicFacts, error) {
	return db.topicFacts(ctx, `SELECT id, story_key, facts FROM (SELECT id, story_key, facts FROM topic_facts
		ORDER BY id DESC LIMIT $1) AS newest ORDER BY id`, n)
}

func (db *DB) topicFacts(ctx context.Context, query string, args ...any) ([]herald.TopicFacts, error) {
	rows, err := db.query(ctx, query, args...)
	if err != nil {
		return nil, db.wrap(err, "topic facts", "")
	}
	defer rows.Close()
	var out []herald.TopicFacts
	for rows.Next() {
		var f herald.TopicFacts
		var facts string
		if err := rows.Scan(&f.ID, &f.Key, &facts); err != nil {
			return nil, db.wrap(err, "topic facts", "")
		}
		f.Facts = []byte(facts)
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, "topic facts", "")
	}
	return out, nil
}

// PruneTopicFacts drops all but the newest keep records.
func (db *DB) PruneTopicFacts(ctx context.Context, keep int) error {
	_, err := db.exec(ctx, `DELETE FROM topic_facts WHERE id <= coalesce((SELECT id FROM topic_facts
		ORDER BY id DESC LIMIT 1 OFFSET $1), 0)`, keep)
	if err != nil {
		return db.wrap(err, "prune topic facts", "")
	}
	return nil
}

// SetStoryTopics replaces a story's topic links and nothing else; see
// herald.TopicMemoryStore.
func (db *DB) SetStoryTopics(ctx context.Context, storyID int64, topics []herald.StoryTopic) error {
	links, err := storetext.TopicLinks(topics)
	if err != nil {
		return fmt.Errorf("set topics of story %d: %w", storyID, err)
	}
	row := &storyRow{Story: &herald.Story{ID: storyID}, links: links}
	now := db.clock()
	err = db.writeStories(ctx, nil, func(b *batch) error {
		if err := b.t.queryRow(ctx, `SELECT published_at, embargo_until FROM stories WHERE id = $1`, storyID).
			Scan(timeCol{&row.PublishedAt}, timeCol{&row.EmbargoUntil}); err != nil {
			return db.wrap(err, "find story", fmt.Sprintf("story %d not found", storyID))
		}
		row.wasVisible = row.visible(now)
		c := newCounts()
		if err := b.link(ctx, []*storyRow{row}, []herald.UpsertResult{{ID: storyID}}, nil, []int{0}, now, c); err != nil {
			return err
		}
		return c.apply(ctx, b.t)
	})
	if err != nil {
		return db.wrap(err, fmt.Sprintf("set topics of story %d", storyID), "")
	}
	return nil
}
