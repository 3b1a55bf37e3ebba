-- WebSub: one subscription per source at the hub its feed names. secret is the
-- HMAC key pushes are signed with and token the callback URL's last segment:
-- credentials, never logged.
CREATE TABLE websub_subscriptions (
    source_id     INTEGER PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
    hub_url       TEXT    NOT NULL,
    topic_url     TEXT    NOT NULL,
    secret        TEXT    NOT NULL,
    token         TEXT    NOT NULL UNIQUE,
    state         TEXT    NOT NULL CHECK (state IN ('pending', 'active', 'denied', 'expired', 'unsubscribing')),
    lease_seconds INTEGER NOT NULL DEFAULT 0,
    expires_at    INTEGER, -- NULL until verified
    requested_at  INTEGER,
    verified_at   INTEGER,
    last_push_at  INTEGER,
    last_error    TEXT    NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX websub_subscriptions_expiry_idx ON websub_subscriptions (expires_at) WHERE state = 'active';
