-- Story clusters, as internal/cluster's worker saves them (see its
-- "What a store keeps"). A story's cluster stays in stories.cluster_id, which
-- every read of membership uses; cluster_members adds what clustering keeps
-- about each story. Neither table refers to stories: a retracted story leaves
-- the clustering state as it was, and reads join stories, so it is gone there.
CREATE TABLE clusters (
    id         {{bigint}} PRIMARY KEY,
    headline   {{bigint}} NOT NULL,
    size       INTEGER    NOT NULL,
    first_at   {{time}}   NOT NULL,
    last_at    {{time}}   NOT NULL,
    topics     TEXT       NOT NULL, -- JSON [{"id","slug","name","kind","salience"}]
    centroid   {{blob}}   NOT NULL,
    is_open    {{bool}}   NOT NULL,
    last_seq   {{bigint}} NOT NULL,
    checked_at INTEGER    NOT NULL
);
-- Listings walk clusters by their latest story; the worker loads open ones.
CREATE INDEX clusters_last_idx ON clusters (last_at, id);
CREATE INDEX clusters_open_idx ON clusters (id) WHERE is_open;

CREATE TABLE cluster_members (
    story_id     {{bigint}} PRIMARY KEY,
    cluster_id   {{bigint}} NOT NULL,
    duplicate_of {{bigint}} NOT NULL DEFAULT 0,
    features     {{blob}}   NOT NULL
);
CREATE INDEX cluster_members_cluster_idx ON cluster_members (cluster_id);

-- A cluster folded into another leads there (links, follows).
CREATE TABLE cluster_merges (
    from_id {{bigint}} PRIMARY KEY,
    into_id {{bigint}} NOT NULL
);

-- The clustering engine's scalar state: one row, id 1. seq is what a save
-- checks to refuse changes made from an older state.
CREATE TABLE cluster_meta (
    id              INTEGER    PRIMARY KEY,
    seq             {{bigint}} NOT NULL,
    last_story      {{bigint}} NOT NULL,
    next_cluster_id {{bigint}} NOT NULL,
    max_time        {{time}}   NOT NULL,
    df              {{blob}}   NOT NULL
);

-- Readers following a developing story.
CREATE TABLE cluster_follows (
    user_id    {{bigint}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    cluster_id {{bigint}} NOT NULL,
    created_at {{time}}   NOT NULL,
    PRIMARY KEY (user_id, cluster_id)
){{norowid}};
CREATE INDEX cluster_follows_cluster_idx ON cluster_follows (cluster_id);
