package herald

import (
	"context"
	"time"
)

// Reason kinds of the ranked feed, besides ReasonTopic and ReasonSource.
const (
	ReasonRead     = "reading"  // "Because you read 3 stories about OPEC this week"
	ReasonSimilar  = "similar"  // "Like stories you read recently"
	ReasonTrending = "trending" // "Trending: 14 outlets"
	ReasonFresh    = "fresh"    // "One of the newest stories"
)

// Contribution is one feature's part in a feed item's score: the feature's
// value for the story (in [-1, 1]), its weight in the reader's settings,
// and their product, what it added to the score.
type Contribution struct {
	Feature      string  `json:"feature"`
	Value        float64 `json:"value"`
	Weight       float64 `json:"weight"`
	Contribution float64 `json:"contribution"`
}

// RankStory is a story as the ranker's index loads it: the story with its
// source title, topics (with ids and salience), section, cluster and
// authors (no HTML), and either its stored text vector (Features, packed)
// or, when it has none yet, its title and plain text to make one from.
type RankStory struct {
	Story    *Story
	Text     string // "" when Features is set
	Features []byte
}

// ReaderModel is what the ranker keeps for one reader: the learned profile
// and the ranking settings, each encoded by the ranker ("" or nil: none).
type ReaderModel struct {
	Profile   []byte
	Settings  []byte
	UpdatedAt time.Time
}

// FollowedCandidates are the newest stories of what a reader follows,
// newest first, with what they follow and mute at the time asked.
type FollowedCandidates struct {
	IDs             []int64
	Topics, Sources []int64
	Clusters        []int64 // followed clusters that are not quiet (QuietAfter)
	MutedTopics     []int64
	Muted           []MuteTarget // sources, authors and clusters in force
}

// Mute kinds of MuteTarget.
const (
	MuteSource  = "source"
	MuteAuthor  = "author"
	MuteCluster = "cluster"
)

// MuteTarget is a mute (or, with Until, a snooze) of a source (Target: its
// id), an author (the name) or a story cluster (its id).
type MuteTarget struct {
	Kind      string    `json:"kind"`
	Target    string    `json:"target"`
	Until     time.Time `json:"until,omitzero"`
	CreatedAt time.Time `json:"created_at"`
}

// RankStore keeps what the ranked feed learns and reads: stories'
// features, readers' models, and the mutes beyond topics.
type RankStore interface {
	// RankStories returns up to limit visible stories with ids above
	// afterID published at or after since, in id order.
	RankStories(ctx context.Context, afterID int64, since time.Time, limit int) ([]RankStory, error)
	// RankStoriesByID returns the visible stories among ids, in no order.
	RankStoriesByID(ctx context.Context, ids []int64) ([]RankStory, error)
	// SaveStoryFeatures stores stories' packed text vectors (a story that
	// has one keeps it).
	SaveStoryFeatures(ctx context.Context, features map[int64][]byte) error
	// ReaderModel returns userID's model; the zero ReaderModel when none.
	ReaderModel(ctx context.Context, userID int64) (ReaderModel, error)
	// SaveReaderProfile replaces userID's profile.
	SaveReaderProfile(ctx context.Context, userID int64, profile []byte, at time.Time) error
	// SaveRankSettings replaces userID's ranking settings (nil: defaults).
	SaveRankSettings(ctx context.Context, userID int64, settings []byte) error
	// FollowedCandidates returns the newest stories (published before now
	// and visible at now) of each topic, source and (not quiet) cluster
	// userID follows, without
	// those carrying a topic muted at now: max(minPer, budget/follows) of
	// each.
	FollowedCandidates(ctx context.Context, userID int64, now time.Time, budget, minPer int) (*FollowedCandidates, error)
	// ReaderFollows is FollowedCandidates without the stories (IDs nil):
	// what userID follows and mutes at now, in two small queries.
	ReaderFollows(ctx context.Context, userID int64, now time.Time) (*FollowedCandidates, error)
	// MuteTarget mutes a source, author or cluster for userID until until
	// (zero: for good). EINVALID for an unknown kind.
	MuteTarget(ctx context.Context, userID int64, m MuteTarget) error
	// UnmuteTarget lifts a mute; lifting none is not an error.
	UnmuteTarget(ctx context.Context, userID int64, kind, target string) error
	// MutedTargets lists userID's mutes of sources, authors and clusters in
	// force at now, newest first.
	MutedTargets(ctx context.Context, userID int64, now time.Time) ([]MuteTarget, error)
	// MutedStories counts the visible stories published in [since, now)
	// that userID's mutes (topics included) in force at now hide.
	MutedStories(ctx context.Context, userID int64, since, now time.Time) (int, error)
}
