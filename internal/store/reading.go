package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
)

// visibleStories returns ENOTFOUND naming the first of ids that is not a
// story visible at now.
func (db *DB) visibleStories(ctx context.Context, t tx, ids []int64, now time.Time) error {
	var id int64
	err := t.queryRow(ctx, `SELECT u.v FROM ({{ids $1}}) u WHERE NOT EXISTS (SELECT 1 FROM stories s
		WHERE s.id = u.v AND `+visibleAt+`$2)) LIMIT 1`, db.ids(ids), db.t(now)).Scan(&id)
	switch {
	case notFound(err):
		return nil
	case err != nil:
		return err
	}
	return herald.Errorf(herald.ENOTFOUND, "story %d not found", id)
}

// setState applies one change (column = value) to the reader's state of
// stories ids, creating the rows it needs; ENOTFOUND for a story the reader
// cannot see.
func (db *DB) setState(ctx context.Context, op string, userID int64, ids []int64, column string, value any) error {
	if len(ids) == 0 {
		return nil
	}
	now := db.clock()
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	err := db.write(ctx, func(t tx) error {
		if err := db.visibleStories(ctx, t, ids, now); err != nil {
			return err
		}
		_, err := t.exec(ctx, `INSERT INTO story_states (user_id, story_id, `+column+`)
			SELECT $1, u.v, $2 FROM ({{ids $3}}) u WHERE true
			ON CONFLICT (user_id, story_id) DO UPDATE SET `+column+` = excluded.`+column,
			userID, value, db.ids(ids))
		return db.userMissing(err, userID)
	})
	if err != nil {
		return db.wrap(err, fmt.Sprintf("%s for user %d", op, userID), "")
	}
	return nil
}

// SetRead marks stories read or unread for userID; see herald.ReadingStore.
func (db *DB) SetRead(ctx context.Context, userID int64, storyIDs []int64, read bool) error {
	var at any
	if read {
		at = db.t(db.clock())
	}
	return db.setState(ctx, "mark stories read", userID, storyIDs, "read_at", at)
}

// SetSaved saves or unsaves a story for userID; see herald.ReadingStore.
func (db *DB) SetSaved(ctx context.Context, userID, storyID int64, saved bool) error {
	var at any
	if saved {
		at = db.t(db.clock())
	}
	return db.setState(ctx, "save story", userID, []int64{storyID}, "saved_at", at)
}

// SetHidden hides or shows a story for userID; see herald.ReadingStore.
func (db *DB) SetHidden(ctx context.Context, userID, storyID int64, hidden bool) error {
	return db.setState(ctx, "hide story", userID, []int64{storyID}, "hidden", hidden)
}

// MarkAllRead marks read the unread stories of a scope in one statement;
// the stories it marks carry its own read time, which is the undo token.
// See herald.ReadingStore.
func (db *DB) MarkAllRead(ctx context.Context, userID int64, scope herald.ReadScope) (int, string, error) {
	now := db.clock()
	before := scope.Before
	if before.IsZero() || before.After(now) {
		before = now
	}
	// A mark's time must differ from any other mark of this reader, so that
	// undoing one leaves the others: it takes the next free millisecond.
	var last time.Time
	var a args
	where := []string{"s.published_at <= " + a.add(db.tv(before)), visibleAt + a.add(db.t(now)) + ")"}
	user := a.add(userID)
	if scope.TopicSlug != "" {
		where = append(where, `s.id IN (SELECT st.story_id FROM story_topics st WHERE st.topic_id =
			(SELECT coalesce(t.merged_into, t.id) FROM topics t WHERE t.slug = `+a.add(scope.TopicSlug)+`))`)
	}
	if scope.SourceID != 0 {
		where = append(where, "s.source_id = "+a.add(scope.SourceID))
	}
	var marked int64
	err := db.write(ctx, func(t tx) error {
		if err := t.queryRow(ctx, `SELECT coalesce(max(read_at), $2) FROM story_states WHERE user_id = $1`,
			userID, db.tv(time.Time{})).Scan(timeCol{&last}); err != nil {
			return err
		}
		stamp := now
		if next := last.Add(time.Millisecond); next.After(stamp) {
			stamp = next
		}
		res, err := t.exec(ctx, `INSERT INTO story_states (user_id, story_id, read_at)
			SELECT `+user+`, s.id, `+a.add(db.t(stamp))+` FROM stories s WHERE `+strings.Join(where, " AND ")+`
			AND NOT EXISTS (SELECT 1 FROM story_states r WHERE r.user_id = `+user+` AND r.story_id = s.id
				AND r.read_at IS NOT NULL)
			ON CONFLICT (user_id, story_id) DO UPDATE SET read_at = excluded.read_at`, a...)
		if err != nil {
			return db.userMissing(err, userID)
		}
		marked, _ = res.RowsAffected()
		now = stamp
		return nil
	})
	if err != nil {
		return 0, "", db.wrap(err, fmt.Sprintf("mark all read for user %d", userID), "")
	}
	return int(marked), strconv.FormatInt(now.UnixMilli(), 36), nil
}

// UndoMarkAllRead makes unread the stories one MarkAllRead marked; see
// herald.ReadingStore.
func (db *DB) UndoMarkAllRead(ctx context.Context, userID int64, undo string) error {
	ms, err := strconv.ParseInt(undo, 36, 64)
	if err != nil || ms <= 0 {
		return herald.Errorf(herald.EINVALID, "undo: not a token that mark all read gave")
	}
	if _, err := db.exec(ctx, `UPDATE story_states SET read_at = NULL WHERE user_id = $1 AND read_at = $2`,
		userID, db.t(time.UnixMilli(ms))); err != nil {
		return db.wrap(err, fmt.Sprintf("undo mark all read for user %d", userID), "")
	}
	return nil
}

// StoryStates returns userID's state of the stories that have one.
func (db *DB) StoryStates(ctx context.Context, userID int64, storyIDs []int64) (map[int64]herald.StoryState, error) {
	out := map[int64]herald.StoryState{}
	if len(storyIDs) == 0 {
		return out, nil
	}
	rows, err := db.query(ctx, `SELECT story_id, read_at, saved_at, hidden FROM story_states
		WHERE user_id = $1 AND story_id IN ({{ids $2}})`, userID, db.ids(storyIDs))
	if err != nil {
		return nil, db.wrap(err, "story states", "")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var st herald.StoryState
		if err := rows.Scan(&id, at(&st.ReadAt), at(&st.SavedAt), &st.Hidden); err != nil {
			return nil, db.wrap(err, "story states", "")
		}
		st.Read, st.Saved = !st.ReadAt.IsZero(), !st.SavedAt.IsZero()
		out[id] = st
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, "story states", "")
	}
	return out, nil
}

// fillStates sets Read and Saved on stories for userID.
func (db *DB) fillStates(ctx context.Context, userID int64, stories []*herald.Story) error {
	if userID == 0 || len(stories) == 0 {
		return nil
	}
	ids := make([]int64, len(stories))
	for i, s := range stories {
		ids[i] = s.ID
	}
	states, err := db.StoryStates(ctx, userID, ids)
	if err != nil {
		return err
	}
	for _, s := range stories {
		st := states[s.ID]
		s.Read, s.Saved = st.Read, st.Saved
	}
	return nil
}
