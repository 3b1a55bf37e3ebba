package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

var streamTests = []namedTest{
	{"ReadingList", testStreamReadingList},
	{"Filters", testStreamFilters},
	{"Orders", testStreamOrders},
	{"Collapse", testStreamCollapse},
	{"StoriesAndCounts", testStreamStoriesAndCounts},
	{"Labels", testStreamLabels},
	{"SubscriptionPrefs", testSubscriptionPrefs},
}

// streamFixture is a reader who follows source A and topic korea and mutes
// topic noise, among stories of sources A, B and C.
type streamFixture struct {
	user                           *herald.User
	a, b, c                        *herald.Source
	korea                          *herald.Topic
	a1, a2, a3, a4, b1, b2, b3, c1 *herald.Story
	c2                             *herald.Story // hidden by the reader
	now                            time.Time
}

func newStreamFixture(t *testing.T, s herald.Store) *streamFixture {
	t.Helper()
	ctx := t.Context()
	f := &streamFixture{now: t0.Add(time.Hour)}
	f.a = newSource(t, s, "https://a.example/feed", "A")
	f.b = newSource(t, s, "https://b.example/feed", "B")
	f.c = newSource(t, s, "https://c.example/feed", "C")
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	f.a1 = newStory(f.a.ID, "a1", at(1))
	f.a2 = newStory(f.a.ID, "a2", at(2), topic("noise", 0.5))
	f.a3 = newStory(f.a.ID, "a3", at(3), topic("korea", 0.9))
	f.b1 = newStory(f.b.ID, "b1", at(4), topic("korea", 0.8))
	f.b2 = newStory(f.b.ID, "b2", at(5), topic("sport", 0.8))
	f.c1 = newStory(f.c.ID, "c1", at(6), topic("korea", 0.8))
	f.c1.EmbargoUntil = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	f.c2 = newStory(f.c.ID, "c2", at(6), topic("korea", 0.7))
	f.a4 = newStory(f.a.ID, "a4", t0.AddDate(0, 0, -40))
	f.b3 = newStory(f.b.ID, "b3", at(7), topic("korea", 0.6))
	f.a1.ClusterID, f.b1.ClusterID = 7, 7
	f.b2.ClusterID, f.b3.ClusterID = 8, 8
	for _, st := range []*herald.Story{f.a1, f.a2, f.a3, f.b1, f.b2, f.c1, f.c2, f.a4, f.b3} {
		st.FetchedAt = st.PublishedAt.Add(time.Minute)
		if st == f.b1 {
			st.FetchedAt = t0.Add(10 * time.Hour) // stored long after it was published
		}
		upsert(t, s, st)
	}
	f.user = newUser(t, s, "ada")
	wantCode(t, s.FollowSource(ctx, f.user.ID, f.a.ID), "")
	wantCode(t, s.FollowTopic(ctx, f.user.ID, "korea"), "")
	wantCode(t, s.MuteTopic(ctx, f.user.ID, "noise", time.Time{}), "")
	wantCode(t, s.SetHidden(ctx, f.user.ID, f.c2.ID, true), "")
	var err error
	if f.korea, err = s.TopicBySlug(ctx, "korea"); err != nil {
		t.Fatal(err)
	}
	return f
}

// readingList is the fixture reader's reading list query.
func (f *streamFixture) readingList() herald.StreamQuery {
	return herald.StreamQuery{UserID: f.user.ID, Sources: []int64{f.a.ID}, Topics: []int64{f.korea.ID}, Now: f.now}
}

// streamIDs walks every page of q and returns the story ids in order.
func streamIDs(t *testing.T, s herald.Store, q herald.StreamQuery) []int64 {
	t.Helper()
	var ids []int64
	for page := 0; ; page++ {
		if page > 100 {
			t.Fatal("ReaderStream: pagination does not end")
		}
		refs, next, err := s.ReaderStream(t.Context(), q)
		if err != nil {
			t.Fatalf("ReaderStream(%+v): %v", q, err)
		}
		if q.Limit > 0 && len(refs) > q.Limit {
			t.Fatalf("page of %d refs exceeds limit %d", len(refs), q.Limit)
		}
		for _, r := range refs {
			ids = append(ids, r.ID)
		}
		if next == "" {
			return ids
		}
		q.Cursor = next
	}
}

