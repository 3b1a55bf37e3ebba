-- Herald schema for SQLite. Times are INTEGER unix milliseconds, UTC; NULL
-- stands for "never" / "not set".

CREATE TABLE sources (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    url              TEXT    NOT NULL DEFAULT '',
    title            TEXT    NOT NULL DEFAULT '',
    site_url         TEXT    NOT NULL DEFAULT '',
    category         TEXT    NOT NULL DEFAULT '',
    full_text        TEXT    NOT NULL DEFAULT 'auto',
    etag             TEXT    NOT NULL DEFAULT '',
    last_modified    TEXT    NOT NULL DEFAULT '',
    last_fetched_at  INTEGER,
    next_fetch_at    INTEGER,
    interval_seconds INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT    NOT NULL DEFAULT '',
    error_count      INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX sources_url_key ON sources (url) WHERE url <> '';
CREATE INDEX sources_next_fetch_at_idx ON sources (next_fetch_at, id) WHERE url <> '';

CREATE TABLE stories (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id     INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    external_id   TEXT    NOT NULL,
    url           TEXT    NOT NULL DEFAULT '',
    canonical_url TEXT    NOT NULL DEFAULT '',
    title         TEXT    NOT NULL DEFAULT '',
    summary       TEXT    NOT NULL DEFAULT '',
    content_html  TEXT    NOT NULL DEFAULT '',
    text          TEXT    NOT NULL DEFAULT '',
    authors       TEXT    NOT NULL DEFAULT '[]',
    image_url     TEXT    NOT NULL DEFAULT '',
    image_caption TEXT    NOT NULL DEFAULT '',
    published_at  INTEGER NOT NULL,
    updated_at    INTEGER,
    fetched_at    INTEGER NOT NULL,
    section       TEXT    NOT NULL DEFAULT '',
    cluster_id    INTEGER NOT NULL DEFAULT 0,
    fingerprint   TEXT    NOT NULL DEFAULT '',
    UNIQUE (source_id, external_id)
);
CREATE INDEX stories_canonical_url_idx ON stories (canonical_url);
CREATE INDEX stories_fingerprint_idx ON stories (fingerprint);
CREATE INDEX stories_published_idx ON stories (published_at DESC, id DESC);
CREATE INDEX stories_source_published_idx ON stories (source_id, published_at DESC, id DESC);

-- Full-text index over title and plain text, an external-content table kept in
-- sync by the triggers below.
CREATE VIRTUAL TABLE stories_fts USING fts5 (
    title, text,
    content = 'stories', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER stories_fts_insert AFTER INSERT ON stories BEGIN
    INSERT INTO stories_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER stories_fts_delete AFTER DELETE ON stories BEGIN
    INSERT INTO stories_fts (stories_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER stories_fts_update AFTER UPDATE OF title, text ON stories BEGIN
    INSERT INTO stories_fts (stories_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO stories_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE TABLE topics (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    slug       TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL,
    name_key   TEXT    NOT NULL, -- lower-cased name for case-insensitive matching
    kind       TEXT    NOT NULL DEFAULT 'other',
    created_at INTEGER NOT NULL
);

CREATE TABLE story_topics (
    story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    topic_id INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    salience REAL    NOT NULL DEFAULT 0,
    PRIMARY KEY (story_id, topic_id)
) WITHOUT ROWID;
CREATE INDEX story_topics_topic_idx ON story_topics (topic_id, story_id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL DEFAULT '',
    is_admin      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    id_hash    TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL DEFAULT '',
    hash         TEXT    NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE INDEX tokens_user_idx ON tokens (user_id);

CREATE TABLE follows_topics (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    topic_id   INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, topic_id)
) WITHOUT ROWID;

CREATE TABLE follows_sources (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    source_id  INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, source_id)
) WITHOUT ROWID;
CREATE INDEX follows_sources_source_idx ON follows_sources (source_id);

CREATE TABLE mutes (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    topic_id   INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    until      INTEGER,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, topic_id)
) WITHOUT ROWID;

CREATE TABLE events (
    id       INTEGER PRIMARY KEY,
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    kind     TEXT    NOT NULL,
    at       INTEGER NOT NULL,
    dwell_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_user_at_idx ON events (user_id, at);
CREATE INDEX events_story_idx ON events (story_id);
