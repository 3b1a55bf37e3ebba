-- item_hash identifies the feed item a story was made from (ingest's hash of
-- the item as the feed gave it), so that a poll of a feed without ETag or
-- Last-Modified skips the items it already holds unchanged.
ALTER TABLE stories ADD COLUMN item_hash TEXT NOT NULL DEFAULT '';

-- Re-index a story's search text only when its title or text changed: an
-- update that rewrites them with the same values no longer churns the index.
DROP TRIGGER stories_fts_update;
CREATE TRIGGER stories_fts_update AFTER UPDATE OF title, text ON stories
WHEN old.title IS NOT new.title OR old.text IS NOT new.text BEGIN
    INSERT INTO stories_fts (stories_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO stories_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
