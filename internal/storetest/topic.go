package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

var topicTests = []namedTest{
	{"Catalogue", testTopicCatalogue},
	{"BySlug", testTopicBySlug},
	{"Memory", testTopicMemory},
	{"CountsFollowWrites", testCountsFollowWrites},
}

// topicFixture links stories to topics so that counts are 3, 2, 1 and 0.
func topicFixture(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://example.org/feed", "Example")
	named := func(slug, name, kind string, sal float64) herald.StoryTopic {
		return herald.StoryTopic{Topic: herald.Topic{Slug: slug, Name: name, Kind: kind}, Salience: sal}
	}
	nk := named("north-korea", "North Korea", herald.KindPlace, 0.9)
	sk := named("south-korea", "South Korea", herald.KindPlace, 0.5)
	zu := named("zurich", "Zürich", herald.KindPlace, 0.5)
	un := named("united-nations", "United Nations", herald.KindOrganisation, 0.3)
	upsert(t, s, newStory(src.ID, "1", t0, nk, sk, zu))
	upsert(t, s, newStory(src.ID, "2", t0, nk, sk))
	upsert(t, s, newStory(src.ID, "3", t0, nk, un))
	upsert(t, s, newStory(src.ID, "4", t0, un))
	upsert(t, s, newStory(src.ID, "5", t0, named("gone", "Gone", herald.KindOther, 1)))
	upsert(t, s, newStory(src.ID, "5", t0)) // relinked: "gone" keeps no story
}

func testTopicCatalogue(t *testing.T, s herald.Store) {
	topicFixture(t, s)
	type row struct {
		Slug  string
		Count int
	}
	tests := []struct {
		name   string
		filter herald.TopicFilter
		want   []row
	}{
		{"all, most stories first then by name", herald.TopicFilter{},
			[]row{{"north-korea", 3}, {"south-korea", 2}, {"united-nations", 2}, {"zurich", 1}, {"gone", 0}}},
		{"limit", herald.TopicFilter{Limit: 2}, []row{{"north-korea", 3}, {"south-korea", 2}}},
		{"substring, any case", herald.TopicFilter{Query: "KOR"}, []row{{"north-korea", 3}, {"south-korea", 2}}},
		{"prefix", herald.TopicFilter{Query: "uni"}, []row{{"united-nations", 2}}},
		{"inner word", herald.TopicFilter{Query: "nations"}, []row{{"united-nations", 2}}},
		{"unicode case folding", herald.TopicFilter{Query: "ZÜR"}, []row{{"zurich", 1}}},
		{"like wildcards are literal", herald.TopicFilter{Query: "%"}, []row{}},
		{"underscore is literal", herald.TopicFilter{Query: "_"}, []row{}},
		{"no match", herald.TopicFilter{Query: "mars"}, []row{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Topics(t.Context(), tt.filter)
			if err != nil {
				t.Fatalf("Topics: %v", err)
			}
			var rows []row
			for _, tp := range got {
				rows = append(rows, row{tp.Slug, tp.StoryCount})
			}
			diff(t, "Topics", tt.want, rows)
		})
	}
	for _, limit := range []int{-1, 501} {
		_, err := s.Topics(t.Context(), herald.TopicFilter{Limit: limit})
		wantCode(t, err, herald.EINVALID)
	}
}

func testTopicBySlug(t *testing.T, s herald.Store) {
	topicFixture(t, s)
	got, err := s.TopicBySlug(t.Context(), "north-korea")
	if err != nil {
		t.Fatalf("TopicBySlug: %v", err)
	}
	want := &herald.Topic{ID: got.ID, Slug: "north-korea", Name: "North Korea", Kind: herald.KindPlace, StoryCount: 3}
	diff(t, "TopicBySlug", want, got)
	if got.ID == 0 {
		t.Error("TopicBySlug did not set ID")
	}
	_, err = s.TopicBySlug(t.Context(), "atlantis")
	wantCode(t, err, herald.ENOTFOUND)
}

