package storetest

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/cluster"
)

func testClusterFollows(t *testing.T, s herald.Store) {
	newClusterWorld(t, s)
	u := newUser(t, s, "ada")
	for range 2 { // following twice is no error
		if err := s.FollowCluster(t.Context(), u.ID, 1); err != nil {
			t.Fatalf("FollowCluster: %v", err)
		}
	}
	wantCode(t, s.FollowCluster(t.Context(), u.ID, 99), herald.ENOTFOUND)
	wantCode(t, s.UnfollowCluster(t.Context(), u.ID, 99), herald.ENOTFOUND)
	wantCode(t, s.FollowCluster(t.Context(), 4242, 1), herald.ENOTFOUND)
	if c, err := s.Cluster(t.Context(), u.ID, 1); err != nil || !c.Following {
		t.Errorf("Cluster(1) for its follower = following %v, %v; want true", c != nil && c.Following, err)
	}
	if c, err := s.Cluster(t.Context(), 0, 1); err != nil || c.Following {
		t.Errorf("Cluster(1) anonymous = %+v, %v; want not following", c, err)
	}
	fs, err := s.FollowedClusters(t.Context(), u.ID)
	if err != nil || len(fs) != 1 || fs[0].Cluster.Size != 4 || fs[0].Cluster.Headline == nil || fs[0].CreatedAt.IsZero() {
		t.Fatalf("FollowedClusters = %+v, %v; want cluster 1 with its headline", fs, err)
	}
	if err := s.UnfollowCluster(t.Context(), u.ID, 1); err != nil {
		t.Fatalf("UnfollowCluster: %v", err)
	}
	if err := s.UnfollowCluster(t.Context(), u.ID, 1); err != nil {
		t.Fatalf("UnfollowCluster again: %v", err)
	}
	if fs, err := s.FollowedClusters(t.Context(), u.ID); err != nil || len(fs) != 0 {
		t.Errorf("FollowedClusters after unfollowing = %+v, %v; want none", fs, err)
	}
}

func testClusterEmbargo(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://a.example/feed", "A")
	lift := time.Now().Add(time.Hour).UTC().Truncate(time.Millisecond)
	open1 := upsert(t, s, newStory(src.ID, "open1", t0)).ID
	open2 := upsert(t, s, newStory(src.ID, "open2", t0.Add(time.Minute))).ID
	held := newStory(src.ID, "held", t0.Add(2*time.Minute))
	held.EmbargoUntil = lift
	heldID := upsert(t, s, held).ID
	lone := newStory(src.ID, "lone", t0.Add(3*time.Minute))
	lone.EmbargoUntil = lift
	loneID := upsert(t, s, lone).ID
	docs, err := clusterStore(t, s).ClusterInput(t.Context(), 0, 10)
	if err != nil || len(docs) != 2 {
		t.Fatalf("ClusterInput = %d docs, %v; want the two visible stories", len(docs), err)
	}
	ch := cluster.Changes{Meta: cluster.Meta{Seq: 4, LastStory: loneID, NextClusterID: 3},
		Clusters: []cluster.Cluster{clusterRow(1, heldID, 3, t0.Add(2*time.Minute)), clusterRow(2, loneID, 1, t0.Add(3*time.Minute))}}
	for _, m := range [][2]int64{{open1, 1}, {open2, 1}, {heldID, 1}, {loneID, 2}} {
		ch.Members = append(ch.Members, cluster.Member{StoryID: m[0], ClusterID: m[1], Features: []byte{1}})
	}
	save(t, s, ch)
	c, err := s.Cluster(t.Context(), 0, 1)
	if err != nil || c.Size != 2 || c.Headline.ID == heldID || !c.LastSeen.Equal(t0.Add(time.Minute)) {
		t.Fatalf("Cluster(1) = %+v, %v; want the two visible stories only", c, err)
	}
	for _, st := range c.Stories {
		if st.ID == heldID {
			t.Errorf("Cluster(1) shows the embargoed story")
		}
	}
	_, err = s.Cluster(t.Context(), 0, 2)
	wantCode(t, err, herald.ENOTFOUND)
	u := newUser(t, s, "ada")
	wantCode(t, s.FollowCluster(t.Context(), u.ID, 2), herald.ENOTFOUND)
	refs, err := s.ClusterRefs(t.Context(), 0, []int64{open1})
	if err != nil || refs[open1] == nil || refs[open1].Size != 2 {
		t.Errorf("ClusterRefs(open1) = %v, %v; want size 2", refs, err)
	}
	cs, _ := listClusters(t, s, herald.ClusterQuery{})
	if len(cs) != 1 || cs[0].Size != 2 {
		t.Errorf("ListClusters = %+v; want cluster 1 of 2", cs)
	}
}

