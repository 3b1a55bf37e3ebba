-- A reader's own labels on stories (a feed reader app's tags: Google
-- Reader's user/-/label/NAME on an item).
CREATE TABLE story_labels (
    user_id    {{bigint}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label      TEXT       NOT NULL,
    story_id   {{bigint}} NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    created_at {{time}}   NOT NULL,
    PRIMARY KEY (user_id, label, story_id)
){{norowid}};
CREATE INDEX story_labels_story_idx ON story_labels (story_id);

-- What a reader changed about a source they follow, in a feed reader app:
-- the folder it sits in (NULL: the source's own category) and its title
-- ('': the source's own).
ALTER TABLE follows_sources ADD COLUMN folder TEXT;
ALTER TABLE follows_sources ADD COLUMN title TEXT NOT NULL DEFAULT '';

-- The stories of a cluster, earliest first: a reader stream shows a cluster
-- once (its earliest story), and a cluster's feed lists its stories.
CREATE INDEX stories_cluster_published_idx ON stories (cluster_id, published_at, id) WHERE cluster_id <> 0;
