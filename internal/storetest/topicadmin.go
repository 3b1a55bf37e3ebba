package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

var topicAdminTests = []namedTest{
	{"Merge", testTopicMerge},
	{"MergeFollowsAndMutes", testTopicMergeFollowsAndMutes},
	{"MergeChains", testTopicMergeChains},
	{"MergeErrors", testTopicMergeErrors},
	{"Rename", testTopicRename},
}

// storyTopics returns story id's topic links as slug → salience.
func storyTopics(t *testing.T, s herald.Store, id int64) map[string]float64 {
	t.Helper()
	st, err := s.Story(t.Context(), id)
	if err != nil {
		t.Fatalf("Story(%d): %v", id, err)
	}
	out := map[string]float64{}
	for _, tp := range st.Topics {
		if _, dup := out[tp.Slug]; dup {
			t.Fatalf("story %d links topic %q twice", id, tp.Slug)
		}
		out[tp.Slug] = tp.Salience
	}
	return out
}

// topicSlugs lists the catalogue's slugs, most stories first.
func topicSlugs(t *testing.T, s herald.Store) map[string]int {
	t.Helper()
	ts, err := s.Topics(t.Context(), herald.TopicFilter{})
	if err != nil {
		t.Fatalf("Topics: %v", err)
	}
	out := map[string]int{}
	for _, tp := range ts {
		out[tp.Slug] = tp.StoryCount
	}
	return out
}

func testTopicMerge(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://example.org/feed", "Example")
	both := upsert(t, s, newStory(src.ID, "both", t0, topic("us", 0.4), topic("united-states", 0.8), topic("trade", 0.5)))
	short := upsert(t, s, newStory(src.ID, "short", t0.Add(time.Minute), topic("us", 0.9)))
	long := upsert(t, s, newStory(src.ID, "long", t0.Add(2*time.Minute), topic("united-states", 0.5)))

	got, err := s.MergeTopic(t.Context(), "us", "united-states")
	if err != nil {
		t.Fatalf("MergeTopic: %v", err)
	}
	if got.Slug != "united-states" || got.StoryCount != 3 {
		t.Errorf("MergeTopic returned %s with %d stories, want united-states with 3", got.Slug, got.StoryCount)
	}
	diff(t, "catalogue after merge", map[string]int{"united-states": 3, "trade": 1}, topicSlugs(t, s))
	diff(t, "links of the story tagged with both", map[string]float64{"united-states": 0.8, "trade": 0.5}, storyTopics(t, s, both.ID))
	diff(t, "links of the story tagged us", map[string]float64{"united-states": 0.9}, storyTopics(t, s, short.ID))

	// The old slug keeps resolving, for the topic and for story listings.
	old, err := s.TopicBySlug(t.Context(), "us")
	if err != nil {
		t.Fatalf("TopicBySlug(us): %v", err)
	}
	if old.Slug != "united-states" || old.ID != got.ID {
		t.Errorf("TopicBySlug(us) = %s (id %d), want united-states (id %d)", old.Slug, old.ID, got.ID)
	}
	want := []int64{long.ID, short.ID, both.ID}
	diff(t, "stories by the merged slug", want, allStories(t, s, herald.StoryFilter{TopicSlug: "us"}))
	diff(t, "stories by the surviving slug", want, allStories(t, s, herald.StoryFilter{TopicSlug: "united-states"}))

	// Stories tagged afterwards with the merged slug land on the survivor,
	// including a re-tag of a story that names both.
	later := upsert(t, s, newStory(src.ID, "later", t0.Add(3*time.Minute), topic("us", 0.7)))
	diff(t, "links of a story tagged us after the merge", map[string]float64{"united-states": 0.7}, storyTopics(t, s, later.ID))
	upsert(t, s, newStory(src.ID, "both", t0, topic("us", 0.6), topic("united-states", 0.3)))
	diff(t, "re-tagged story naming both slugs", map[string]float64{"united-states": 0.6}, storyTopics(t, s, both.ID))
	diff(t, "catalogue after more stories", map[string]int{"united-states": 4, "trade": 0}, topicSlugs(t, s))
}

func testTopicMergeFollowsAndMutes(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://example.org/feed", "Example")
	upsert(t, s, newStory(src.ID, "1", t0, topic("us", 0.5), topic("united-states", 0.5)))
	onlyOld := newUser(t, s, "old")
	bothFollow := newUser(t, s, "both")
	muter := newUser(t, s, "muter")
	later := newUser(t, s, "later")
	follow(t, s, onlyOld.ID, []string{"us"})
	follow(t, s, bothFollow.ID, []string{"us", "united-states"})
	if err := s.MuteTopic(t.Context(), muter.ID, "us", time.Time{}); err != nil {
		t.Fatalf("MuteTopic: %v", err)
	}
	if err := s.MuteTopic(t.Context(), muter.ID, "united-states", t0.Add(time.Hour)); err != nil {
		t.Fatalf("MuteTopic: %v", err)
	}

	if _, err := s.MergeTopic(t.Context(), "us", "united-states"); err != nil {
		t.Fatalf("MergeTopic: %v", err)
	}
	diff(t, "follows of a reader who followed the merged topic", []string{"topic:united-states"}, followsOf(t, s, onlyOld.ID))
	diff(t, "follows of a reader who followed both", []string{"topic:united-states"}, followsOf(t, s, bothFollow.ID))

	mutes, err := s.Mutes(t.Context(), muter.ID, t0.Add(48*time.Hour))
	if err != nil {
		t.Fatalf("Mutes: %v", err)
	}
	if len(mutes) != 1 || mutes[0].Topic.Slug != "united-states" || !mutes[0].Until.IsZero() {
		t.Errorf("mutes after merge = %+v, want one mute of united-states for good (the longer of the two)", mutes)
	}

	// Following the old slug follows the survivor.
	follow(t, s, later.ID, []string{"us"})
	diff(t, "follow by the merged slug", []string{"topic:united-states"}, followsOf(t, s, later.ID))
	if err := s.UnfollowTopic(t.Context(), later.ID, "us"); err != nil {
		t.Fatalf("UnfollowTopic: %v", err)
	}
	diff(t, "unfollow by the merged slug", []string{}, followsOf(t, s, later.ID))
}

