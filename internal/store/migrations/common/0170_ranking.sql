-- The ranked feed. story_features: each story's text vector (TF-IDF, its
-- heaviest terms, packed), computed once when the ranker first sees the
-- story. reader_profiles: each reader's learned model (decayed feature
-- weights, updated as their events arrive) and ranking settings (preset and
-- weights; '' for the defaults). mutes_more: mutes and snoozes of sources,
-- authors and story clusters (topic mutes stay in mutes).
CREATE TABLE story_features (
    story_id {{bigint}} PRIMARY KEY REFERENCES stories (id) ON DELETE CASCADE,
    terms    {{blob}}   NOT NULL
);

CREATE TABLE reader_profiles (
    user_id    {{bigint}} PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    body       TEXT       NOT NULL DEFAULT '',
    settings   TEXT       NOT NULL DEFAULT '',
    updated_at {{time}}   NOT NULL
);

CREATE TABLE mutes_more (
    user_id    {{bigint}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT       NOT NULL,
    target     TEXT       NOT NULL,
    until      {{time}},
    created_at {{time}}   NOT NULL,
    PRIMARY KEY (user_id, kind, target)
);
