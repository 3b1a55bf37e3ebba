-- Webhooks: a URL that Herald posts each new story matching one topic,
-- source or story cluster to. after_story is the newest story when it was
-- made: only later ones are delivered. The last attempt is kept on the
-- webhook for the reader to see.
CREATE TABLE webhooks (
    id              {{serial}},
    user_id         {{bigint}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    url             TEXT       NOT NULL,
    secret          TEXT       NOT NULL,
    topic_id        {{bigint}} REFERENCES topics (id) ON DELETE CASCADE,
    source_id       {{bigint}} REFERENCES sources (id) ON DELETE CASCADE,
    cluster_id      {{bigint}},
    after_story     {{bigint}} NOT NULL DEFAULT 0,
    created_at      {{time}}   NOT NULL,
    last_attempt_at {{time}},
    last_status     INTEGER    NOT NULL DEFAULT 0,
    last_error      TEXT       NOT NULL DEFAULT ''
);
CREATE INDEX webhooks_user_idx ON webhooks (user_id);

-- One story to post to one webhook: pending until delivered or given up
-- (failed), retried with back-off.
CREATE TABLE webhook_deliveries (
    id              {{serial}},
    webhook_id      {{bigint}} NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    story_id        {{bigint}} NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    state           TEXT       NOT NULL DEFAULT 'pending',
    attempts        INTEGER    NOT NULL DEFAULT 0,
    next_attempt_at {{time}},
    last_status     INTEGER    NOT NULL DEFAULT 0,
    last_error      TEXT       NOT NULL DEFAULT '',
    created_at      {{time}}   NOT NULL,
    UNIQUE (webhook_id, story_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_story_idx ON webhook_deliveries (story_id);
