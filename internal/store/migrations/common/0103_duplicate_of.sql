-- A story whose canonical URL or text fingerprint matches a visible story of
-- another source is stored as its own (a publisher's push of its own story is
-- never refused) and linked to the earlier one; clustering shows them as one
-- item with every outlet. Deleting the earlier story unlinks the later one.
ALTER TABLE stories ADD COLUMN duplicate_of {{bigint}} REFERENCES stories (id) ON DELETE SET NULL;
CREATE INDEX stories_duplicate_of_idx ON stories (duplicate_of) WHERE duplicate_of IS NOT NULL;
