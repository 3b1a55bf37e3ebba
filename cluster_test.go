package herald

import (
	"testing"
	"time"
)

func TestClusterReason(t *testing.T) {
	now := time.Date(2026, 1, 2, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name          string
		size, outlets int
		first, last   time.Time
		want          string
	}{
		{"many outlets", 5, 5, now.Add(-5 * time.Hour), now.Add(-4 * time.Hour), "5 outlets"},
		{"one outlet", 3, 1, now.Add(-9 * time.Hour), now.Add(-8 * time.Hour), "3 stories"},
		{"new development", 4, 3, now.Add(-6 * time.Hour), now.Add(-20 * time.Minute), "New development 20 min ago"},
		{"fresh but all at once", 4, 3, now.Add(-30 * time.Minute), now.Add(-20 * time.Minute), "3 outlets"},
		{"development hours ago", 4, 2, now.Add(-9 * time.Hour), now.Add(-2*time.Hour - time.Minute), "New development 2 h ago"},
		{"too old to be new", 4, 2, now.Add(-9 * time.Hour), now.Add(-3 * time.Hour), "2 outlets"},
	} {
		if got := ClusterReason(tc.size, tc.outlets, tc.first, tc.last, now); got != tc.want {
			t.Errorf("%s: ClusterReason = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestTimelineAndRef(t *testing.T) {
	at := time.Date(2026, 1, 2, 12, 0, 0, 0, time.UTC)
	a, b := SourceRef{ID: 1, Title: "A"}, SourceRef{ID: 2, Title: "B"}
	stories := []*Story{{ID: 10, Source: a, PublishedAt: at}, {ID: 11, Source: b, PublishedAt: at.Add(time.Hour)},
		{ID: 12, Source: a, PublishedAt: at.Add(2 * time.Hour)}}
	tl := Timeline(stories)
	if tl[0].Kind != TimelineFirst || tl[1].Kind != TimelineAlso || tl[2].Kind != TimelineUpdate {
		t.Errorf("Timeline kinds = %s, %s, %s", tl[0].Kind, tl[1].Kind, tl[2].Kind)
	}
	r := NewClusterRef(7, stories, at.Add(48*time.Hour))
	if r.Size != 3 || r.Outlets != 2 || len(r.Sources) != 2 || r.Sources[0] != a || r.Reason != "2 outlets" {
		t.Errorf("NewClusterRef = %+v", r)
	}
	if NewClusterRef(7, stories[:1], at) != nil {
		t.Error("NewClusterRef of one story is not nil")
	}
}

func TestCollapse(t *testing.T) {
	ref := &ClusterRef{ID: 9, Size: 3, Outlets: 2, Reason: "2 outlets"}
	stories := []*Story{{ID: 5}, {ID: 4}, {ID: 3}, {ID: 2}, {ID: 1}}
	got := Collapse(stories, map[int64]*ClusterRef{4: ref, 2: ref, 1: ref})
	var ids []int64
	for _, s := range got {
		ids = append(ids, s.ID)
	}
	if len(ids) != 3 || ids[0] != 5 || ids[1] != 4 || ids[2] != 3 {
		t.Fatalf("Collapse kept %v, want [5 4 3]: the cluster once, at its newest story", ids)
	}
	if got[1].Cluster != ref || got[0].Cluster != nil {
		t.Errorf("Cluster refs = %v, %v; want nil then the cluster's", got[0].Cluster, got[1].Cluster)
	}
}
