-- WebSub: one subscription per source at the hub its feed names. secret is the
-- HMAC key pushes are signed with and token the callback URL's last segment:
-- credentials, never logged.
CREATE TABLE websub_subscriptions (
    source_id     bigint      PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
    hub_url       text        NOT NULL,
    topic_url     text        NOT NULL,
    secret        text        NOT NULL,
    token         text        NOT NULL UNIQUE,
    state         text        NOT NULL CHECK (state IN ('pending', 'active', 'denied', 'expired', 'unsubscribing')),
    lease_seconds integer     NOT NULL DEFAULT 0,
    expires_at    timestamptz, -- NULL until verified
    requested_at  timestamptz,
    verified_at   timestamptz,
    last_push_at  timestamptz,
    last_error    text        NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX websub_subscriptions_expiry_idx ON websub_subscriptions (expires_at) WHERE state = 'active';
