package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/heraldnews/herald"
)

// feedQuery selects the candidates of user ?1 at time ?2: stories that carry a
// followed topic or come from a followed source, minus those that carry a
// topic muted at ?2 and those under embargo at ?2, before the cursor (?3, ?4), newest first, ?5 rows. The
// extra column says whether the story's source is followed.
const feedQuery = `SELECT ` + storyColumns + `,
	s.source_id IN (SELECT source_id FROM follows_sources WHERE user_id = ?1)` + storyFrom + `
	WHERE (s.source_id IN (SELECT source_id FROM follows_sources WHERE user_id = ?1)
		OR EXISTS (SELECT 1 FROM story_topics st JOIN follows_topics f ON f.topic_id = st.topic_id
			WHERE st.story_id = s.id AND f.user_id = ?1))
	AND NOT EXISTS (SELECT 1 FROM story_topics st JOIN mutes m ON m.topic_id = st.topic_id
		WHERE st.story_id = s.id AND m.user_id = ?1 AND (m.until IS NULL OR m.until > ?2))
	AND (s.embargo_until IS NULL OR s.embargo_until <= ?2)
	AND (s.published_at, s.id) < (?3, ?4)
	ORDER BY s.published_at DESC, s.id DESC LIMIT ?5`

// FeedCandidates returns q.UserID's candidates newest first, keyed on
// (published_at, id) like Stories, and the next cursor ("" on the last page).
// MatchedTopics are the followed topics on each story, most salient first;
// MatchedSource is set when the story's source is followed. A zero q.Now means
// the current time. EINVALID for a malformed cursor or a bad limit.
func (db *DB) FeedCandidates(ctx context.Context, q herald.FeedQuery) ([]herald.Candidate, string, error) {
	limit, err := pageLimit(q.Limit)
	if err != nil {
		return nil, "", fmt.Errorf("feed candidates: %w", err)
	}
	cur, ok, err := parseCursor(q.Cursor)
	if err != nil {
		return nil, "", fmt.Errorf("feed candidates: %w", err)
	}
	if !ok {
		cur = cursor{at: 1<<63 - 1, id: 1<<63 - 1}
	}
	out, next, err := db.candidates(ctx, q.UserID, db.or(q.Now).UnixMilli(), cur, limit)
	if err != nil {
		return nil, "", fmt.Errorf("feed candidates of user %d: %w", q.UserID, err)
	}
	return out, next, nil
}

// candidates runs feedQuery and attaches topics and reasons.
func (db *DB) candidates(ctx context.Context, userID, now int64, cur cursor, limit int) ([]herald.Candidate, string, error) {
	rows, err := db.r.QueryContext(ctx, feedQuery, userID, now, cur.at, cur.id, limit+1)
	if err != nil {
		return nil, "", err
	}
	var stories []*herald.Story
	var bySource []bool
	for rows.Next() {
		var followed bool
		s, err := scanStory(rows, &followed)
		if err != nil {
			rows.Close()
			return nil, "", err
		}
		stories, bySource = append(stories, s), append(bySource, followed)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	var next string
	if len(stories) > limit {
		stories = stories[:limit]
		last := stories[limit-1]
		next = cursor{at: last.PublishedAt.UnixMilli(), id: last.ID}.String()
	}
	matched, err := loadTopics(ctx, db.r, stories, userID)
	if err != nil {
		return nil, "", err
	}
	out := make([]herald.Candidate, len(stories))
	for i, s := range stories {
		out[i] = herald.Candidate{Story: s, MatchedTopics: matched[s.ID]}
		if bySource[i] {
			out[i].MatchedSource = &herald.SourceRef{ID: s.Source.ID, Title: s.Source.Title}
		}
	}
	return out, next, nil
}

// RecordEvents stores reading signals of userID, all or none. EINVALID for an
// unknown kind or a negative dwell time, ENOTFOUND for an unknown story or
// user. A zero At means now.
func (db *DB) RecordEvents(ctx context.Context, userID int64, events []herald.Event) error {
	if len(events) == 0 {
		return nil
	}
	for _, e := range events {
		if !herald.ValidEventKind(e.Kind) {
			return herald.Errorf(herald.EINVALID, "event kind %q is unknown", e.Kind)
		}
		if e.DwellMS < 0 {
			return herald.Errorf(herald.EINVALID, "event dwell_ms must not be negative")
		}
	}
	now := db.clock()
	err := db.write(ctx, func(tx *sql.Tx) error {
		for _, e := range events {
			if err := insertEvent(ctx, tx, userID, e, atOr(e.At, now)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record events of user %d: %w", userID, userMissing(err, userID))
	}
	return nil
}

// atOr returns t in unix milliseconds, or def's when t is zero.
func atOr(t, def time.Time) int64 {
	if t.IsZero() {
		return def.UnixMilli()
	}
	return t.UnixMilli()
}

// insertEvent stores one event; ENOTFOUND when its story does not exist.
func insertEvent(ctx context.Context, tx *sql.Tx, userID int64, e herald.Event, at int64) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO events (user_id, story_id, kind, at, dwell_ms)
		SELECT ?, id, ?, ?, ? FROM stories WHERE id = ?`, userID, e.Kind, at, e.DwellMS, e.StoryID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return herald.Errorf(herald.ENOTFOUND, "story %d not found", e.StoryID)
	}
	return nil
}
