-- One store for both databases: revisions keep their changed fields as JSON
-- (as SQLite does), and story times count whole milliseconds (as SQLite's
-- do), so that cursors mean the same in both.
ALTER TABLE story_revisions ALTER COLUMN changed DROP DEFAULT;
ALTER TABLE story_revisions ALTER COLUMN changed TYPE jsonb USING to_jsonb(changed);
ALTER TABLE story_revisions ALTER COLUMN changed SET DEFAULT '[]';
UPDATE stories SET published_at = date_trunc('milliseconds', published_at)
    WHERE published_at <> date_trunc('milliseconds', published_at);
