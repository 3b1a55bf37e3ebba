-- What the topic catalogue learned from each story (acronyms and their
-- expansions, short forms of names, kind evidence), as a log that every
-- instance replays into its memory: a later record of a story key replaces
-- the earlier one. kind_fixed marks a topic whose kind an administrator set:
-- later stories' evidence no longer changes it.
CREATE TABLE topic_facts (
    id        {{serial}},
    story_key TEXT     NOT NULL,
    facts     TEXT     NOT NULL,
    at        {{time}} NOT NULL
);
ALTER TABLE topics ADD COLUMN kind_fixed {{bool}} NOT NULL DEFAULT {{false}};
