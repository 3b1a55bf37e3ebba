-- Each reader's state of each story they touched: read (when), saved
-- (starred, when), hidden. A story without a row is unread, unsaved, shown.
-- read_at holds the time of the action that marked it, so that one "mark
-- all as read" can be undone without unmarking stories read before it.
CREATE TABLE story_states (
    user_id  {{bigint}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    story_id {{bigint}} NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    read_at  {{time}},
    saved_at {{time}},
    hidden   {{bool}}   NOT NULL DEFAULT {{false}},
    PRIMARY KEY (user_id, story_id)
){{norowid}};
CREATE INDEX story_states_story_idx ON story_states (story_id);
CREATE INDEX story_states_saved_idx ON story_states (user_id, saved_at) WHERE saved_at IS NOT NULL;
CREATE INDEX story_states_read_idx ON story_states (user_id, read_at) WHERE read_at IS NOT NULL;
