-- A B-tree index row holds at most about 2,700 bytes, and feeds send GUIDs,
-- URLs and fingerprints of any length (hostile-cases E1). Index their MD5
-- instead of the raw text (md5 is immutable, so an index may use it; a crafted
-- collision can only make a source's own item fail to store). Queries compare
-- the hash, then the text.
ALTER TABLE stories DROP CONSTRAINT stories_source_id_external_id_key;
CREATE UNIQUE INDEX stories_source_external_key ON stories (source_id, md5(external_id));

DROP INDEX stories_canonical_url_idx;
CREATE INDEX stories_canonical_url_idx ON stories (md5(canonical_url)) WHERE canonical_url <> '';

DROP INDEX stories_fingerprint_idx;
CREATE INDEX stories_fingerprint_idx ON stories (md5(fingerprint)) WHERE fingerprint <> '';
