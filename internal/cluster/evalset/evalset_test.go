package evalset

import (
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald/internal/cluster"
)

func TestReadJSONL(t *testing.T) {
	in := `{"id":"1","label":"a","title":"T","text":"x","published":"2026-03-01T10:00:00Z"}

{"id":"2","label":"b","text":"y"}
`
	items, err := ReadJSONL(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].Label != "a" || !items[0].Published.Equal(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)) || !items[1].Published.IsZero() {
		t.Errorf("items = %+v", items)
	}
	if _, err := ReadJSONL(strings.NewReader("{\"id\":\"1\"}\nnot json\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("err = %v, want one naming line 2", err)
	}
}

// TestClusterFollowsMerges checks that the final ids reflect a merge that
// moved an earlier story after it was added.
func TestClusterFollowsMerges(t *testing.T) {
	cfg := cluster.DefaultConfig()
	cfg.Threshold, cfg.MergeThreshold, cfg.TopicShare, cfg.ColdDocs = 0.3, 0.35, 0, 0 // three stories: no cold start
	docs := []cluster.Doc{
		{StoryID: 1, Text: "harbour flood walls breached"},
		{StoryID: 2, Text: "rail services suspended inland"},
		{StoryID: 3, Text: "harbour flood walls breached rail services suspended inland"},
	}
	ids, err := Cluster(cfg, docs)
	if err != nil {
		t.Fatal(err)
	}
	if ids[0] != ids[1] || ids[1] != ids[2] {
		t.Errorf("ids = %v, want all three in one cluster after the merge", ids)
	}
	rep := Score(ids, []Item{{Label: "x"}, {Label: "x"}, {Label: "x"}})
	if rep.BCubedF1 != 1 || rep.Clusters != 1 {
		t.Errorf("report = %+v", rep)
	}
}

func FuzzReadJSONL(f *testing.F) {
	f.Add(`{"id":"1","label":"a","title":"T","text":"x","published":"2026-03-01T10:00:00Z"}` + "\n\n")
	f.Add("{\"id\":1}\n")
	f.Fuzz(func(t *testing.T, in string) {
		items, err := ReadJSONL(strings.NewReader(in))
		if err != nil {
			return
		}
		docs, err := Docs(t.Context(), nil, items)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Cluster(cluster.DefaultConfig(), docs); err != nil {
			t.Fatalf("items the reader accepts do not cluster: %v", err)
		}
	})
}
