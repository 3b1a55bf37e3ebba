package store

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
)

// FeedCandidates returns q.UserID's candidates newest first, keyed on
// (published_at, id) like Stories, and the next cursor ("" on the last page):
// stories that carry a followed topic, come from a followed source or belong
// to a followed cluster that is not quiet (a story published within
// herald.QuietAfter of q.Now), minus those that carry a topic muted at q.Now
// and those under embargo at q.Now. MatchedTopics are the followed topics on
// each story, most salient first; MatchedSource is set when the story's
// source is followed, MatchedCluster when its cluster is. A zero q.Now means
// the current time. EINVALID for a malformed cursor or a bad limit.
//
// It reads the newest limit+1 stories of each thing the reader follows
// through an index (story_topics by topic and published_at, stories by
// source or cluster and published_at) and merges them, so a page costs the same at 10k
// and at 1M stories, whether the reader follows broad or rare topics.
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

// readerFollows is what a reader's feed is built from.
type readerFollows struct {
	topics, sources, muted []int64
	clusters               []int64 // followed clusters that are not quiet
	embargoes              bool    // some story is under embargo now
	hides                  bool    // the reader hid some story
}

// follows reads what userID follows and mutes at now, in one query: followed
// clusters count only while they are not quiet (a story published within
// herald.QuietAfter before now). (Whether
// any story is under embargo is asked as a max() over the partial embargo
// index: both engines answer that from the index's last entry, where an
// EXISTS with a parameter may be planned as a scan of every story.)
func (db *DB) follows(ctx context.Context, userID int64, now time.Time) (*readerFollows, error) {
	rows, err := db.query(ctx, `SELECT 't', topic_id FROM follows_topics WHERE user_id = $1
		UNION ALL SELECT 's', source_id FROM follows_sources WHERE user_id = $1
		UNION ALL SELECT 'm', topic_id FROM mutes WHERE user_id = $1 AND (until IS NULL OR until > $2)
		UNION ALL SELECT 'e', 0 WHERE (SELECT max(embargo_until) FROM stories WHERE embargo_until IS NOT NULL) > $2
		UNION ALL SELECT 'h', 0 WHERE EXISTS (SELECT 1 FROM story_states WHERE user_id = $1 AND hidden)
		UNION ALL SELECT 'c', f.cluster_id FROM cluster_follows f JOIN clusters c ON c.id = f.cluster_id
			WHERE f.user_id = $1 AND c.last_at > $3`, userID, db.t(now), db.tv(now.Add(-herald.QuietAfter)))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	f := &readerFollows{}
	for rows.Next() {
		var kind string
		var id int64
		if err := rows.Scan(&kind, &id); err != nil {
			return nil, err
		}
		switch kind {
		case "t":
			f.topics = append(f.topics, id)
		case "s":
			f.sources = append(f.sources, id)
		case "m":
			f.muted = append(f.muted, id)
		case "e":
			f.embargoes = true
		case "h":
			f.hides = true
		case "c":
			f.clusters = append(f.clusters, id)
		}
	}
	return f, rows.Err()
}

// candidateQuery builds the query that merges the newest stories of each
// followed topic, source and cluster before the cursor, with its arguments. The
// subqueries share the cursor, limit, time and mute arguments.
func (db *DB) candidateQuery(userID int64, f *readerFollows, now time.Time, cur cursor, limit, total int) (string, []any) {
	var a args
	at, id, lim := a.add(db.tv(cur.time())), a.add(cur.id), a.add(limit+1)
	var filters string
	if len(f.muted) > 0 {
		filters += ` AND NOT EXISTS (SELECT 1 FROM story_topics m WHERE m.story_id = STORY AND m.topic_id IN ({{ids ` +
			a.add(db.ids(f.muted)) + `}}))`
	}
	if f.embargoes {
		filters += ` AND EXISTS (SELECT 1 FROM stories v WHERE v.id = STORY AND (v.embargo_until IS NULL OR v.embargo_until <= ` +
			a.add(db.t(now)) + `))`
	}
	if f.hides {
		filters += ` AND NOT EXISTS (SELECT 1 FROM story_states h WHERE h.user_id = ` + a.add(userID) +
			` AND h.story_id = STORY AND h.hidden)`
	}
	topics, sources := padded(f.topics), padded(f.sources)
	parts := make([]string, 0, len(topics)+len(sources))
	for _, t := range topics {
		parts = append(parts, `SELECT * FROM (SELECT st.story_id AS id, st.published_at AS at FROM story_topics st
			WHERE st.topic_id = `+a.add(t)+` AND (st.published_at, st.story_id) < (`+at+`, `+id+`)`+
			strings.ReplaceAll(filters, "STORY", "st.story_id")+`
			ORDER BY st.published_at DESC, st.story_id DESC LIMIT `+lim+`) AS t`+strconv.Itoa(len(parts)))
	}
	for _, s := range sources {
		parts = append(parts, `SELECT * FROM (SELECT s.id AS id, s.published_at AS at FROM stories s
			WHERE s.source_id = `+a.add(s)+` AND (s.published_at, s.id) < (`+at+`, `+id+`)`+
			strings.ReplaceAll(filters, "STORY", "s.id")+`
			ORDER BY s.published_at DESC, s.id DESC LIMIT `+lim+`) AS t`+strconv.Itoa(len(parts)))
	}
	for _, c := range padded(f.clusters) {
		parts = append(parts, `SELECT * FROM (SELECT s.id AS id, s.published_at AS at FROM stories s
			WHERE `+clusterOf("s")+` = `+a.add(c)+` AND `+clusterOf("s")+` <> 0 AND (s.published_at, s.id) < (`+at+`, `+id+`)`+
			strings.ReplaceAll(filters, "STORY", "s.id")+`
			ORDER BY s.published_at DESC, s.id DESC LIMIT `+lim+`) AS t`+strconv.Itoa(len(parts)))
	}
	return `SELECT DISTINCT id, at FROM (` + strings.Join(parts, "\nUNION ALL ") + `) AS u
		ORDER BY at DESC, id DESC LIMIT ` + a.add(total+1), a
}

