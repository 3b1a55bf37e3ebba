package rank

import "testing"

func scored(id, src, cluster int64, score float64, topics ...string) Scored {
	d := &Doc{ID: id, SourceID: src, ClusterID: cluster, Published: now}
	for _, t := range topics {
		d.Topics = append(d.Topics, DocTopic{Slug: t, Salience: 1})
	}
	return Scored{Cand: Cand{Doc: d}, Score: score}
}

func ids(sc []Scored) []int64 {
	var out []int64
	for _, s := range sc {
		out = append(out, s.Doc.ID)
	}
	return out
}

func TestOrderDiversity(t *testing.T) {
	w := DefaultWeights()
	// Source 1 is prolific and scores best; cluster 9 has two stories.
	var sc []Scored
	for i := range int64(6) {
		sc = append(sc, scored(10+i, 1, 0, 2-float64(i)/100))
	}
	sc = append(sc, scored(20, 2, 9, 1.5), scored(21, 3, 9, 1.4), scored(22, 4, 0, 1.0), scored(23, 5, 0, 0.5))
	got := Order(sc, w, 5)
	perPage := map[int64]int{}
	for _, s := range got[:5] {
		perPage[s.Doc.SourceID]++
	}
	if perPage[1] > 2 { // cap 3 of 10 is 2 of 5
		t.Errorf("first page %v: %d stories of the prolific source, want at most 2", ids(got[:5]), perPage[1])
	}
	for _, s := range got {
		if s.Doc.ID == 21 {
			t.Errorf("order %v: the second story of cluster 9 is there, want one per cluster", ids(got))
		}
	}
	if len(got) != 9 {
		t.Errorf("order %v: want the 9 stories of distinct clusters, capped ones later", ids(got))
	}
}

func TestOrderMMR(t *testing.T) {
	w := DefaultWeights()
	w.Diversity, w.SourceCap = 1, 10
	sc := []Scored{scored(1, 1, 0, 1.0, "opec"), scored(2, 2, 0, 0.95, "opec"), scored(3, 3, 0, 0.9, "nasa")}
	if got := ids(Order(sc, w, 10)); got[1] != 3 {
		t.Errorf("order %v: want the other topic second", got)
	}
}
