package storetest

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

var rankTests = []namedTest{
	{"ReaderModel", testReaderModel},
	{"StoryFeatures", testStoryFeatures},
	{"FollowedCandidates", testFollowedCandidates},
	{"MuteTargets", testMuteTargets},
}

func testReaderModel(t *testing.T, s herald.Store) {
	u := newUser(t, s, "reader")
	if m, err := s.ReaderModel(t.Context(), u.ID); err != nil || m.Profile != nil || m.Settings != nil {
		t.Fatalf("ReaderModel of a new reader = %+v, %v; want none", m, err)
	}
	if err := s.SaveReaderProfile(t.Context(), u.ID, []byte(`{"events":1}`), t0); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveRankSettings(t.Context(), u.ID, []byte(`{"preset":"discover"}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveReaderProfile(t.Context(), u.ID, []byte(`{"events":2}`), t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	m, err := s.ReaderModel(t.Context(), u.ID)
	if err != nil || string(m.Profile) != `{"events":2}` || string(m.Settings) != `{"preset":"discover"}` || !m.UpdatedAt.Equal(t0.Add(time.Minute)) {
		t.Errorf("ReaderModel = %s, %s, %v, %v; want the second profile, the settings, its time", m.Profile, m.Settings, m.UpdatedAt, err)
	}
	if err := s.SaveReaderProfile(t.Context(), 9999, []byte(`{}`), t0); !herald.IsNotFound(err) {
		t.Errorf("SaveReaderProfile of an unknown user = %v, want not found", err)
	}
}

func testStoryFeatures(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://rank.example/feed", "Rank Daily")
	old := upsert(t, s, newStory(src.ID, "old", t0.Add(-48*time.Hour), topic("korea", 0.9)))
	a := upsert(t, s, newStory(src.ID, "a", t0, topic("korea", 0.9), topic("asia", 0.4)))
	b := upsert(t, s, newStory(src.ID, "b", t0.Add(time.Minute)))
	got, err := s.RankStories(t.Context(), 0, t0.Add(-time.Hour), 10)
	if err != nil || len(got) != 2 || got[0].Story.ID != a.ID || got[1].Story.ID != b.ID {
		t.Fatalf("RankStories since an hour before t0 = %v, %v; want a and b", got, err)
	}
	if len(got[0].Story.Topics) != 2 || got[0].Story.Topics[0].Slug != "korea" || got[0].Story.Source.Title != "Rank Daily" ||
		got[0].Features != nil || got[0].Story.Title != "Story a" {
		t.Errorf("RankStories(a) = %+v; want its title, topics and source, no features", got[0].Story)
	}
	if err := s.SaveStoryFeatures(t.Context(), map[int64][]byte{a.ID: {1, 2, 3, 4, 5, 6, 7, 8}, 123456: {1}}); err != nil {
		t.Fatalf("SaveStoryFeatures (one story unknown) = %v, want nil", err)
	}
	got, err = s.RankStories(t.Context(), old.ID, t0.Add(-time.Hour), 1)
	if err != nil || len(got) != 1 || len(got[0].Features) != 8 || got[0].Text != "" {
		t.Errorf("RankStories after SaveStoryFeatures = %+v, %v; want a with 8 bytes of features and no text", got, err)
	}
	byID, err := s.RankStoriesByID(t.Context(), []int64{old.ID, 123456})
	if err != nil || len(byID) != 1 || byID[0].Story.ID != old.ID {
		t.Errorf("RankStoriesByID = %v, %v; want the old story alone", byID, err)
	}
}

func testFollowedCandidates(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://rank.example/feed", "Rank Daily")
	other := newSource(t, s, "https://other.example/feed", "Other")
	u := newUser(t, s, "reader")
	var korea, asia []int64
	for i := range 5 {
		korea = append(korea, upsert(t, s, newStory(other.ID, "k"+strconv.Itoa(i), t0.Add(time.Duration(i)*time.Minute), topic("korea", 0.9))).ID)
		asia = append(asia, upsert(t, s, newStory(other.ID, "a"+strconv.Itoa(i), t0.Add(time.Duration(i)*time.Hour), topic("asia", 0.9))).ID)
	}
	muted := upsert(t, s, newStory(src.ID, "muted", t0.Add(time.Hour), topic("korea", 0.9), topic("sport", 0.5))).ID
	follow(t, s, u.ID, []string{"korea", "asia"})
	if err := s.MuteTopic(t.Context(), u.ID, "sport", time.Time{}); err != nil {
		t.Fatal(err)
	}
	now := t0.Add(10 * time.Hour)
	fc, err := s.FollowedCandidates(t.Context(), u.ID, now, 4, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(fc.Topics) != 2 || len(fc.MutedTopics) != 1 || slices.Contains(fc.IDs, muted) {
		t.Errorf("FollowedCandidates = %+v; want 2 topics, 1 muted, not the muted story", fc)
	}
	// 2 a follow (a budget of 4 over 2 follows): the newest of each.
	for _, id := range []int64{korea[4], korea[3], asia[4], asia[3]} {
		if !slices.Contains(fc.IDs, id) {
			t.Errorf("FollowedCandidates IDs %v lack %d", fc.IDs, id)
		}
	}
	if slices.Contains(fc.IDs, korea[0]) || slices.Contains(fc.IDs, asia[0]) {
		t.Errorf("FollowedCandidates IDs %v: want only the newest of each follow", fc.IDs)
	}
	rf, err := s.ReaderFollows(t.Context(), u.ID, now)
	if err != nil || rf.IDs != nil || len(rf.Topics) != 2 {
		t.Errorf("ReaderFollows = %+v, %v; want the follows, no stories", rf, err)
	}
}

func testMuteTargets(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://rank.example/feed", "Rank Daily")
	other := newSource(t, s, "https://other.example/feed", "Other")
	u := newUser(t, s, "reader")
	byAnn := newStory(other.ID, "ann", t0.Add(-time.Hour))
	byAnn.Authors = []string{"Ann Writer"}
	upsert(t, s, byAnn)
	upsert(t, s, newStory(src.ID, "src1", t0.Add(-2*time.Hour)))
	upsert(t, s, newStory(src.ID, "src-old", t0.Add(-10*24*time.Hour)))
	upsert(t, s, newStory(other.ID, "free", t0.Add(-time.Hour)))
	if err := s.MuteTarget(t.Context(), u.ID, herald.MuteTarget{Kind: herald.MuteSource, Target: strconv.FormatInt(src.ID, 10),
		Until: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.MuteTarget(t.Context(), u.ID, herald.MuteTarget{Kind: herald.MuteAuthor, Target: "Ann Writer"}); err != nil {
		t.Fatal(err)
	}
	if err := s.MuteTarget(t.Context(), u.ID, herald.MuteTarget{Kind: "planet", Target: "x"}); herald.ErrorCode(err) != herald.EINVALID {
		t.Errorf("MuteTarget of an unknown kind = %v, want invalid", err)
	}
	ms, err := s.MutedTargets(t.Context(), u.ID, t0)
	if err != nil || len(ms) != 2 {
		t.Fatalf("MutedTargets at t0 = %+v, %v; want 2", ms, err)
	}
	n, err := s.MutedStories(t.Context(), u.ID, t0.Add(-7*24*time.Hour), t0)
	if err != nil || n != 2 {
		t.Errorf("MutedStories this week = %d, %v; want 2 (the source's recent story and Ann's)", n, err)
	}
	later := t0.Add(2 * time.Hour) // the source's snooze is over
	if ms, err := s.MutedTargets(t.Context(), u.ID, later); err != nil || len(ms) != 1 || ms[0].Kind != herald.MuteAuthor {
		t.Errorf("MutedTargets after the snooze = %+v, %v; want the author alone", ms, err)
	}
	if err := s.UnmuteTarget(t.Context(), u.ID, herald.MuteAuthor, "Ann Writer"); err != nil {
		t.Fatal(err)
	}
	if n, err := s.MutedStories(t.Context(), u.ID, t0.Add(-7*24*time.Hour), later); err != nil || n != 0 {
		t.Errorf("MutedStories after unmuting = %d, %v; want 0", n, err)
	}
}
