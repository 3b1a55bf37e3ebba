package store

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/heraldnews/herald"
)

// rankColumns are what the ranker's index reads of a story: no HTML, and
// the text only when the story has no stored features yet.
var rankColumns = `s.id, s.source_id, src.title, s.title, s.authors, s.published_at, s.section, ` + clusterOf("s") + `,
	f.terms, CASE WHEN f.terms IS NULL THEN substr(s.text, 1, 8000) ELSE '' END
	FROM stories s JOIN sources src ON src.id = s.source_id LEFT JOIN story_features f ON f.story_id = s.id`

// RankStories returns stories for the ranker's index; see herald.RankStore.
func (db *DB) RankStories(ctx context.Context, afterID int64, since time.Time, limit int) ([]herald.RankStory, error) {
	out, err := db.rankStories(ctx, `SELECT `+rankColumns+` WHERE s.id > $1 AND s.published_at >= $2
		AND `+visibleAt+`$3) ORDER BY s.id LIMIT $4`, afterID, db.tv(since), db.t(db.clock()), limit)
	if err != nil {
		return nil, db.wrap(err, "rank stories", "")
	}
	return out, nil
}

// RankStoriesByID returns the visible stories among ids; see herald.RankStore.
func (db *DB) RankStoriesByID(ctx context.Context, ids []int64) ([]herald.RankStory, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	out, err := db.rankStories(ctx, `SELECT `+rankColumns+` WHERE s.id IN ({{ids $1}}) AND `+visibleAt+`$2)`,
		db.ids(ids), db.t(db.clock()))
	if err != nil {
		return nil, db.wrap(err, "rank stories by id", "")
	}
	return out, nil
}

func (db *DB) rankStories(ctx context.Context, query string, args ...any) ([]herald.RankStory, error) {
	rows, err := db.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var out []herald.RankStory
	var stories []*herald.Story
	for rows.Next() {
		s := &herald.Story{Topics: []herald.StoryTopic{}}
		var rs herald.RankStory
		var title string
		if err := rows.Scan(&s.ID, &s.SourceID, &s.Source.Title, &title, jsonCol{&s.Authors}, at(&s.PublishedAt),
			&s.Section, &s.ClusterID, &rs.Features, &rs.Text); err != nil {
			rows.Close()
			return nil, err
		}
		s.Source.ID, s.Title = s.SourceID, title
		rs.Story = s
		out, stories = append(out, rs), append(stories, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if _, err := db.loadTopics(ctx, stories, 0); err != nil {
		return nil, err
	}
	return out, nil
}

// SaveStoryFeatures stores stories' text vectors; see herald.RankStore.
func (db *DB) SaveStoryFeatures(ctx context.Context, features map[int64][]byte) error {
	ids := make([]int64, 0, len(features))
	for id := range features {
		ids = append(ids, id)
	}
	ids, err := db.existingStories(ctx, ids)
	if err != nil {
		return db.wrap(err, "save story features", "")
	}
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, 0, 2*len(ids))
	for _, id := range ids {
		args = append(args, id, features[id])
	}
	_, err = db.exec(ctx, `INSERT INTO story_features (story_id, terms) VALUES `+values(len(ids), 2, 0)+`
		ON CONFLICT (story_id) DO NOTHING`, args...)
	if db.class(err) == errForeignKey {
		return nil // a story deleted meanwhile: its features are not needed
	}
	if err != nil {
		return db.wrap(err, "save story features", "")
	}
	return nil
}

// ReaderModel returns userID's profile and settings; see herald.RankStore.
func (db *DB) ReaderModel(ctx context.Context, userID int64) (herald.ReaderModel, error) {
	var m herald.ReaderModel
	var body, settings string
	err := db.queryRow(ctx, `SELECT body, settings, updated_at FROM reader_profiles WHERE user_id = $1`, userID).
		Scan(&body, &settings, at(&m.UpdatedAt))
	switch {
	case notFound(err):
		return m, nil
	case err != nil:
		return m, db.wrap(err, fmt.Sprintf("model of user %d", userID), "")
	}
	if body != "" {
		m.Profile = []byte(body)
	}
	if settings != "" {
		m.Settings = []byte(settings)
	}
	return m, nil
}

// SaveReaderProfile replaces userID's profile; see herald.RankStore.
func (db *DB) SaveReaderProfile(ctx context.Context, userID int64, profile []byte, at time.Time) error {
	_, err := db.exec(ctx, `INSERT INTO reader_profiles (user_id, body, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
		userID, string(profile), db.t(at))
	if err != nil {
		return db.wrap(db.userMissing(err, userID), fmt.Sprintf("save profile of user %d", userID), "")
	}
	return nil
}

// SaveRankSettings replaces userID's ranking settings; see herald.RankStore.
func (db *DB) SaveRankSettings(ctx context.Context, userID int64, settings []byte) error {
	_, err := db.exec(ctx, `INSERT INTO reader_profiles (user_id, settings, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id) DO UPDATE SET settings = excluded.settings`,
		userID, string(settings), db.t(db.clock()))
	if err != nil {
		return db.wrap(db.userMissing(err, userID), fmt.Sprintf("save ranking settings of user %d", userID), "")
	}
	return nil
}

// FollowedCandidates returns the newest stories of each follow; see
// herald.RankStore. It runs the feed's candidate query (index probes per
// follow) with perFollow stories each.
func (db *DB) FollowedCandidates(ctx context.Context, userID int64, now time.Time, budget, minPer int) (*herald.FollowedCandidates, error) {
	op := fmt.Sprintf("followed candidates of user %d", userID)
	f, out, err := db.readerFollows(ctx, userID, now)
	if err != nil {
		return nil, db.wrap(err, op, "")
	}
	n := len(f.topics) + len(f.sources) + len(f.clusters)
	if n == 0 {
		return out, nil
	}
	parts := len(padded(f.topics)) + len(padded(f.sources)) + len(padded(f.clusters))
	perFollow := max(minPer, budget/n)
	cur := cursor{at: now.UnixMilli() + 1, id: math.MaxInt64}
	if out.IDs, err = db.candidateIDs(ctx, userID, f, now, cur, perFollow, perFollow*parts); err != nil {
		return nil, db.wrap(err, op, "")
	}
	return out, nil
}

// ReaderFollows returns what userID follows and mutes; see herald.RankStore.
func (db *DB) ReaderFollows(ctx context.Context, userID int64, now time.Time) (*herald.FollowedCandidates, error) {
	_, out, err := db.readerFollows(ctx, userID, now)
	if err != nil {
		return nil, db.wrap(err, fmt.Sprintf("follows of user %d", userID), "")
	}
	return out, nil
}

func (db *DB) readerFollows(ctx context.Context, userID int64, now time.Time) (*readerFollows, *herald.FollowedCandidates, error) {
	f, err := db.follows(ctx, userID, now)
	if err != nil {
		return nil, nil, err
	}
	out := &herald.FollowedCandidates{Topics: f.topics, Sources: f.sources, Clusters: f.clusters, MutedTopics: f.muted}
	if out.Muted, err = db.mutedTargets(ctx, userID, now); err != nil {
		return nil, nil, err
	}
	return f, out, nil
}

// existingStories returns those of ids that name a story.
func (db *DB) existingStories(ctx context.Context, ids []int64) ([]int64, error) {
	return idColumn(db.query(ctx, `SELECT id FROM stories WHERE id IN ({{ids $1}})`, db.ids(ids)))
}
