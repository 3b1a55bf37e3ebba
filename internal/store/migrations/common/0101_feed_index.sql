-- Feeds and topic pages read the newest stories of a topic. story_topics
-- keeps each story's published_at, so that an index walks a topic's stories
-- newest first without touching the stories table: a reader's feed takes the
-- newest few stories of each thing they follow and merges them, a cost that
-- does not grow with the number of stories stored.
ALTER TABLE story_topics ADD COLUMN published_at {{time}};
UPDATE story_topics SET published_at = (SELECT s.published_at FROM stories s WHERE s.id = story_topics.story_id);
CREATE INDEX story_topics_feed_idx ON story_topics (topic_id, published_at DESC, story_id DESC);
DROP INDEX story_topics_topic_idx;
