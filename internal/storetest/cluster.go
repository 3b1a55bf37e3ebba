package storetest

import (
	"cmp"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/cluster"
)

var clusterTests = []namedTest{
	{"EngineRoundTrip", testClusterEngineRoundTrip},
	{"Conflict", testClusterConflict},
	{"Reads", testClusterReads},
	{"Merge", testClusterMerge},
	{"Follows", testClusterFollows},
	{"FeedFollows", testClusterFeedFollows},
	{"Embargo", testClusterEmbargo},
	{"Related", testRelatedStories},
}

// clusterStore is the clustering worker's side of s.
func clusterStore(t *testing.T, s herald.Store) cluster.Store {
	t.Helper()
	cs, ok := s.(cluster.Store)
	if !ok {
		t.Fatalf("%T does not implement cluster.Store", s)
	}
	return cs
}

// save saves ch and fails t on error.
func save(t *testing.T, s herald.Store, ch cluster.Changes) {
	t.Helper()
	if err := clusterStore(t, s).SaveClusterChanges(t.Context(), ch); err != nil {
		t.Fatalf("SaveClusterChanges: %v", err)
	}
}

// eventStory is a story of an event told by outlet src: the same facts in
// the outlet's words.
func eventStory(src int64, ext string, at time.Time, body string, topics ...herald.StoryTopic) *herald.Story {
	st := newStory(src, ext, at, topics...)
	st.Title = body[:min(60, len(body))]
	st.ContentHTML = "<p>" + body + "</p>"
	return st
}

const (
	summitText = "The leaders of North Korea and South Korea met at the border village of Panmunjom on Friday " +
		"for a summit on the nuclear weapons programme, promising talks on a peace treaty and family reunions."
	quakeText = "A strong earthquake of magnitude 7.1 struck the coast of Chile near Valparaiso overnight, " +
		"damaging harbour buildings and cutting power to thousands of homes, the national emergency office said."
)

// sortState orders a state's rows by id, as State.Apply leaves them.
func sortState(st *cluster.State) {
	slices.SortFunc(st.Clusters, func(a, b cluster.Cluster) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(st.Members, func(a, b cluster.Member) int { return cmp.Compare(a.StoryID, b.StoryID) })
}

// wantState fails t unless the store's state is want.
func wantState(t *testing.T, s herald.Store, want cluster.State) {
	t.Helper()
	got, err := clusterStore(t, s).LoadClusterState(t.Context())
	if err != nil {
		t.Fatalf("LoadClusterState: %v", err)
	}
	sortState(&got)
	sortState(&want)
	if d := gocmp.Diff(want, got, cmpopts.EquateEmpty(), cmpopts.EquateApproxTime(0)); d != "" {
		t.Fatalf("loaded state differs from State.Apply's (-want +got):\n%s", d)
	}
}

func testClusterEngineRoundTrip(t *testing.T, s herald.Store) {
	a, b := newSource(t, s, "https://a.example/feed", "A"), newSource(t, s, "https://b.example/feed", "B")
	korea := topic("north-korea", 0.9)
	r1 := upsert(t, s, eventStory(a.ID, "a1", t0, summitText, korea))
	r2 := upsert(t, s, eventStory(b.ID, "b1", t0.Add(time.Hour), "North Korea and South Korea leaders met at Panmunjom "+
		"on Friday in a summit about nuclear weapons, with talks on a peace treaty and family reunions promised.", korea))
	r3 := upsert(t, s, eventStory(b.ID, "b2", t0.Add(2*time.Hour), quakeText, topic("chile", 0.8)))
	cs := clusterStore(t, s)
	docs, err := cs.ClusterInput(t.Context(), 0, 10)
	if err != nil {
		t.Fatalf("ClusterInput: %v", err)
	}
	if got := len(docs); got != 3 || docs[0].StoryID != r1.ID || len(docs[0].Topics) != 1 || docs[0].Text == "" {
		t.Fatalf("ClusterInput = %+v, want the three stories with text and topics", docs)
	}
	if !docs[1].Published.Equal(t0.Add(time.Hour)) {
		t.Errorf("doc 2 Published = %v, want %v", docs[1].Published, t0.Add(time.Hour))
	}
	e := cluster.New(cluster.DefaultConfig())
	var ref cluster.State
	for i, d := range docs {
		if _, err := e.Add(d); err != nil {
			t.Fatalf("Add: %v", err)
		}
		if i == 0 || i == 2 { // two saves: the second updates rows the first made
			ch := e.Flush()
			if err := ref.Apply(ch); err != nil {
				t.Fatalf("Apply: %v", err)
			}
			save(t, s, ch)
			wantState(t, s, ref)
		}
	}
	st1, _ := s.Story(t.Context(), r1.ID)
	st2, _ := s.Story(t.Context(), r2.ID)
	st3, _ := s.Story(t.Context(), r3.ID)
	if st1.ClusterID == 0 || st1.ClusterID != st2.ClusterID || st3.ClusterID == st1.ClusterID {
		t.Errorf("cluster ids = %d, %d, %d: want the two summit stories together and the quake apart",
			st1.ClusterID, st2.ClusterID, st3.ClusterID)
	}
	if rest, err := cs.ClusterInput(t.Context(), ref.Meta.LastStory, 10); err != nil || len(rest) != 0 {
		t.Errorf("ClusterInput after the last story = %v, %v; want none", rest, err)
	}
	// A restored engine goes on from what the store kept.
	if _, err := cluster.Restore(cluster.DefaultConfig(), ref); err != nil {
		t.Errorf("Restore: %v", err)
	}
}

func testClusterConflict(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://a.example/feed", "A")
	r1 := upsert(t, s, newStory(src.ID, "a1", t0))
	first := oneCluster(1, 1, r1.ID)
	save(t, s, first)
	var ref cluster.State
	ref.Apply(first)
	// A second worker that started from nothing saves its own first batch.
	err := clusterStore(t, s).SaveClusterChanges(t.Context(), oneCluster(1, 7, r1.ID))
	wantCode(t, err, herald.ECONFLICT)
	wantState(t, s, ref)
	if err := clusterStore(t, s).SaveClusterChanges(t.Context(), cluster.Changes{BaseSeq: 5, Meta: cluster.Meta{Seq: 6}}); herald.ErrorCode(err) != herald.ECONFLICT {
		t.Fatalf("save from seq 5 over seq 1 = %v, want ECONFLICT", err)
	}
	wantState(t, s, ref)
}

// oneCluster is the first save of a worker: cluster id holding stories.
func oneCluster(seq, id int64, stories ...int64) cluster.Changes {
	ch := cluster.Changes{Meta: cluster.Meta{Seq: seq, LastStory: stories[len(stories)-1], NextClusterID: id + 1,
		MaxTime: t0, DF: []byte{1, 2, 3}}}
	ch.Clusters = []cluster.Cluster{clusterRow(id, stories[0], len(stories), t0)}
	for _, st := range stories {
		ch.Members = append(ch.Members, cluster.Member{StoryID: st, ClusterID: id, Features: []byte{byte(st)}})
	}
	return ch
}

// clusterRow is an open cluster's row for hand-made changes.
func clusterRow(id, headline int64, size int, last time.Time) cluster.Cluster {
	return cluster.Cluster{ID: id, Headline: headline, Size: size, First: t0, Last: last, Open: true,
		Topics: []herald.StoryTopic{{Topic: herald.Topic{ID: 1, Slug: "north-korea", Name: "North Korea", Kind: herald.KindPlace}, Salience: 0.75}}}
}
