-- The reader's web app: accounts an administrator can disable, sessions a
-- reader can see and end, each reader's preferences and saved searches,
-- sources that can be paused and given their own polling bounds, story
-- lead images kept as small local thumbnails, and a section filter.

ALTER TABLE users ADD COLUMN disabled {{bool}} NOT NULL DEFAULT {{false}};

-- The browser a session was started from, shown on the settings page.
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';

-- One row per reader who changed a setting; no row means the defaults.
CREATE TABLE user_prefs (
    user_id      {{bigint}} PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    display_name TEXT       NOT NULL DEFAULT '',
    theme        TEXT       NOT NULL DEFAULT 'system',
    page_size    {{bigint}} NOT NULL DEFAULT 30,
    default_view TEXT       NOT NULL DEFAULT 'foryou'
){{norowid}};

-- A search a reader follows: it lists like a topic on the Following page.
CREATE TABLE saved_searches (
    id         {{serial}},
    user_id    {{bigint}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT       NOT NULL,
    query      TEXT       NOT NULL,
    section    TEXT       NOT NULL DEFAULT '',
    created_at {{time}}   NOT NULL
);
CREATE UNIQUE INDEX saved_searches_query_key ON saved_searches (user_id, query, section);

-- A paused source is never due; min/max bound its polling interval (0: the
-- server's bounds).
ALTER TABLE sources ADD COLUMN paused {{bool}} NOT NULL DEFAULT {{false}};
ALTER TABLE sources ADD COLUMN min_interval_seconds {{bigint}} NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN max_interval_seconds {{bigint}} NOT NULL DEFAULT 0;

-- Lead images fetched once and kept as small JPEG thumbnails in the database
-- (several instances share it; readers' browsers never contact the
-- publisher). A failed fetch leaves a row with its error and no data, so it
-- is not tried again on every round.
CREATE TABLE story_images (
    story_id    {{bigint}} PRIMARY KEY REFERENCES stories (id) ON DELETE CASCADE,
    source_url  TEXT       NOT NULL,
    width       {{bigint}} NOT NULL DEFAULT 0,
    height      {{bigint}} NOT NULL DEFAULT 0,
    lead        {{blob}},
    thumb       {{blob}},
    error       TEXT       NOT NULL DEFAULT '',
    fetched_at  {{time}}   NOT NULL
){{norowid}};

-- The section bar lists a section's stories newest first.
CREATE INDEX stories_section_published_idx ON stories (section, published_at DESC, id DESC);

