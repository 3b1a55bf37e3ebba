package cluster

import "time"

// Config holds the engine's numbers. DefaultConfig gives the measured ones
// (see README.md in this package for how each was chosen); the zero value is
// not usable.
type Config struct {
	// Threshold is the least score for a story to join a cluster, once the
	// document frequencies have seen ColdDocs stories (see ColdDocs).
	Threshold float64
	// ColdDocs: while the document-frequency table has seen fewer stories
	// than this, idf cannot yet tell a common word from a rare one, and
	// unrelated stories score higher than they will later; the least score
	// to join is then Threshold·c(ColdDocs)/c(N), c(N) = 1 + ln((1+N)/2)
	// being the ratio of the largest idf a table of N documents gives to the
	// smallest (see coldThreshold). 0 turns the schedule off.
	ColdDocs int
	// TopicShare is the part of the score that comes from topics (0..1); the
	// rest comes from the text.
	TopicShare float64
	// CoherencePower: a story's text cosine with a cluster's mean is divided
	// by the cluster's coherence to this power (0: plain cosine).
	CoherencePower float64
	// TitleWeight is how many body words each title word counts as.
	TitleWeight int
	// DupThreshold is the least estimated Jaccard similarity of word
	// shingles for a story to be a near-duplicate of an earlier one.
	DupThreshold float64
	// TimeScale: when a story and a cluster both have times, the score is
	// multiplied by exp(−gap/TimeScale), gap being how far the story's time
	// lies outside the cluster's [first, last].
	TimeScale time.Duration
	// Window closes a cluster when the newest story time seen is more than
	// Window after the cluster's last story time.
	Window time.Duration
	// WindowDocs closes a cluster when this many stories arrived after its
	// last one, whatever the times (stories without times rely on it).
	WindowDocs int
	// MaxSize: a cluster this large takes no more stories but duplicates.
	MaxSize int
	// MinCoherence is the least coherence a cluster may have after a story
	// joins: the chaining guard.
	MinCoherence float64
	// MergeThreshold is the least score of two clusters' means (text and
	// topics mixed as for a story) for them to merge.
	MergeThreshold float64
	// SplitEvery: a cluster of at least SplitMinSize stories is checked for a
	// split each time it has grown by SplitEvery stories, or by a
	// SplitEvery-th of its size when that is more (a check costs time in
	// proportion to the size).
	SplitEvery, SplitMinSize int
	// SplitThreshold: a cluster splits in two when the score between the two
	// halves found by 2-means is below it.
	SplitThreshold float64
	// DocTerms and CentroidTerms bound the terms kept per story and per
	// cluster mean; LookupTerms is how many of a story's heaviest terms look
	// up candidate clusters, MaxCandidates how many candidates are scored.
	DocTerms, CentroidTerms, LookupTerms, MaxCandidates int
}

// DefaultConfig returns the configuration measured in README.md.
func DefaultConfig() Config {
	return Config{
		Threshold:      0.10,
		ColdDocs:       50,
		TopicShare:     0,
		CoherencePower: 0.5,
		TitleWeight:    3,
		DupThreshold:   0.35,
		TimeScale:      48 * time.Hour,
		Window:         7 * 24 * time.Hour,
		WindowDocs:     20000,
		MaxSize:        1000,
		MinCoherence:   0.2,
		MergeThreshold: 0.3,
		SplitEvery:     8,
		SplitMinSize:   8,
		SplitThreshold: 0.15,
		DocTerms:       100,
		CentroidTerms:  300,
		LookupTerms:    12,
		MaxCandidates:  12,
	}
}
