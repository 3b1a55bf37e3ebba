package cluster

import (
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/textvec"
)

// Cluster is one cluster as a store keeps it: plain values, one row.
type Cluster struct {
	ID int64
	// Headline is the story closest to the cluster's mean, the earliest on ties.
	Headline int64
	Size     int
	// First and Last are the earliest and latest story times (Doc.Published)
	// of the members; zero when no member had one.
	First, Last time.Time
	// Topics are the members' topics with their mean salience, in topic id
	// order; Salience holds the engine's float32 weight exactly.
	Topics []herald.StoryTopic
	// Centroid is the mean of the members' TF-IDF vectors, its CentroidTerms
	// heaviest terms, not unit length (its length is the coherence).
	Centroid textvec.Vector
	// Open clusters take new stories; a closed one never changes again.
	Open bool
	// LastSeq is the engine's arrival number of the latest member, and
	// CheckedAt the size at the last split check; both are engine state.
	LastSeq   int64
	CheckedAt int
}

// Coherence is the length of the cluster's mean unit vector: 1 when all its
// stories are alike, lower as they spread.
func (c Cluster) Coherence() float64 { return norm(c.Centroid) }

// Member links a story to its cluster.
type Member struct {
	StoryID   int64
	ClusterID int64
	// DuplicateOf is the earlier story this one nearly duplicates, 0 when none.
	DuplicateOf int64
	// Features is engine state about the story (its vectors and signature),
	// opaque to the store, which keeps it as it is (about 1.5 KB).
	Features []byte
}

// Merge says that cluster From was folded into Into: From's stories are now
// Into's (each as a Member change), and From will never be used again. A
// store should make From lead to Into (links, follows).
type Merge struct {
	From, Into int64
}

// Meta is the engine's scalar state.
type Meta struct {
	Seq           int64     // stories added so far
	LastStory     int64     // the last story id added
	NextClusterID int64     // the next cluster id to hand out
	MaxTime       time.Time // the latest story time seen
	DF            []byte    // document frequencies, textvec.DF's binary form
}

// State is everything an Engine needs to go on: Restore builds one from it.
type State struct {
	Meta     Meta
	Clusters []Cluster // every open cluster
	Members  []Member  // every member of those clusters
}

// Changes is what changed since the last Flush (or since New or Restore).
// Applied in full over the state the engine started from, it gives the
// engine's state now.
type Changes struct {
	// BaseSeq is Meta.Seq of the state these changes apply to.
	BaseSeq int64
	Meta    Meta
	// Clusters are the rows of clusters created or changed, closed ones
	// included (Open false), in id order.
	Clusters []Cluster
	// Members are the stories added or moved to another cluster, in story
	// id order.
	Members []Member
	// Merges are the clusters folded into others, in the order they happened.
	Merges []Merge
}

// changeLog collects what changed between flushes.
type changeLog struct {
	base          int64
	touched       map[int64]struct{}
	members       map[int64]struct{}
	closed        []Cluster
	closedMembers []Member
	merges        []Merge
}

func (l *changeLog) reset(base int64) {
	*l = changeLog{base: base, touched: map[int64]struct{}{}, members: map[int64]struct{}{}}
}

func (l *changeLog) touch(id int64)     { l.touched[id] = struct{}{} }
func (l *changeLog) member(story int64) { l.members[story] = struct{}{} }

// closing records c's final row and the rows of its members that changed.
func (l *changeLog) closing(row Cluster, c *cluster) {
	l.closed = append(l.closed, row)
	delete(l.touched, row.ID)
	for _, m := range c.members {
		if _, ok := l.members[m.story]; ok {
			l.closedMembers = append(l.closedMembers, memberRow(c.id, m))
			delete(l.members, m.story)
		}
	}
}
func (l *changeLog) merged(from, into int64) {
	l.merges = append(l.merges, Merge{From: from, Into: into})
	delete(l.touched, from)
}
