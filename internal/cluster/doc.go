// Package cluster recognises near-duplicate stories and groups stories about
// the same event into clusters, online: each story is compared, as it
// arrives, with the recent clusters and joins the best one or starts its own.
//
// The Engine is pure computation: it reads Docs in arrival order and keeps
// its state in memory, and it records every change it makes (Changes) so that
// a store can persist them and a later Engine can be restored from what the
// store kept (State). Given the same state and the same Docs in the same
// order, an Engine makes the same decisions, bit for bit: floating-point sums
// run in a fixed order and no decision reads a clock or a map's order.
//
// How a story is scored against a cluster (Config holds the numbers):
//   - text: the cosine of the story's TF-IDF vector (title words weighted up,
//     idf from the stories seen so far) with the cluster's mean vector;
//   - topics: the cosine of the story's topics weighted by salience with the
//     cluster's mean topic weights;
//   - time: when both the story and the cluster have times, the score decays
//     with the gap, and clusters quiet for longer than the window are closed.
//
// A near-duplicate (MinHash of word shingles, Jaccard above DupThreshold)
// joins the cluster of the story it copies whatever its score. Guards keep a
// cluster from chaining: a story joins only if the cluster's coherence (the
// length of its mean unit vector: 1 when every member is the same, lower as
// members spread) stays above MinCoherence, and clusters stop growing at
// MaxSize. A cluster that has drifted into two groups is split, and two
// clusters that have grown together are merged.
package cluster

import (
	"time"

	"github.com/heraldnews/herald"
)

// Doc is one story as the engine reads it.
type Doc struct {
	// StoryID identifies the story; the engine requires strictly increasing
	// ids (arrival order), which is the order a store assigns them.
	StoryID int64
	Title   string
	Text    string // plain text (no markup)
	Topics  []herald.StoryTopic
	// Published is when the story was published; zero when unknown. Time
	// only counts when both the story and a cluster have one.
	Published time.Time
}

// Result says what the engine did with one story.
type Result struct {
	StoryID int64
	// ClusterID is the cluster the story is in once Add returns; a later
	// merge or split may move it, and the Changes of that Flush say so.
	ClusterID int64
	// NewCluster is true when the story started ClusterID.
	NewCluster bool
	// DuplicateOf is the earlier story this one nearly duplicates (the most
	// similar, the earliest on ties), 0 when none. A duplicate always joins
	// its original's cluster.
	DuplicateOf int64
	// Similarity is the estimated Jaccard similarity with DuplicateOf for a
	// duplicate, else the score with the cluster joined (0 for a new cluster).
	Similarity float64
}
