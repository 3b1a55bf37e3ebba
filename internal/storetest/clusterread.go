package storetest

import (
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/cluster"
)

// clusterWorld is three clusters saved by hand: summit (1) by outlets A, C
// and B, with a later update of A; lone (2), one story; quake (3), two
// stories of A, the most recently active.
type clusterWorld struct {
	a, b, c                   *herald.Source
	a1, c1, b1, a2, d, e1, e2 int64
	ref                       cluster.State
}

func newClusterWorld(t *testing.T, s herald.Store) *clusterWorld {
	t.Helper()
	w := &clusterWorld{a: newSource(t, s, "https://a.example/feed", "Outlet A"),
		b: newSource(t, s, "https://b.example/feed", "Outlet B"), c: newSource(t, s, "https://c.example/feed", "Outlet C")}
	korea := topic("north-korea", 0.9)
	w.a1 = upsert(t, s, newStory(w.a.ID, "a1", t0, korea)).ID
	w.c1 = upsert(t, s, newStory(w.c.ID, "c1", t0.Add(30*time.Minute), korea)).ID
	w.b1 = upsert(t, s, newStory(w.b.ID, "b1", t0.Add(time.Hour), korea)).ID
	w.a2 = upsert(t, s, newStory(w.a.ID, "a2", t0.Add(2*time.Hour), korea)).ID
	w.d = upsert(t, s, newStory(w.b.ID, "d", t0.Add(3*time.Hour))).ID
	w.e1 = upsert(t, s, newStory(w.a.ID, "e1", t0.Add(4*time.Hour), topic("chile", 0.8))).ID
	w.e2 = upsert(t, s, newStory(w.a.ID, "e2", t0.Add(5*time.Hour), topic("chile", 0.8))).ID
	ch := cluster.Changes{Meta: cluster.Meta{Seq: 7, LastStory: w.e2, NextClusterID: 4, MaxTime: t0.Add(5 * time.Hour)},
		Clusters: []cluster.Cluster{clusterRow(1, w.b1, 4, t0.Add(2*time.Hour)), clusterRow(2, w.d, 1, t0.Add(3*time.Hour)),
			clusterRow(3, w.e1, 2, t0.Add(5*time.Hour))}}
	for c, stories := range map[int64][]int64{1: {w.a1, w.c1, w.b1, w.a2}, 2: {w.d}, 3: {w.e1, w.e2}} {
		for _, st := range stories {
			ch.Members = append(ch.Members, cluster.Member{StoryID: st, ClusterID: c, Features: []byte{1}})
		}
	}
	if err := w.ref.Apply(ch); err != nil {
		t.Fatal(err)
	}
	save(t, s, ch)
	return w
}

// clusterIDs returns the ids of clusters in order.
func clusterIDs(cs []*herald.Cluster) []int64 {
	out := []int64{}
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func listClusters(t *testing.T, s herald.Store, q herald.ClusterQuery) ([]*herald.Cluster, string) {
	t.Helper()
	cs, next, err := s.ListClusters(t.Context(), q)
	if err != nil {
		t.Fatalf("ListClusters(%+v): %v", q, err)
	}
	return cs, next
}

func testClusterReads(t *testing.T, s herald.Store) {
	w := newClusterWorld(t, s)
	cs, next := listClusters(t, s, herald.ClusterQuery{})
	if got := clusterIDs(cs); !gocmp.Equal(got, []int64{3, 1}) || next != "" {
		t.Fatalf("ListClusters = %v (next %q), want [3 1]: the lone story is no cluster", got, next)
	}
	summit := cs[1]
	wantOutlets := []herald.Outlet{{SourceID: w.a.ID, Title: "Outlet A", StoryID: w.a1, PublishedAt: t0},
		{SourceID: w.c.ID, Title: "Outlet C", StoryID: w.c1, PublishedAt: t0.Add(30 * time.Minute)},
		{SourceID: w.b.ID, Title: "Outlet B", StoryID: w.b1, PublishedAt: t0.Add(time.Hour)}}
	if d := gocmp.Diff(wantOutlets, summit.Outlets); d != "" {
		t.Errorf("Outlets (-want +got):\n%s", d)
	}
	if summit.Size != 4 || summit.Headline.ID != w.b1 || !summit.FirstSeen.Equal(t0) || !summit.LastSeen.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("summit = size %d headline %d first %v last %v; want 4, b1, t0, t0+2h", summit.Size, summit.Headline.ID, summit.FirstSeen, summit.LastSeen)
	}
	if got := storyIDs(summit.Stories); !gocmp.Equal(got, []int64{w.a1, w.c1, w.b1, w.a2}) {
		t.Errorf("Stories = %v, want oldest first", got)
	}
	var kinds []string
	for _, e := range summit.Timeline {
		kinds = append(kinds, e.Kind)
	}
	if want := []string{herald.TimelineFirst, herald.TimelineAlso, herald.TimelineAlso, herald.TimelineUpdate}; !gocmp.Equal(kinds, want) {
		t.Errorf("Timeline kinds = %v, want %v", kinds, want)
	}
	if len(summit.Topics) != 1 || summit.Topics[0].Slug != "north-korea" || len(summit.Headline.Topics) != 1 {
		t.Errorf("Topics = %+v, headline topics %+v; want north-korea on both", summit.Topics, summit.Headline.Topics)
	}
	// Pages, the topic filter and a bad cursor.
	page1, next := listClusters(t, s, herald.ClusterQuery{Limit: 1})
	page2, last := listClusters(t, s, herald.ClusterQuery{Limit: 1, Cursor: next})
	if clusterIDs(page1)[0] != 3 || next == "" || len(page2) != 1 || page2[0].ID != 1 || last != "" {
		t.Errorf("pages of 1 = %v then %v (next %q), want [3] then [1]", clusterIDs(page1), clusterIDs(page2), last)
	}
	if got, _ := listClusters(t, s, herald.ClusterQuery{Topic: "north-korea"}); !gocmp.Equal(clusterIDs(got), []int64{1}) {
		t.Errorf("clusters on north-korea = %v, want [1]", clusterIDs(got))
	}
	_, _, err := s.ListClusters(t.Context(), herald.ClusterQuery{Cursor: "not a cursor"})
	wantCode(t, err, herald.EINVALID)
	// One cluster in full, refs of stories.
	full, err := s.Cluster(t.Context(), 0, 1)
	if err != nil || len(full.Stories) != 4 || len(full.Stories[3].Topics) != 1 || len(full.Timeline) != 4 {
		t.Fatalf("Cluster(1) = %+v, %v; want its four stories with topics and timeline", full, err)
	}
	_, err = s.Cluster(t.Context(), 0, 99)
	wantCode(t, err, herald.ENOTFOUND)
	refs, err := s.ClusterRefs(t.Context(), 0, []int64{w.a1, w.d, w.e2, 12345})
	if err != nil {
		t.Fatalf("ClusterRefs: %v", err)
	}
	wantRef := &herald.ClusterRef{ID: 1, Size: 4, Outlets: 3, FirstSeen: t0, LastSeen: t0.Add(2 * time.Hour), Reason: "3 outlets",
		Sources: []herald.SourceRef{{ID: w.a.ID, Title: "Outlet A"}, {ID: w.c.ID, Title: "Outlet C"}, {ID: w.b.ID, Title: "Outlet B"}}}
	if d := gocmp.Diff(wantRef, refs[w.a1]); d != "" {
		t.Errorf("ref of a1 (-want +got):\n%s", d)
	}
	if len(refs) != 2 || refs[w.e2] == nil || refs[w.e2].Reason != "2 stories" {
		t.Errorf("refs = %v; want a1's and e2's (\"2 stories\"), none for the lone story", refs)
	}
}

