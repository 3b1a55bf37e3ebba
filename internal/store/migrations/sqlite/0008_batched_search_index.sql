-- New stories enter the search index in one statement per write batch
-- (internal/sqlite/upsert.go, batch.indexSearch) instead of one trigger run
-- per row: FTS5 flushes its pending terms whenever a statement opens a
-- statement journal, so per-row indexing wrote a segment per story. Updates
-- and deletes keep their triggers.
DROP TRIGGER stories_fts_insert;
