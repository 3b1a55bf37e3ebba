package cluster

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// wordsDoc is a story whose text is the given words.
func wordsDoc(id int64, words string) Doc { return Doc{StoryID: id, Text: words} }

// bare is a configuration where text alone decides, every check runs,
// nothing closes and the threshold is the same from the first story on, for
// tests that set one number at a time.
func bare() Config {
	c := DefaultConfig()
	c.TopicShare, c.MinCoherence, c.MergeThreshold, c.SplitThreshold, c.ColdDocs = 0, 0, 2, -1, 0
	c.SplitMinSize, c.SplitEvery = 1<<30, 1<<30
	return c
}

func TestChainingGuard(t *testing.T) {
	chain := []string{
		"alpha beta gamma delta", "gamma delta epsilon zeta", "epsilon zeta eta theta", "eta theta iota kappa",
	}
	tests := []struct {
		name         string
		minCoherence float64
		maxSize      int
		wantClusters int
	}{
		{"without a guard the chain joins up", 0, 100, 1},
		{"the coherence guard breaks the chain", 0.72, 100, 2},
		{"the size guard caps the cluster", 0, 2, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := bare()
			cfg.Threshold, cfg.MinCoherence, cfg.MaxSize = 0.2, tc.minCoherence, tc.maxSize
			e := New(cfg)
			for i, w := range chain {
				mustAdd(t, e, wordsDoc(int64(i+1), w))
			}
			if n, _ := e.Stats(); n != tc.wantClusters {
				t.Errorf("%d clusters, want %d", n, tc.wantClusters)
			}
		})
	}
}

func TestMerge(t *testing.T) {
	cfg := bare()
	cfg.Threshold, cfg.MergeThreshold = 0.3, 0.35
	e := New(cfg)
	a := mustAdd(t, e, wordsDoc(1, "harbour flood walls breached"))
	b := mustAdd(t, e, wordsDoc(2, "rail services suspended inland"))
	if a.ClusterID == b.ClusterID {
		t.Fatal("unrelated stories share a cluster")
	}
	e.Flush()
	c := mustAdd(t, e, wordsDoc(3, "harbour flood walls breached rail services suspended inland"))
	if c.ClusterID != a.ClusterID {
		t.Errorf("bridging story in cluster %d, want the older %d", c.ClusterID, a.ClusterID)
	}
	ch := e.Flush()
	if diff := cmp.Diff([]Merge{{From: b.ClusterID, Into: a.ClusterID}}, ch.Merges); diff != "" {
		t.Errorf("merges (-want +got):\n%s", diff)
	}
	for _, m := range ch.Members {
		if m.ClusterID != a.ClusterID {
			t.Errorf("story %d moved to %d, want %d", m.StoryID, m.ClusterID, a.ClusterID)
		}
	}
	if len(ch.Members) != 2 {
		t.Errorf("%d member changes, want stories 2 and 3", len(ch.Members))
	}
}

func TestSplit(t *testing.T) {
	cfg := bare()
	cfg.Threshold, cfg.SplitMinSize, cfg.SplitEvery, cfg.SplitThreshold = 0.01, 4, 4, 0.5
	e := New(cfg)
	docs := []string{
		"common harbour flood walls breached", "common budget vote assembly minister",
		"common harbour flood walls water", "common budget vote assembly taxes",
	}
	var res []Result
	for i, w := range docs {
		res = append(res, mustAdd(t, e, wordsDoc(int64(i+1), w)))
	}
	if res[1].ClusterID != res[0].ClusterID || res[2].ClusterID != res[0].ClusterID {
		t.Fatalf("the threshold should let everything join first: %+v", res)
	}
	ch := e.Flush()
	byStory := map[int64]int64{}
	for _, m := range ch.Members {
		byStory[m.StoryID] = m.ClusterID
	}
	if byStory[1] != res[0].ClusterID || byStory[3] != byStory[1] {
		t.Errorf("the flood stories are in %d and %d, want both in the original cluster %d", byStory[1], byStory[3], res[0].ClusterID)
	}
	if byStory[2] == byStory[1] || byStory[4] != byStory[2] {
		t.Errorf("the budget stories are in %d and %d, want both in one new cluster", byStory[2], byStory[4])
	}
	if res[3].ClusterID != byStory[4] {
		t.Errorf("Add reported cluster %d for story 4, which ended in %d", res[3].ClusterID, byStory[4])
	}
}

func TestWindowClosesQuietClusters(t *testing.T) {
	cfg := bare()
	cfg.Window = 24 * time.Hour
	e := New(cfg)
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	first := mustAdd(t, e, Doc{StoryID: 1, Text: "harbour flood walls", Published: day})
	for i := int64(2); i <= closeEvery; i++ {
		mustAdd(t, e, Doc{StoryID: i, Text: fmt.Sprintf("unrelated story number %d", i), Published: day.Add(72 * time.Hour)})
	}
	late := mustAdd(t, e, Doc{StoryID: closeEvery + 1, Text: "harbour flood walls", Published: day.Add(72 * time.Hour)})
	if late.ClusterID == first.ClusterID {
		t.Errorf("a story three days on joined a cluster closed after a day")
	}
	closed := false
	for _, c := range e.Flush().Clusters {
		closed = closed || (c.ID == first.ClusterID && !c.Open)
	}
	if !closed {
		t.Error("the quiet cluster's closing is not in the changes")
	}
}
