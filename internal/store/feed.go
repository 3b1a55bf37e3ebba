package store

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/heraldnews/herald"
)

// feedQuery selects the candidates of user $1 at time $2: stories that carry a
// followed topic or come from a followed source, minus those that carry a
// topic muted at $2 and those under embargo at $2, before the cursor ($3,
// $4), newest first, $5 rows. The extra column says whether the story's
// source is followed.
const feedQuery = `SELECT ` + storyColumns + `,
	s.source_id IN (SELECT source_id FROM follows_sources WHERE user_id = $1)` + storyFrom + `
	WHERE (s.source_id IN (SELECT source_id FROM follows_sources WHERE user_id = $1)
		OR EXISTS (SELECT 1 FROM story_topics st JOIN follows_topics f ON f.topic_id = st.topic_id
			WHERE st.story_id = s.id AND f.user_id = $1))
	AND NOT EXISTS (SELECT 1 FROM story_topics st JOIN mutes m ON m.topic_id = st.topic_id
		WHERE st.story_id = s.id AND m.user_id = $1 AND (m.until IS NULL OR m.until > $2))
	AND ` + visibleAt + `$2)
	AND (s.published_at, s.id) < ($3, $4)
	ORDER BY s.published_at DESC, s.id DESC LIMIT $5`

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
		cur = cursor{at: farFuture.UnixMilli(), id: math.MaxInt64}
	}
	out, next, err := db.candidates(ctx, q.UserID, db.or(q.Now), cur, limit)
	if err != nil {
		return nil, "", db.wrap(err, fmt.Sprintf("feed candidates of user %d", q.UserID), "")
	}
	return out, next, nil
}

// candidates runs feedQuery and attaches topics and reasons.
func (db *DB) candidates(ctx context.Context, userID int64, now time.Time, cur cursor, limit int) ([]herald.Candidate, string, error) {
	rows, err := db.query(ctx, feedQuery, userID, db.t(now), db.tv(cur.time()), cur.id, limit+1)
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
		next = cursorAt(stories[limit-1]).String()
	}
	matched, err := db.loadTopics(ctx, stories, userID)
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

// RecordEvents stores reading signals of userID, all or none, in one
// statement. EINVALID for an unknown kind or a negative dwell time, ENOTFOUND
// for an unknown story or user. A zero At means now.
func (db *DB) RecordEvents(ctx context.Context, userID int64, events []herald.Event) error {
	if len(events) == 0 {
		return nil
	}
	now := db.clock()
	args := make([]any, 0, 5*len(events))
	ids := make([]int64, len(events))
	for i, e := range events {
		if !herald.ValidEventKind(e.Kind) {
			return herald.Errorf(herald.EINVALID, "event kind %q is unknown", e.Kind)
		}
		if e.DwellMS < 0 {
			return herald.Errorf(herald.EINVALID, "event dwell_ms must not be negative")
		}
		at := e.At
		if at.IsZero() {
			at = now
		}
		args = append(args, userID, e.StoryID, e.Kind, db.t(at), e.DwellMS)
		ids[i] = e.StoryID
	}
	if err := db.missingStory(ctx, ids); err != nil {
		return err
	}
	_, err := db.exec(ctx, `INSERT INTO events (user_id, story_id, kind, at, dwell_ms) VALUES `+values(len(events), 5, 0), args...)
	if db.class(err) == errForeignKey {
		if err := db.missingStory(ctx, ids); err != nil {
			return err // deleted meanwhile
		}
		return herald.Errorf(herald.ENOTFOUND, "user %d not found", userID)
	}
	if err != nil {
		return db.wrap(err, fmt.Sprintf("record events of user %d", userID), "")
	}
	return nil
}

// missingStory returns ENOTFOUND naming the first of ids that has no story.
func (db *DB) missingStory(ctx context.Context, ids []int64) error {
	var id int64
	err := db.queryRow(ctx, `SELECT u.v FROM ({{ids $1}}) u
		WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = u.v) LIMIT 1`, db.ids(ids)).Scan(&id)
	switch {
	case notFound(err):
		return nil
	case err != nil:
		return db.wrap(err, "find stories of events", "")
	}
	return herald.Errorf(herald.ENOTFOUND, "story %d not found", id)
}