func testClusterMerge(t *testing.T, s herald.Store) {
	w := newClusterWorld(t, s)
	u, v := newUser(t, s, "ada"), newUser(t, s, "bob")
	for _, f := range []struct {
		user    int64
		cluster int64
	}{{u.ID, 3}, {v.ID, 3}, {v.ID, 1}} {
		if err := s.FollowCluster(t.Context(), f.user, f.cluster); err != nil {
			t.Fatalf("FollowCluster: %v", err)
		}
	}
	hook := &herald.Webhook{UserID: u.ID, URL: "https://hooks.example/h", ClusterID: 3}
	if err := s.CreateWebhook(t.Context(), hook); err != nil {
		t.Fatalf("CreateWebhook: %v", err)
	}
	// Cluster 3 folds into 1.
	ch := cluster.Changes{BaseSeq: 7, Meta: cluster.Meta{Seq: 8, LastStory: w.e2, NextClusterID: 4},
		Clusters: []cluster.Cluster{clusterRow(1, w.b1, 6, t0.Add(5*time.Hour))}, Merges: []cluster.Merge{{From: 3, Into: 1}},
		Members: []cluster.Member{{StoryID: w.e1, ClusterID: 1, Features: []byte{2}}, {StoryID: w.e2, ClusterID: 1, Features: []byte{2}}}}
	if err := w.ref.Apply(ch); err != nil {
		t.Fatal(err)
	}
	save(t, s, ch)
	wantState(t, s, w.ref)
	c, err := s.Cluster(t.Context(), u.ID, 3)
	if err != nil || c.ID != 1 || c.Size != 6 || !c.Following {
		t.Fatalf("Cluster(3) after the merge = %+v, %v; want cluster 1 of 6 stories, followed", c, err)
	}
	for _, user := range []int64{u.ID, v.ID} {
		fs, err := s.FollowedClusters(t.Context(), user)
		if err != nil || len(fs) != 1 || fs[0].Cluster.ID != 1 || fs[0].Kind != herald.FollowCluster {
			t.Errorf("FollowedClusters(%d) = %+v, %v; want one follow of cluster 1", user, fs, err)
		}
	}
	hooks, err := s.Webhooks(t.Context(), u.ID)
	if err != nil || len(hooks) != 1 || hooks[0].ClusterID != 1 {
		t.Errorf("webhooks after the merge = %+v, %v; want cluster 1", hooks, err)
	}
	if st, _ := s.Story(t.Context(), w.e1); st.ClusterID != 1 {
		t.Errorf("story e1 cluster_id = %d, want 1", st.ClusterID)
	}
	// A later merge of 1 into another keeps 3 leading to the survivor.
	ch = cluster.Changes{BaseSeq: 8, Meta: cluster.Meta{Seq: 9, NextClusterID: 4}, Merges: []cluster.Merge{{From: 1, Into: 2}},
		Clusters: []cluster.Cluster{clusterRow(2, w.d, 7, t0.Add(5*time.Hour))}}
	for _, id := range []int64{w.a1, w.c1, w.b1, w.a2, w.e1, w.e2} {
		ch.Members = append(ch.Members, cluster.Member{StoryID: id, ClusterID: 2, Features: []byte{3}})
	}
	save(t, s, ch)
	if c, err := s.Cluster(t.Context(), 0, 3); err != nil || c.ID != 2 || c.Size != 7 {
		t.Errorf("Cluster(3) after two merges = %+v, %v; want cluster 2 of 7", c, err)
	}
}