// padded returns ids padded with 0 (no such topic or source) to a power of
// two (none stays none). The feed query's text, and so its prepared
// statement and plan, then come in a few shapes rather than one per number
// of follows; a padding subquery is one index probe that finds nothing.
func padded(ids []int64) []int64 {
	if len(ids) == 0 {
		return ids
	}
	n := 1
	for n < len(ids) {
		n *= 2
	}
	return append(ids, make([]int64, n-len(ids))...)
}

// candidates finds the page's stories and attaches their topics and reasons.
func (db *DB) candidates(ctx context.Context, userID int64, now time.Time, cur cursor, limit int) ([]herald.Candidate, string, error) {
	f, err := db.follows(ctx, userID, now)
	if err != nil || len(f.topics)+len(f.sources)+len(f.clusters) == 0 {
		return []herald.Candidate{}, "", err
	}
	ids, err := db.candidateIDs(ctx, userID, f, now, cur, limit, limit)
	if err != nil {
		return nil, "", err
	}
	stories, err := db.storiesByID(ctx, ids)
	if err != nil {
		return nil, "", err
	}
	var next string
	if len(stories) > limit {
		stories = stories[:limit]
		next = cursorAt(stories[limit-1]).String()
	}
	matched, err := db.loadTopics(ctx, stories, userID)
	if err == nil {
		err = db.fillStates(ctx, userID, stories)
	}
	if err != nil {
		return nil, "", err
	}
	followed, clusters := map[int64]bool{}, map[int64]bool{}
	for _, s := range f.sources {
		followed[s] = true
	}
	for _, c := range f.clusters {
		clusters[c] = true
	}
	out := make([]herald.Candidate, len(stories))
	for i, s := range stories {
		out[i] = herald.Candidate{Story: s, MatchedTopics: matched[s.ID]}
		if clusters[s.ClusterID] {
			out[i].MatchedCluster = s.ClusterID
		}
		if followed[s.SourceID] {
			out[i].MatchedSource = &herald.SourceRef{ID: s.Source.ID, Title: s.Source.Title}
		}
	}
	return out, next, nil
}

// candidateIDs runs the candidate query: the ids of the newest limit
// stories before cur of each follow, total of them (plus one) in all.
func (db *DB) candidateIDs(ctx context.Context, userID int64, f *readerFollows, now time.Time, cur cursor, limit, total int) ([]int64, error) {
	query, args := db.candidateQuery(userID, f, now, cur, limit, total)
	rows, err := db.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		var at time.Time
		if err := rows.Scan(&id, timeCol{&at}); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// storiesByID returns the stories with ids, in the order of ids (ids that no
// longer name a story are left out).
func (db *DB) storiesByID(ctx context.Context, ids []int64) ([]*herald.Story, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	found, err := db.queryStories(ctx, `SELECT `+storyColumns+storyFrom+` WHERE s.id IN ({{ids $1}})`, db.ids(ids))
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*herald.Story, len(found))
	for _, s := range found {
		byID[s.ID] = s
	}
	out := make([]*herald.Story, 0, len(ids))
	for _, id := range ids {
		if s := byID[id]; s != nil {
			out = append(out, s)
		}
	}
	return out, nil
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
