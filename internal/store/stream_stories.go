package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/heraldnews/herald"
)

// ReaderStories returns the stories with ids that the reader can see, in
// the order of ids, with topics and the reader's state.
func (db *DB) ReaderStories(ctx context.Context, userID int64, ids []int64) ([]*herald.Story, error) {
	op := fmt.Sprintf("stories of user %d", userID)
	found, err := db.storiesByID(ctx, slices.Compact(slices.Clone(ids)))
	if err != nil {
		return nil, db.wrap(err, op, "")
	}
	now, seen := db.clock(), map[int64]bool{}
	out := make([]*herald.Story, 0, len(found))
	for _, s := range found {
		if !seen[s.ID] && (s.EmbargoUntil.IsZero() || !s.EmbargoUntil.After(now)) {
			out, seen[s.ID] = append(out, s), true
		}
	}
	if _, err := db.loadTopics(ctx, out, 0); err != nil {
		return nil, db.wrap(err, op, "")
	}
	if err := db.fillStates(ctx, userID, out); err != nil {
		return nil, db.wrap(err, op, "")
	}
	return out, nil
}

// TopicStories returns, for each of topics, the stories published at or
// after since that carry it, from the topics' index alone.
func (db *DB) TopicStories(ctx context.Context, topics []int64, since time.Time) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	if len(topics) == 0 {
		return out, nil
	}
	rows, err := db.query(ctx, `SELECT topic_id, story_id FROM story_topics
		WHERE topic_id IN ({{ids $1}}) AND published_at >= $2`, db.ids(topics), db.tv(since))
	if err != nil {
		return nil, db.wrap(err, "topic stories", "")
	}
	defer rows.Close()
	for rows.Next() {
		var topic, story int64
		if err := rows.Scan(&topic, &story); err != nil {
			return nil, db.wrap(err, "topic stories", "")
		}
		out[topic] = append(out[topic], story)
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, "topic stories", "")
	}
	return out, nil
}

// StoriesOfClusters returns each cluster's visible stories, oldest first, at
// most perCluster of each, without topics.
func (db *DB) StoriesOfClusters(ctx context.Context, clusterIDs []int64, perCluster int) (map[int64][]*herald.Story, error) {
	out := map[int64][]*herald.Story{}
	if len(clusterIDs) == 0 || perCluster <= 0 {
		return out, nil
	}
	found, err := db.queryStories(ctx, `SELECT `+storyColumns+storyFrom+clusterStoriesWhere("$1")+`
		AND `+visibleAt+`$2) ORDER BY `+clusterOf("s")+`, s.published_at, s.id`,
		db.ids(clusterIDs), db.t(db.clock()))
	if err != nil {
		return nil, db.wrap(err, "stories of clusters", "")
	}
	for _, s := range found {
		if len(out[s.ClusterID]) < perCluster {
			out[s.ClusterID] = append(out[s.ClusterID], s)
		}
	}
	return out, nil
}
