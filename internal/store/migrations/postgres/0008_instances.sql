-- Several Herald processes on one database (and the one-store rewrite).
-- A source is claimed before it is fetched: claimed_by names the instance,
-- claim_until is when the claim lapses if that instance dies mid-fetch;
-- last_fetched_by names the instance that fetched it last.
ALTER TABLE sources ADD COLUMN claimed_by text NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN claim_until timestamptz;
ALTER TABLE sources ADD COLUMN last_fetched_by text NOT NULL DEFAULT '';
CREATE INDEX sources_claim_idx ON sources (claimed_by) WHERE claimed_by <> '';

-- Named leases: a background job that must run once across every instance
-- (WebSub renewals, section training, ANALYZE) runs while it holds one.
CREATE TABLE leases (
    name   text        PRIMARY KEY,
    holder text        NOT NULL,
    until  timestamptz NOT NULL
);

-- Counters shared by every instance. topic_epoch moves with every topic
-- merge, so each instance empties its cache of slug -> topic id.
CREATE TABLE counters (
    name  text   PRIMARY KEY,
    value bigint NOT NULL DEFAULT 0
);
INSERT INTO counters (name, value) VALUES ('topic_epoch', 0);

-- Models learned from the stored stories (the section classifier), so that
-- every instance serves the same one and a restart need not retrain.
CREATE TABLE models (
    name       text        PRIMARY KEY,
    version    bigint      NOT NULL,
    data       bytea       NOT NULL,
    updated_at timestamptz NOT NULL
);

-- One store for both databases: revisions keep their changed fields as JSON
-- (as SQLite does), and story times count whole milliseconds (as SQLite's
-- do), so that cursors mean the same in both.
ALTER TABLE story_revisions ALTER COLUMN changed DROP DEFAULT;
ALTER TABLE story_revisions ALTER COLUMN changed TYPE jsonb USING to_jsonb(changed);
ALTER TABLE story_revisions ALTER COLUMN changed SET DEFAULT '[]';
UPDATE stories SET published_at = date_trunc('milliseconds', published_at)
    WHERE published_at <> date_trunc('milliseconds', published_at);
