// Package rank turns a reader's feed candidates into feed items: a score and the
// reasons each story is there. Score and Explain are pure and deterministic; Service
// adds the store lookup around them.
package rank

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/heraldnews/herald"
)

// HalfLife is how long it takes a story's freshness to halve.
const HalfLife = 12 * time.Hour

// maxTopicReasons caps how many followed topics one item names.
const maxTopicReasons = 3

// Score rates a candidate at now: its relevance (the salience of the followed topics
// it carries, or 1 for a followed source) times its freshness. It is in [0, 1].
func Score(c herald.Candidate, now time.Time) float64 {
	rel := 0.0
	for _, t := range c.MatchedTopics {
		rel = math.Max(rel, salience(c.Story, t.Slug))
	}
	if c.MatchedSource != nil {
		rel = math.Max(rel, 1)
	}
	age := now.Sub(c.Story.PublishedAt)
	if age < 0 {
		age = 0
	}
	fresh := math.Exp2(-float64(age) / float64(HalfLife))
	return rel * fresh
}

// salience returns the salience of the topic with slug on story s, or 0.5 when the
// story does not carry it (a candidate from a store that omits salience).
func salience(s *herald.Story, slug string) float64 {
	for _, t := range s.Topics {
		if t.Slug == slug {
			return t.Salience
		}
	}
	return 0.5
}

// Explain returns the reasons a candidate is in the feed: one for a followed
// cluster ("Because you follow this story"), one per followed topic (most
// salient first, at most three) and one for a followed source.
func Explain(c herald.Candidate) []herald.Reason {
	var rs []herald.Reason
	if c.MatchedCluster != 0 {
		rs = append(rs, herald.Reason{Kind: herald.ReasonCluster, Text: "Because you follow this story", ClusterID: c.MatchedCluster})
	}
	for i, t := range c.MatchedTopics {
		if i == maxTopicReasons {
			break
		}
		rs = append(rs, herald.Reason{
			Kind:      herald.ReasonTopic,
			Text:      fmt.Sprintf("Because you follow %s", t.Name),
			TopicSlug: t.Slug,
		})
	}
	if s := c.MatchedSource; s != nil {
		rs = append(rs, herald.Reason{
			Kind:     herald.ReasonSource,
			Text:     fmt.Sprintf("Because you follow %s", s.Title),
			SourceID: s.ID,
		})
	}
	return rs
}

// Items scores and explains candidates, keeping their order (newest first). A
// candidate with nothing to explain it is dropped: every item carries a reason.
func Items(cands []herald.Candidate, now time.Time) []herald.FeedItem {
	items := make([]herald.FeedItem, 0, len(cands))
	for _, c := range cands {
		reasons := Explain(c)
		if len(reasons) == 0 {
			continue
		}
		items = append(items, herald.FeedItem{Story: c.Story, Score: Score(c, now), Reasons: reasons})
	}
	return items
}

// Service implements herald.FeedService over a store.
type Service struct {
	Store herald.FollowStore
	Now   func() time.Time // defaults to time.Now
}

// Feed returns one page of the reader's feed, newest first, with reasons.
func (s *Service) Feed(ctx context.Context, q herald.FeedQuery) ([]herald.FeedItem, string, error) {
	if q.Now.IsZero() {
		q.Now = s.now()
	}
	cands, next, err := s.Store.FeedCandidates(ctx, q)
	if err != nil {
		return nil, "", fmt.Errorf("feed for user %d: %w", q.UserID, err)
	}
	if cands, err = s.unmuted(ctx, q, cands); err != nil {
		return nil, "", fmt.Errorf("feed for user %d: %w", q.UserID, err)
	}
	return Items(cands, q.Now), next, nil
}

// mutedTargets is the store method that lists a reader's mutes of
// sources, authors and clusters (herald.RankStore).
type mutedTargets interface {
	MutedTargets(ctx context.Context, userID int64, now time.Time) ([]herald.MuteTarget, error)
}

// unmuted drops the candidates of muted sources, authors and clusters (the
// store's candidates leave out muted topics already); a page may come out
// shorter, its cursor stays right.
func (s *Service) unmuted(ctx context.Context, q herald.FeedQuery, cands []herald.Candidate) ([]herald.Candidate, error) {
	mt, ok := s.Store.(mutedTargets)
	if !ok {
		return cands, nil
	}
	ms, err := mt.MutedTargets(ctx, q.UserID, q.Now)
	if err != nil || len(ms) == 0 {
		return cands, err
	}
	f := followsOf(&herald.FollowedCandidates{Muted: ms})
	return slices.DeleteFunc(cands, func(c herald.Candidate) bool {
		return f.Muted(&Doc{SourceID: c.Story.SourceID, ClusterID: c.Story.ClusterID, Authors: c.Story.Authors})
	}), nil
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
