-- An admin can merge a topic into another (herald topic merge). The merged
-- topic keeps its row and slug, so links and follows by that slug still
-- resolve, and merged_into points at the surviving topic. merged_into always
-- names a topic that is not merged itself: a chain is never more than one hop.
ALTER TABLE topics ADD COLUMN merged_into INTEGER REFERENCES topics (id) ON DELETE SET NULL;
CREATE INDEX topics_merged_into_idx ON topics (merged_into) WHERE merged_into IS NOT NULL;