func testRelatedStories(t *testing.T, s herald.Store) {
	w := newClusterWorld(t, s)
	src := w.b.ID
	korea, seoul := topic("north-korea", 0.9), topic("seoul", 0.5)
	other := upsert(t, s, newStory(src, "other", t0.Add(6*time.Hour), korea)).ID
	older := upsert(t, s, newStory(src, "older", t0.Add(-time.Hour), korea, topic("misc", 0.1))).ID
	upsert(t, s, newStory(src, "unrelated", t0.Add(7*time.Hour), topic("chile", 0.9)))
	got, err := s.RelatedStories(t.Context(), 0, w.a1, 10)
	if err != nil {
		t.Fatalf("RelatedStories: %v", err)
	}
	if ids := storyIDs(got); len(ids) != 2 || ids[0] != other || ids[1] != older {
		t.Errorf("RelatedStories(a1) = %v, want [other older]: same topic, outside the cluster, newest first", ids)
	}
	// With two salient topics, a related story carries both.
	both := upsert(t, s, newStory(src, "both", t0.Add(8*time.Hour), korea, seoul)).ID
	upsert(t, s, newStory(src, "seoul-only", t0.Add(9*time.Hour), seoul))
	got, err = s.RelatedStories(t.Context(), 0, both, 10)
	if ids := storyIDs(got); err != nil || len(ids) != 0 {
		t.Errorf("RelatedStories(both) = %v, %v; want none (no other story carries both topics)", ids, err)
	}
	_, err = s.RelatedStories(t.Context(), 0, 99999, 10)
	wantCode(t, err, herald.ENOTFOUND)
	_, err = s.RelatedStories(t.Context(), 0, w.a1, 0)
	wantCode(t, err, herald.EINVALID)
}

func testClusterFeedFollows(t *testing.T, s herald.Store) {
	w := newClusterWorld(t, s)
	u := newUser(t, s, "ada")
	if err := s.FollowCluster(t.Context(), u.ID, 3); err != nil {
		t.Fatalf("FollowCluster: %v", err)
	}
	feed := func(now time.Time) map[int64]int64 {
		t.Helper()
		cands, _, err := s.FeedCandidates(t.Context(), herald.FeedQuery{UserID: u.ID, Now: now})
		if err != nil {
			t.Fatalf("FeedCandidates: %v", err)
		}
		out := map[int64]int64{}
		for _, c := range cands {
			out[c.Story.ID] = c.MatchedCluster
		}
		return out
	}
	// Cluster 3's last story is at t0+5h: followed stories until t0+53h.
	got := feed(t0.Add(6 * time.Hour))
	if len(got) != 2 || got[w.e1] != 3 || got[w.e2] != 3 {
		t.Errorf("candidates while the cluster is active = %v, want e1 and e2 from cluster 3", got)
	}
	if got := feed(t0.Add(5*time.Hour + herald.QuietAfter + time.Minute)); len(got) != 0 {
		t.Errorf("candidates once the cluster is quiet = %v, want none", got)
	}
}
