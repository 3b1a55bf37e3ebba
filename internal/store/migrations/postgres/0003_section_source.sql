-- Where a story's section came from: 'publisher', 'source', 'category' (weak
-- labels the section classifier learns from), 'model' (its prediction) or ''.
ALTER TABLE stories ADD COLUMN section_source text NOT NULL DEFAULT '';
CREATE INDEX stories_section_examples_idx ON stories (published_at DESC, id DESC)
    WHERE section_source IN ('publisher', 'source', 'category');