func testTopicMemory(t *testing.T, s herald.Store) {
	ctx := t.Context()
	var recs []herald.TopicFacts
	for i := range 5 {
		recs = append(recs, herald.TopicFacts{Key: fmt.Sprintf("1:story-%d", i%3), Facts: []byte(fmt.Sprintf(`{"n":%d}`, i))})
	}
	if err := s.AppendTopicFacts(ctx, recs); err != nil {
		t.Fatal(err)
	}
	all, err := s.TopicFactsAfter(ctx, 0, 100)
	if err != nil || len(all) != 5 {
		t.Fatalf("TopicFactsAfter(0) = %d records, %v; want 5", len(all), err)
	}
	for i, r := range all {
		if r.Key != recs[i].Key || string(r.Facts) != string(recs[i].Facts) || (i > 0 && r.ID <= all[i-1].ID) {
			t.Errorf("record %d = %+v; want %+v in log order", i, r, recs[i])
		}
	}
	if after, _ := s.TopicFactsAfter(ctx, all[2].ID, 100); len(after) != 2 {
		t.Errorf("records after the third = %d, want 2", len(after))
	}
	if latest, _ := s.LatestTopicFacts(ctx, 2); len(latest) != 2 || latest[1].ID != all[4].ID {
		t.Errorf("LatestTopicFacts(2) = %+v; want the last two, in log order", latest)
	}
	if err := s.PruneTopicFacts(ctx, 3); err != nil {
		t.Fatal(err)
	}
	if kept, _ := s.TopicFactsAfter(ctx, 0, 100); len(kept) != 3 || kept[0].ID != all[2].ID {
		t.Errorf("after pruning to 3: %+v", kept)
	}

	src := newSource(t, s, "https://a.example/feed", "A")
	st := newStory(src.ID, "a", t0, topic("old", 0.5))
	upsert(t, s, st)
	if err := s.SetStoryTopics(ctx, st.ID, []herald.StoryTopic{topic("new", 0.9)}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Story(ctx, st.ID)
	if err != nil || len(got.Topics) != 1 || got.Topics[0].Slug != "new" || got.RevisionCount != 0 {
		t.Errorf("story after SetStoryTopics = %+v, %v; want only topic new, no revision", got, err)
	}
	diff(t, "stories of the new topic", []int64{st.ID}, allStories(t, s, herald.StoryFilter{TopicSlug: "new"}))
	wantCode(t, s.SetStoryTopics(ctx, st.ID+1000, nil), herald.ENOTFOUND)
}

// testCountsFollowWrites: topic and source story counts stay equal to the
// stories a reader can list, through inserts, updates that change topics or
// embargoes, retraction, re-tagging and deleting a source.
func testCountsFollowWrites(t *testing.T, s herald.Store) {
	ctx := t.Context()
	a := newSource(t, s, "", "A")
	b := newSource(t, s, "https://b.example/feed", "B")
	one := newStory(a.ID, "one", t0, topic("x", 0.5), topic("y", 0.5))
	two := newStory(a.ID, "two", t0, topic("x", 0.5))
	three := newStory(b.ID, "three", t0, topic("y", 0.5), topic("z", 0.5))
	for _, st := range []*herald.Story{one, two, three} {
		upsert(t, s, st)
	}
	check := func(when string) {
		t.Helper()
		for _, slug := range []string{"x", "y", "z"} {
			tp, err := s.TopicBySlug(ctx, slug)
			listed := len(allStories(t, s, herald.StoryFilter{TopicSlug: slug}))
			if err == nil && tp.StoryCount != listed {
				t.Errorf("%s: topic %s counts %d stories, %d are listed", when, slug, tp.StoryCount, listed)
			}
		}
		for _, src := range []*herald.Source{a, b} {
			got, err := s.Source(ctx, src.ID)
			listed := len(allStories(t, s, herald.StoryFilter{SourceID: src.ID}))
			if err == nil && got.StoryCount != listed {
				t.Errorf("%s: source %s counts %d stories, %d are listed", when, src.Title, got.StoryCount, listed)
			}
		}
	}
	check("after inserts")
	two.ID, two.Topics = 0, []herald.StoryTopic{topic("z", 0.9)}
	upsert(t, s, two)
	check("after an update moved a story from x to z")
	one.ID, one.EmbargoUntil = 0, time.Now().Add(time.Hour)
	upsert(t, s, one)
	check("after an update put a story under embargo")
	one.ID, one.EmbargoUntil = 0, time.Time{}
	upsert(t, s, one)
	check("after the embargo was taken off again")
	if err := s.SetStoryTopics(ctx, three.ID, []herald.StoryTopic{topic("x", 0.7)}); err != nil {
		t.Fatal(err)
	}
	check("after re-tagging")
	if err := s.RetractStory(ctx, a.ID, two.ID); err != nil {
		t.Fatal(err)
	}
	check("after a retraction")
	if err := s.DeleteSource(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	check("after deleting a source")
}
