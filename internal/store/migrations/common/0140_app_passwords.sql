-- App passwords live beside API tokens, hashed the same way, listed and
-- revoked the same way; kind tells them apart ('api' or 'app_password'), so
-- that neither is accepted where the other is expected.
ALTER TABLE tokens ADD COLUMN kind TEXT NOT NULL DEFAULT 'api';

-- Each reader's secret feed key: ?key= on a feed-out URL reads that reader's
-- feeds. It is shown to the reader (GET /api/v1/me), so it is kept as is; it
-- can only read feeds, and a new key replaces the old one.
CREATE TABLE feed_keys (
    user_id    {{bigint}} PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    key        TEXT       NOT NULL UNIQUE,
    created_at {{time}}   NOT NULL
){{norowid}};
