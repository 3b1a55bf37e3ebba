package store

import (
	"context"
	"fmt"
	"time"

	"github.com/heraldnews/herald"
)

// MuteTarget mutes a source, author or cluster; see herald.RankStore.
func (db *DB) MuteTarget(ctx context.Context, userID int64, m herald.MuteTarget) error {
	switch m.Kind {
	case herald.MuteSource, herald.MuteAuthor, herald.MuteCluster:
	default:
		return herald.Errorf(herald.EINVALID, "kind: %q is not one of source, author, cluster", m.Kind)
	}
	if m.Target == "" {
		return herald.Errorf(herald.EINVALID, "target: want what to mute")
	}
	var until any
	if !m.Until.IsZero() {
		until = db.t(m.Until)
	}
	_, err := db.exec(ctx, `INSERT INTO mutes_more (user_id, kind, target, until, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (user_id, kind, target) DO UPDATE SET until = excluded.until`,
		userID, m.Kind, m.Target, until, db.t(db.clock()))
	if err != nil {
		return db.wrap(db.userMissing(err, userID), fmt.Sprintf("mute %s %s for user %d", m.Kind, m.Target, userID), "")
	}
	return nil
}

// UnmuteTarget lifts a mute; see herald.RankStore.
func (db *DB) UnmuteTarget(ctx context.Context, userID int64, kind, target string) error {
	if _, err := db.exec(ctx, `DELETE FROM mutes_more WHERE user_id = $1 AND kind = $2 AND target = $3`,
		userID, kind, target); err != nil {
		return db.wrap(err, fmt.Sprintf("unmute %s %s for user %d", kind, target, userID), "")
	}
	return nil
}

// mutedTargets returns userID's mutes of sources, authors and clusters in
// force at now, newest first.
func (db *DB) mutedTargets(ctx context.Context, userID int64, now time.Time) ([]herald.MuteTarget, error) {
	rows, err := db.query(ctx, `SELECT kind, target, until, created_at FROM mutes_more
		WHERE user_id = $1 AND (until IS NULL OR until > $2) ORDER BY created_at DESC, kind, target`, userID, db.t(now))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []herald.MuteTarget{}
	for rows.Next() {
		var m herald.MuteTarget
		if err := rows.Scan(&m.Kind, &m.Target, at(&m.Until), at(&m.CreatedAt)); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// MutedTargets lists userID's mutes of sources, authors and clusters in
// force at now; see herald.RankStore.
func (db *DB) MutedTargets(ctx context.Context, userID int64, now time.Time) ([]herald.MuteTarget, error) {
	out, err := db.mutedTargets(ctx, userID, now)
	if err != nil {
		return nil, db.wrap(err, fmt.Sprintf("mutes of user %d", userID), "")
	}
	return out, nil
}

// MutedStories counts the visible stories published in [since, now) that
// userID's mutes in force at now hide: those carrying a muted topic, from
// a muted source, in a muted cluster or by a muted author; see
// herald.RankStore.
func (db *DB) MutedStories(ctx context.Context, userID int64, since, now time.Time) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT count(*) FROM stories s WHERE s.published_at >= $2 AND s.published_at < $3
		AND `+visibleAt+`$4) AND (
		s.id IN (SELECT st.story_id FROM story_topics st JOIN mutes m ON m.topic_id = st.topic_id
			WHERE m.user_id = $1 AND (m.until IS NULL OR m.until > $4) AND st.published_at >= $2)
		OR EXISTS (SELECT 1 FROM mutes_more m WHERE m.user_id = $1 AND (m.until IS NULL OR m.until > $4) AND (
			(m.kind = 'source' AND m.target = CAST(s.source_id AS TEXT))
			OR (m.kind = 'cluster' AND s.cluster_id <> 0 AND m.target = CAST(s.cluster_id AS TEXT))
			OR (m.kind = 'author' AND CAST(s.authors AS TEXT) LIKE '%"' || m.target || '"%'))))`,
		userID, db.tv(since), db.tv(now), db.t(now)).Scan(&n)
	if err != nil {
		return 0, db.wrap(err, fmt.Sprintf("count muted stories of user %d", userID), "")
	}
	return n, nil
}