func testTopicMergeChains(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://example.org/feed", "Example")
	for i, slug := range []string{"usa", "us", "united-states", "america"} {
		upsert(t, s, newStory(src.ID, ext(i), t0, topic(slug, 0.5)))
	}
	if _, err := s.MergeTopic(t.Context(), "us", "united-states"); err != nil {
		t.Fatalf("MergeTopic(us, united-states): %v", err)
	}
	// Merging into a merged topic merges into the topic it went to.
	got, err := s.MergeTopic(t.Context(), "usa", "us")
	if err != nil {
		t.Fatalf("MergeTopic(usa, us): %v", err)
	}
	if got.Slug != "united-states" || got.StoryCount != 3 {
		t.Errorf("MergeTopic(usa, us) = %s with %d stories, want united-states with 3", got.Slug, got.StoryCount)
	}
	// Merging the survivor moves everything merged into it along.
	if _, err := s.MergeTopic(t.Context(), "united-states", "america"); err != nil {
		t.Fatalf("MergeTopic(united-states, america): %v", err)
	}
	for _, slug := range []string{"usa", "us", "united-states", "america"} {
		tp, err := s.TopicBySlug(t.Context(), slug)
		if err != nil {
			t.Fatalf("TopicBySlug(%s): %v", slug, err)
		}
		if tp.Slug != "america" || tp.StoryCount != 4 {
			t.Errorf("TopicBySlug(%s) = %s with %d stories, want america with 4", slug, tp.Slug, tp.StoryCount)
		}
	}
	diff(t, "catalogue", map[string]int{"america": 4}, topicSlugs(t, s))
	later := upsert(t, s, newStory(src.ID, "later", t0, topic("usa", 0.2)))
	diff(t, "story tagged with a twice-merged slug", map[string]float64{"america": 0.2}, storyTopics(t, s, later.ID))
}

func testTopicMergeErrors(t *testing.T, s herald.Store) {
	topicFixture(t, s)
	_, err := s.MergeTopic(t.Context(), "north-korea", "north-korea")
	wantCode(t, err, herald.EINVALID)
	_, err = s.MergeTopic(t.Context(), "atlantis", "north-korea")
	wantCode(t, err, herald.ENOTFOUND)
	_, err = s.MergeTopic(t.Context(), "north-korea", "atlantis")
	wantCode(t, err, herald.ENOTFOUND)
	if _, err := s.MergeTopic(t.Context(), "south-korea", "north-korea"); err != nil {
		t.Fatalf("MergeTopic: %v", err)
	}
	_, err = s.MergeTopic(t.Context(), "south-korea", "north-korea")
	wantCode(t, err, herald.EINVALID) // already one topic
	// A failed merge changed nothing.
	diff(t, "catalogue", map[string]int{"north-korea": 3, "united-nations": 2, "zurich": 1, "gone": 0}, topicSlugs(t, s))
}

func testTopicRename(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://example.org/feed", "Example")
	wrong := herald.StoryTopic{Topic: herald.Topic{Slug: "westhaven", Name: "westhaven", Kind: herald.KindPerson}, Salience: 0.6}
	upsert(t, s, newStory(src.ID, "1", t0, wrong))

	got, err := s.RenameTopic(t.Context(), "westhaven", "  Westhaven Harbour ", herald.KindPlace)
	if err != nil {
		t.Fatalf("RenameTopic: %v", err)
	}
	want := &herald.Topic{ID: got.ID, Slug: "westhaven", Name: "Westhaven Harbour", Kind: herald.KindPlace, StoryCount: 1}
	diff(t, "renamed topic", want, got)

	// Later stories that name the topic differently do not undo the rename.
	upsert(t, s, newStory(src.ID, "2", t0, wrong))
	got, err = s.TopicBySlug(t.Context(), "westhaven")
	if err != nil {
		t.Fatalf("TopicBySlug: %v", err)
	}
	want.StoryCount = 2
	diff(t, "topic after another story", want, got)

	// The new name is what searches match; an empty kind keeps the kind.
	found, err := s.Topics(t.Context(), herald.TopicFilter{Query: "harbour"})
	if err != nil || len(found) != 1 || found[0].Slug != "westhaven" {
		t.Errorf("Topics(harbour) = %v, %v; want westhaven", found, err)
	}
	got, err = s.RenameTopic(t.Context(), "westhaven", "Westhaven", "")
	if err != nil {
		t.Fatalf("RenameTopic without kind: %v", err)
	}
	if got.Name != "Westhaven" || got.Kind != herald.KindPlace {
		t.Errorf("after rename without kind: %q (%s), want Westhaven (place)", got.Name, got.Kind)
	}

	for _, tc := range []struct{ slug, name, kind, code string }{
		{"westhaven", "   ", "", herald.EINVALID},
		{"westhaven", "Westhaven", "planet", herald.EINVALID},
		{"westhaven", strings.Repeat("é", 201), "", herald.EINVALID},
		{"atlantis", "Atlantis", "", herald.ENOTFOUND},
	} {
		_, err := s.RenameTopic(t.Context(), tc.slug, tc.name, tc.kind)
		wantCode(t, err, tc.code)
	}
}
