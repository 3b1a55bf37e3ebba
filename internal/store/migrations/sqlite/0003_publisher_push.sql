-- Publisher push: image credits, embargoes, revision history and tokens scoped
-- to one source.
ALTER TABLE stories ADD COLUMN image_credit TEXT NOT NULL DEFAULT '';
ALTER TABLE stories ADD COLUMN embargo_until INTEGER; -- NULL: no embargo
ALTER TABLE stories ADD COLUMN revision_count INTEGER NOT NULL DEFAULT 0;
CREATE INDEX stories_embargo_idx ON stories (embargo_until) WHERE embargo_until IS NOT NULL;

CREATE TABLE story_revisions (
    id       INTEGER PRIMARY KEY,
    story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    at       INTEGER NOT NULL,
    changed  TEXT    NOT NULL DEFAULT '[]', -- JSON array of field names
    previous TEXT    NOT NULL DEFAULT '{}'  -- JSON object: field name -> earlier value
);
CREATE INDEX story_revisions_story_idx ON story_revisions (story_id, id);

-- A token with a source_id may push stories to that source only.
ALTER TABLE tokens ADD COLUMN source_id INTEGER REFERENCES sources (id) ON DELETE CASCADE;