func ids(stories ...*herald.Story) []int64 { return storyIDs(stories) }

func testStreamReadingList(t *testing.T, s herald.Store) {
	f := newStreamFixture(t, s)
	want := ids(f.b3, f.b1, f.a3, f.a1, f.a4)
	for _, limit := range []int{0, 1, 2, 5, 100} {
		q := f.readingList()
		q.Limit = limit
		diff(t, "reading list: followed source and topic, without muted, hidden or embargoed stories", want, streamIDs(t, s, q))
	}
	refs, _, err := s.ReaderStream(t.Context(), f.readingList())
	if err != nil {
		t.Fatal(err)
	}
	if r := refs[0]; r.ID != f.b3.ID || r.SourceID != f.b.ID || r.ClusterID != 8 || !r.PublishedAt.Equal(f.b3.PublishedAt) {
		t.Errorf("first ref = %+v, want b3 of source B in cluster 8 published %v", r, f.b3.PublishedAt)
	}
	other := newUser(t, s, "bob")
	diff(t, "a reader without follows", []int64{}, streamIDs(t, s, herald.StreamQuery{UserID: other.ID}))
	_, _, err = s.ReaderStream(t.Context(), herald.StreamQuery{UserID: f.user.ID, Sources: []int64{f.a.ID}, Cursor: "nonsense!"})
	wantCode(t, err, herald.EINVALID)
	_, _, err = s.ReaderStream(t.Context(), herald.StreamQuery{UserID: f.user.ID, Limit: herald.MaxStreamPage + 1})
	wantCode(t, err, herald.EINVALID)
}

func testStreamFilters(t *testing.T, s herald.Store) {
	ctx := t.Context()
	f := newStreamFixture(t, s)
	wantCode(t, s.SetRead(ctx, f.user.ID, ids(f.a3), true), "")
	wantCode(t, s.SetSaved(ctx, f.user.ID, f.a1.ID, true), "")
	wantCode(t, s.SetSaved(ctx, f.user.ID, f.b2.ID, true), "")
	window := t0.AddDate(0, 0, -1)
	for _, tc := range []struct {
		name string
		edit func(q *herald.StreamQuery)
		want []int64
	}{
		{"unread in the window", func(q *herald.StreamQuery) { q.Unread, q.UnreadSince = true, window }, ids(f.b3, f.b1, f.a1)},
		{"read, or older than the window", func(q *herald.StreamQuery) { q.Read, q.UnreadSince = true, window }, ids(f.a3, f.a4)},
		{"starred among the reading list", func(q *herald.StreamQuery) { q.OnlyStarred = true }, ids(f.a1)},
		{"not starred", func(q *herald.StreamQuery) { q.NotStarred = true }, ids(f.b3, f.b1, f.a3, f.a4)},
		{"since", func(q *herald.StreamQuery) { q.Since = f.a3.PublishedAt }, ids(f.b3, f.b1, f.a3)},
		{"until", func(q *herald.StreamQuery) { q.Until = f.a3.PublishedAt }, ids(f.a1, f.a4)},
		{"crawled since", func(q *herald.StreamQuery) { q.CrawledSince = t0.Add(5 * time.Hour) }, ids(f.b1)},
		{"after id", func(q *herald.StreamQuery) { q.AfterID = f.b1.ID }, ids(f.b3, f.a4)},
		{"before id", func(q *herald.StreamQuery) { q.BeforeID = f.b1.ID }, ids(f.a3, f.a1)},
		{"topic stories of source B only", func(q *herald.StreamQuery) { q.Sources, q.TopicSources = nil, []int64{f.b.ID} }, ids(f.b3, f.b1)},
		{"starred, anywhere", func(q *herald.StreamQuery) { q.Sources, q.Topics, q.Starred = nil, nil, true }, ids(f.b2, f.a1)},
		{"read, anywhere", func(q *herald.StreamQuery) { q.Sources, q.Topics, q.ReadOnes = nil, nil, true }, ids(f.a3)},
		{"read since", func(q *herald.StreamQuery) {
			q.Sources, q.Topics, q.ReadOnes, q.StateSince = nil, nil, true, time.Now().Add(time.Hour)
		}, nil},
		{"starred since", func(q *herald.StreamQuery) {
			q.Sources, q.Topics, q.Starred, q.StateSince = nil, nil, true, time.Now().Add(-time.Hour)
		}, ids(f.b2, f.a1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, limit := range []int{0, 1} {
				q := f.readingList()
				q.Limit = limit
				tc.edit(&q)
				diff(t, tc.name, tc.want, streamIDs(t, s, q))
			}
		})
	}
}

