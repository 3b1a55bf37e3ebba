package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/heraldnews/herald"
)

// ClusterRefs returns, by story id, the cluster of each of storyIDs that
// holds two or more visible stories, with its reason at the store's current
// time. The refs do not depend on the reader today (userID is the asking
// reader, kept for reader-specific counts later).
func (db *DB) ClusterRefs(ctx context.Context, userID int64, storyIDs []int64) (map[int64]*herald.ClusterRef, error) {
	out := map[int64]*herald.ClusterRef{}
	if len(storyIDs) == 0 {
		return out, nil
	}
	ofStory, err := db.clustersOfStories(ctx, storyIDs)
	if err != nil {
		return nil, db.wrap(err, "cluster refs", "")
	}
	ids := make([]int64, 0, len(ofStory))
	for _, c := range ofStory {
		ids = append(ids, c)
	}
	outlines, err := db.clusterOutlines(ctx, ids)
	if err != nil {
		return nil, db.wrap(err, "cluster refs", "")
	}
	now := db.clock()
	refs := map[int64]*herald.ClusterRef{}
	for id, stories := range outlines {
		if r := herald.NewClusterRef(id, stories, now); r != nil {
			refs[id] = r
		}
	}
	for story, c := range ofStory {
		if r := refs[c]; r != nil {
			out[story] = r
		}
	}
	return out, nil
}

// clustersOfStories returns the cluster of each of ids that is in one.
func (db *DB) clustersOfStories(ctx context.Context, ids []int64) (map[int64]int64, error) {
	rows, err := db.query(ctx, `SELECT s.id, `+clusterOf("s")+` FROM stories s
		WHERE s.id IN ({{ids $1}}) AND `+clusterOf("s")+` <> 0`, db.ids(ids))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var story, c int64
		if err := rows.Scan(&story, &c); err != nil {
			return nil, err
		}
		out[story] = c
	}
	return out, rows.Err()
}

// clusterOutlines returns the visible stories of each of the clusters ids,
// oldest first, with only their id, source, title and publication time:
// what a ClusterRef, outlets and a timeline are made of.
func (db *DB) clusterOutlines(ctx context.Context, ids []int64) (map[int64][]*herald.Story, error) {
	out := map[int64][]*herald.Story{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.query(ctx, `SELECT `+clusterOf("s")+`, s.id, s.source_id, src.title, s.title, s.published_at`+storyFrom+
		clusterStoriesWhere("$1")+` AND `+visibleAt+`$2) ORDER BY `+clusterOf("s")+`, s.published_at, s.id`,
		db.ids(ids), db.t(db.clock()))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c int64
		var s herald.Story
		if err := rows.Scan(&c, &s.ID, &s.Source.ID, &s.Source.Title, &s.Title, at(&s.PublishedAt)); err != nil {
			return nil, err
		}
		s.SourceID, s.ClusterID = s.Source.ID, c
		out[c] = append(out[c], &s)
	}
	return out, rows.Err()
}

// Related stories share the story's salient topics: up to relatedTopics of
// its topics with a salience of at least relatedSalience (its most salient
// one whatever its salience), and a related story carries at least two of
// them (the one, when there is one). Each topic offers its newest
// relatedWindow stories (a walk of the topic's newest-first index), so the
// cost of a story page does not grow with how many stories a common topic
// has.
const (
	relatedTopics   = 3
	relatedSalience = 0.3
	relatedWindow   = 400
)

// relatedCandidates selects story_id: each topic's newest relatedWindow
// stories, one arm per topic.
func relatedCandidates(topics []int64, a *args) string {
	arms := make([]string, len(topics))
	for i, id := range topics {
		arms[i] = `SELECT story_id FROM (SELECT st.story_id FROM story_topics st WHERE st.topic_id = ` + a.add(id) +
			` ORDER BY st.published_at DESC, st.story_id DESC LIMIT ` + a.add(relatedWindow) + `) t` + strconv.Itoa(i)
	}
	return strings.Join(arms, " UNION ALL ")
}

// RelatedStories returns up to limit (1..50) visible stories that carry the
// story's salient topics, outside its cluster and not hidden by userID,
// newest first, with topics and userID's state. ENOTFOUND when the story is
// not visible; EINVALID for a limit outside 1..50.
func (db *DB) RelatedStories(ctx context.Context, userID, storyID int64, limit int) ([]*herald.Story, error) {
	if limit < 1 || limit > 50 {
		return nil, herald.Errorf(herald.EINVALID, "limit: must be between 1 and 50")
	}
	s, err := db.Story(ctx, storyID)
	if err != nil {
		return nil, fmt.Errorf("related stories: %w", err)
	}
	var topics []int64
	for i, t := range s.Topics { // most salient first
		if len(topics) < relatedTopics && (i == 0 || t.Salience >= relatedSalience) {
			topics = append(topics, t.ID)
		}
	}
	if len(topics) == 0 {
		return []*herald.Story{}, nil
	}
	var a args
	where := []string{visibleAt + a.add(db.t(db.clock())) + ")", "s.id <> " + a.add(s.ID),
		`s.id IN (SELECT story_id FROM (` + relatedCandidates(topics, &a) + `) c
			GROUP BY story_id HAVING count(*) >= ` + a.add(min(2, len(topics))) + `)`}
	if s.ClusterID != 0 {
		where = append(where, clusterOf("s")+" <> "+a.add(s.ClusterID))
	}
	if userID != 0 {
		where = append(where, readerFilters(herald.StoryFilter{}, a.add(userID))...)
	}
	page, err := db.storyPage(ctx, `SELECT `+storyColumns+storyFrom+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY s.published_at DESC, s.id DESC LIMIT `+a.add(limit), a, limit)
	if err == nil {
		err = db.fillStates(ctx, userID, page.Items)
	}
	if err != nil {
		return nil, db.wrap(err, "related stories", "")
	}
	return page.Items, nil
}
