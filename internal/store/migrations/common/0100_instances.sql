-- Migrations in this folder are written once for both databases, with type
-- macros: {{time}} INTEGER (unix ms) / timestamptz, {{blob}} BLOB / bytea,
-- {{bigint}} INTEGER / bigint, {{bool}} INTEGER / boolean, {{false}} 0 /
-- false, {{serial}} an auto-numbered primary key, {{norowid}} WITHOUT ROWID /
-- nothing. They are numbered from 100,
-- after each dialect's own history.

-- Several Herald processes on one database. A source is claimed before it is
-- fetched: claimed_by names the instance, claim_until is when the claim
-- lapses if that instance dies mid-fetch; last_fetched_by names the instance
-- that fetched it last.
ALTER TABLE sources ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN claim_until {{time}};
ALTER TABLE sources ADD COLUMN last_fetched_by TEXT NOT NULL DEFAULT '';
CREATE INDEX sources_claim_idx ON sources (claimed_by) WHERE claimed_by <> '';

-- Named leases: a background job that must run once across every instance
-- (WebSub renewals, section training) runs while it holds one.
CREATE TABLE leases (
    name   TEXT   PRIMARY KEY,
    holder TEXT   NOT NULL,
    until  {{time}} NOT NULL
){{norowid}};

-- Counters shared by every instance. topic_epoch moves with every topic
-- merge, so each instance empties its cache of slug -> topic id.
CREATE TABLE counters (
    name  TEXT     PRIMARY KEY,
    value {{bigint}} NOT NULL DEFAULT 0
){{norowid}};
INSERT INTO counters (name, value) VALUES ('topic_epoch', 0);

-- Models learned from the stored stories (the section classifier), so that
-- every instance serves the same one and a restart need not retrain.
CREATE TABLE models (
    name       TEXT     PRIMARY KEY,
    version    {{bigint}} NOT NULL,
    data       {{blob}}   NOT NULL,
    updated_at {{time}}   NOT NULL
){{norowid}};
