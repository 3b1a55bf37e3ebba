package store

import (
	"context"
)

// RefreshTopicCounts counts, in one pass over the story links, the stories
// of every topic that readers can see now, and whether any of its stories is
// under embargo, for Topics to sort by. Until the next refresh, a count lags
// behind the stories stored since (a story whose embargo lifts is counted
// at the next refresh, never before), and topics that had no count yet are
// counted exactly by Topics itself. Run it in one instance, every minute or so.
func (db *DB) RefreshTopicCounts(ctx context.Context) error {
	now := db.t(db.clock())
	_, err := db.exec(ctx, `INSERT INTO topic_counts (topic_id, stories, hidden, computed_at)
		SELECT st.topic_id,
			sum(CASE WHEN `+visibleAt+`$1) THEN 1 ELSE 0 END),
			max(CASE WHEN s.embargo_until > $1 THEN 1 ELSE 0 END) > 0,
			$1
		FROM story_topics st JOIN stories s ON s.id = st.story_id
		GROUP BY st.topic_id
		ON CONFLICT (topic_id) DO UPDATE SET stories = excluded.stories, hidden = excluded.hidden,
			computed_at = excluded.computed_at`, now)
	if err == nil {
		_, err = db.exec(ctx, `DELETE FROM topic_counts WHERE computed_at < $1`, now)
	}
	if err != nil {
		return db.wrap(err, "refresh topic counts", "")
	}
	return nil
}
