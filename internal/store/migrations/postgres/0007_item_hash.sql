-- item_hash identifies the feed item a story was made from (ingest's hash of
-- the item as the feed gave it), so that a poll of a feed without ETag or
-- Last-Modified skips the items it already holds unchanged.
ALTER TABLE stories ADD COLUMN item_hash text NOT NULL DEFAULT '';
