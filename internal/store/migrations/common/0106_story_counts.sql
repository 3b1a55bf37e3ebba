-- How many visible stories each topic and source has, kept up to date by
-- every write (and, for stories whose embargo lifts, by a recount shortly
-- after), so that topic and source lists never count the corpus on the read
-- path. Stories under embargo are not counted; the store recounts the
-- topics and sources of stories with an embargo when it starts.
ALTER TABLE topics ADD COLUMN story_count {{bigint}} NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN story_count {{bigint}} NOT NULL DEFAULT 0;
UPDATE topics SET story_count = (SELECT count(*) FROM story_topics st JOIN stories s ON s.id = st.story_id
    WHERE st.topic_id = topics.id AND s.embargo_until IS NULL);
UPDATE sources SET story_count = (SELECT count(*) FROM stories s
    WHERE s.source_id = sources.id AND s.embargo_until IS NULL);
CREATE INDEX topics_story_count_idx ON topics (story_count DESC, name_key, id) WHERE merged_into IS NULL;