func testStreamOrders(t *testing.T, s herald.Store) {
	f := newStreamFixture(t, s)
	for _, tc := range []struct {
		order herald.StreamOrder
		want  []int64
	}{
		{herald.OldestFirst, ids(f.a4, f.a1, f.a3, f.b1, f.b3)},
		{herald.IDAscending, ids(f.a1, f.a3, f.b1, f.a4, f.b3)},
		{herald.IDDescending, ids(f.b3, f.a4, f.b1, f.a3, f.a1)},
	} {
		for _, limit := range []int{0, 2} {
			q := f.readingList()
			q.Order, q.Limit = tc.order, limit
			diff(t, "order", tc.want, streamIDs(t, s, q))
		}
	}
	q := f.readingList()
	q.Order, q.AfterID = herald.IDAscending, f.a3.ID
	diff(t, "since id", ids(f.b1, f.a4, f.b3), streamIDs(t, s, q))
}

func testStreamCollapse(t *testing.T, s herald.Store) {
	f := newStreamFixture(t, s)
	q := f.readingList()
	q.Collapse = true
	// Cluster 7 shows as b1, its newest story; cluster 8 as b3, whose
	// other story b2 is not in the reading list anyway.
	want := ids(f.b3, f.b1, f.a3, f.a4)
	for _, limit := range []int{0, 1, 3} {
		q.Limit = limit
		diff(t, "collapsed reading list", want, streamIDs(t, s, q))
	}
	q.Limit, q.Sources, q.TopicSources = 0, nil, []int64{f.b.ID}
	diff(t, "collapsed within the stream", ids(f.b3, f.b1), streamIDs(t, s, q))

	marked := f.readingList()
	marked.MarkLeads = true
	refs, _, err := s.ReaderStream(t.Context(), marked)
	if err != nil {
		t.Fatal(err)
	}
	leads := map[int64]bool{}
	for _, r := range refs {
		leads[r.ID] = r.Lead
	}
	diff(t, "leads marked, nothing left out", map[int64]bool{f.b3.ID: true, f.b1.ID: true, f.a3.ID: true, f.a1.ID: false, f.a4.ID: true}, leads)
}

func testStreamStoriesAndCounts(t *testing.T, s herald.Store) {
	ctx := t.Context()
	f := newStreamFixture(t, s)
	wantCode(t, s.SetSaved(ctx, f.user.ID, f.a1.ID, true), "")
	got, err := s.ReaderStories(ctx, f.user.ID, ids(f.b3, f.c1, f.a1, f.b3))
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "ReaderStories: asked order, invisible and repeated left out", ids(f.b3, f.a1), storyIDs(got))
	if len(got) == 2 && (!got[1].Saved || got[1].Read || len(got[0].Topics) != 1 || got[0].Topics[0].Slug != "korea") {
		t.Errorf("ReaderStories: b3 topics %+v, a1 saved %t read %t; want korea and saved", got[0].Topics, got[1].Saved, got[1].Read)
	}
	carried, err := s.TopicStories(ctx, []int64{f.korea.ID}, f.a3.PublishedAt)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(carried[f.korea.ID])
	diff(t, "TopicStories since a3 (the embargoed one too)", map[int64][]int64{f.korea.ID: sortedIDs(f.a3, f.b1, f.c1, f.c2, f.b3)}, carried)
	byCluster, err := s.StoriesOfClusters(ctx, []int64{7, 8, 9}, 10)
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "cluster 7", ids(f.a1, f.b1), storyIDs(byCluster[7]))
	diff(t, "cluster 8", ids(f.b2, f.b3), storyIDs(byCluster[8]))
	if len(byCluster) != 2 {
		t.Errorf("StoriesOfClusters returned clusters %v, want 7 and 8", byCluster)
	}
	capped, err := s.StoriesOfClusters(ctx, []int64{7}, 1)
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "cluster 7 capped at one", ids(f.a1), storyIDs(capped[7]))
}

func testStreamLabels(t *testing.T, s herald.Store) {
	ctx := t.Context()
	f := newStreamFixture(t, s)
	u := f.user.ID
	wantCode(t, s.SetLabel(ctx, u, "later", ids(f.a1, f.b2), true), "")
	wantCode(t, s.SetLabel(ctx, u, "later", ids(f.a1), true), "") // twice is fine
	wantCode(t, s.SetLabel(ctx, u, "work", ids(f.b2), true), "")
	wantCode(t, s.SetLabel(ctx, u, " ", ids(f.a1), true), herald.EINVALID)
	wantCode(t, s.SetLabel(ctx, u, "later", ids(f.c1), true), herald.ENOTFOUND)
	diff(t, "label stream", ids(f.b2, f.a1), streamIDs(t, s, herald.StreamQuery{UserID: u, Label: "later", Now: f.now}))
	labels, err := s.Labels(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "Labels", []string{"later", "work"}, labels)
	byStory, err := s.StoryLabels(ctx, u, ids(f.a1, f.b2, f.b3))
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "StoryLabels", map[int64][]string{f.a1.ID: {"later"}, f.b2.ID: {"later", "work"}}, byStory)
	n, err := s.RenameLabel(ctx, u, "later", "work")
	if err != nil || n != 2 {
		t.Fatalf("RenameLabel(later, work) = %d, %v; want 2 moved", n, err)
	}
	diff(t, "merged label stream", ids(f.b2, f.a1), streamIDs(t, s, herald.StreamQuery{UserID: u, Label: "work", Now: f.now}))
	wantCode(t, s.SetLabel(ctx, u, "work", ids(f.b2), false), "")
	diff(t, "after taking a label off", ids(f.a1), streamIDs(t, s, herald.StreamQuery{UserID: u, Label: "work", Now: f.now}))
	if n, err := s.DeleteLabel(ctx, u, "work"); err != nil || n != 1 {
		t.Fatalf("DeleteLabel = %d, %v; want 1", n, err)
	}
	if labels, _ := s.Labels(ctx, u); len(labels) != 0 {
		t.Errorf("Labels after deleting = %v, want none", labels)
	}
}

func testSubscriptionPrefs(t *testing.T, s herald.Store) {
	ctx := t.Context()
	f := newStreamFixture(t, s)
	u := f.user.ID
	world := "World"
	wantCode(t, s.SetSubscriptionPref(ctx, u, f.b.ID, herald.SubscriptionPref{Folder: &world}), herald.ENOTFOUND)
	wantCode(t, s.SetSubscriptionPref(ctx, u, f.a.ID, herald.SubscriptionPref{Folder: &world, Title: "My A"}), "")
	prefs, err := s.SubscriptionPrefs(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := prefs[f.a.ID]; !ok || p.Folder == nil || *p.Folder != "World" || p.Title != "My A" || len(prefs) != 1 {
		t.Errorf("SubscriptionPrefs = %+v, want A in World titled My A", prefs)
	}
	none := ""
	wantCode(t, s.SetSubscriptionPref(ctx, u, f.a.ID, herald.SubscriptionPref{Folder: &none}), "")
	if prefs, _ := s.SubscriptionPrefs(ctx, u); prefs[f.a.ID].Folder == nil || *prefs[f.a.ID].Folder != "" {
		t.Errorf("an empty folder is kept as no folder, not as the source's category: %+v", prefs)
	}
	wantCode(t, s.SetSubscriptionPref(ctx, u, f.a.ID, herald.SubscriptionPref{}), "")
	if prefs, _ := s.SubscriptionPrefs(ctx, u); len(prefs) != 0 {
		t.Errorf("SubscriptionPrefs after clearing = %+v, want none", prefs)
	}
}

// sortedIDs returns the stories' ids in increasing order.
func sortedIDs(stories ...*herald.Story) []int64 {
	out := storyIDs(stories)
	slices.Sort(out)
	return out
}
