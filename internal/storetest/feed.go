package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

var feedTests = []namedTest{
	{"CandidatesAndReasons", testFeedCandidates},
	{"MuteExpiry", testFeedMuteExpiry},
	{"Pagination", testFeedPagination},
	{"UserScoping", testFeedUserScoping},
	{"BadCursor", testFeedBadCursor},
}

// feedFixture is a small world: two sources, stories on a few topics.
type feedFixture struct {
	followed, other             *herald.Source
	korea, bothFollowed, bySrc  *herald.Story
	mixed, unrelated, mutedOnly *herald.Story
}

func newFeedFixture(t *testing.T, s herald.Store) *feedFixture {
	f := &feedFixture{
		followed: newSource(t, s, "https://followed.example/feed", "Followed Daily"),
		other:    newSource(t, s, "https://other.example/feed", "Other Times"),
	}
	f.korea = newStory(f.other.ID, "korea", t0, topic("korea", 0.9), topic("asia", 0.3))
	f.bothFollowed = newStory(f.other.ID, "both", t0.Add(time.Minute), topic("korea", 0.2), topic("economy", 0.7))
	f.bySrc = newStory(f.followed.ID, "by-source", t0.Add(2*time.Minute))
	f.mixed = newStory(f.followed.ID, "mixed", t0.Add(3*time.Minute), topic("economy", 0.5))
	f.unrelated = newStory(f.other.ID, "unrelated", t0.Add(4*time.Minute), topic("asia", 0.9))
	f.mutedOnly = newStory(f.other.ID, "muted", t0.Add(5*time.Minute), topic("korea", 0.6), topic("sport", 0.4))
	for _, st := range []*herald.Story{f.korea, f.bothFollowed, f.bySrc, f.mixed, f.unrelated, f.mutedOnly} {
		upsert(t, s, st)
	}
	return f
}

// follow makes userID follow the topics and sources given.
func follow(t *testing.T, s herald.Store, userID int64, slugs []string, sources ...int64) {
	t.Helper()
	for _, slug := range slugs {
		if err := s.FollowTopic(t.Context(), userID, slug); err != nil {
			t.Fatalf("FollowTopic(%s): %v", slug, err)
		}
	}
	for _, id := range sources {
		if err := s.FollowSource(t.Context(), userID, id); err != nil {
			t.Fatalf("FollowSource(%d): %v", id, err)
		}
	}
}

// reasons renders candidates as "story: topics... [source]" lines.
func reasons(cands []herald.Candidate) []string {
	out := []string{}
	for _, c := range cands {
		line := c.Story.ExternalID + ":"
		for _, tp := range c.MatchedTopics {
			line += " " + tp.Slug
		}
		if c.MatchedSource != nil {
			line += fmt.Sprintf(" [source %s]", c.MatchedSource.Title)
		}
		out = append(out, line)
	}
	return out
}

// candidates returns one page of userID's feed at now.
func candidates(t *testing.T, s herald.Store, userID int64, now time.Time) []herald.Candidate {
	t.Helper()
	cands, _, err := s.FeedCandidates(t.Context(), herald.FeedQuery{UserID: userID, Now: now})
	if err != nil {
		t.Fatalf("FeedCandidates: %v", err)
	}
	return cands
}

func testFeedCandidates(t *testing.T, s herald.Store) {
	f := newFeedFixture(t, s)
	u := newUser(t, s, "ada")
	follow(t, s, u.ID, []string{"korea", "economy"}, f.followed.ID)
	if err := s.MuteTopic(t.Context(), u.ID, "sport", time.Time{}); err != nil {
		t.Fatalf("MuteTopic: %v", err)
	}
	cands := candidates(t, s, u.ID, t0)
	diff(t, "candidates with reasons", []string{
		"mixed: economy [source Followed Daily]",
		"by-source: [source Followed Daily]",
		"both: economy korea",
		"korea: korea",
	}, reasons(cands))
	for _, c := range cands {
		if c.Story.Source.Title == "" || c.Story.Title == "" {
			t.Errorf("candidate story %d not fully loaded: %+v", c.Story.ID, c.Story)
		}
	}
	got := cands[2].Story
	diff(t, "all topics of a candidate", []string{"economy", "korea"}, []string{got.Topics[0].Slug, got.Topics[1].Slug})
	if cands[2].MatchedTopics[0].Name != "Topic economy" {
		t.Errorf("matched topic = %+v, want its name loaded", cands[2].MatchedTopics[0])
	}
}

func testFeedMuteExpiry(t *testing.T, s herald.Store) {
	f := newFeedFixture(t, s)
	u := newUser(t, s, "ada")
	follow(t, s, u.ID, []string{"korea"})
	if err := s.MuteTopic(t.Context(), u.ID, "sport", t0.Add(time.Hour)); err != nil {
		t.Fatalf("MuteTopic: %v", err)
	}
	diff(t, "while muted", []int64{f.bothFollowed.ID, f.korea.ID}, candStoryIDs(candidates(t, s, u.ID, t0)))
	diff(t, "after the mute ends", []int64{f.mutedOnly.ID, f.bothFollowed.ID, f.korea.ID}, candStoryIDs(candidates(t, s, u.ID, t0.Add(time.Hour))))
	// Muting a followed topic hides it even though it is followed.
	if err := s.MuteTopic(t.Context(), u.ID, "asia", time.Time{}); err != nil {
		t.Fatalf("MuteTopic: %v", err)
	}
	diff(t, "muted asia", []int64{f.mutedOnly.ID, f.bothFollowed.ID}, candStoryIDs(candidates(t, s, u.ID, t0.Add(2*time.Hour))))
}

// candStoryIDs returns the story ids of candidates in order.
func candStoryIDs(cands []herald.Candidate) []int64 {
	out := make([]int64, len(cands))
	for i, c := range cands {
		out[i] = c.Story.ID
	}
	return out
}

func testFeedPagination(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://example.org/feed", "Example")
	u := newUser(t, s, "ada")
	var want []*herald.Story
	for i := range 13 {
		var topics []herald.StoryTopic
		if i%3 != 2 {
			topics = append(topics, topic("followed", 0.5))
		}
		st := newStory(src.ID, ext(i), t0.Add(time.Duration(i%4)*time.Minute), topics...)
		upsert(t, s, st)
		if len(topics) > 0 {
			want = append(want, st)
		}
	}
	follow(t, s, u.ID, []string{"followed"})
	var got []int64
	q := herald.FeedQuery{UserID: u.ID, Limit: 3, Now: t0}
	for page := 0; ; page++ {
		if page > 100 {
			t.Fatal("feed pagination does not end")
		}
		cands, next, err := s.FeedCandidates(t.Context(), q)
		if err != nil {
			t.Fatalf("FeedCandidates: %v", err)
		}
		if len(cands) > 3 {
			t.Fatalf("page of %d candidates, limit 3", len(cands))
		}
		got = append(got, candStoryIDs(cands)...)
		if next == "" {
			break
		}
		q.Cursor = next
	}
	diff(t, "feed pages", newestFirst(want), got)
}

func testFeedUserScoping(t *testing.T, s herald.Store) {
	ctx := t.Context()
	f := newFeedFixture(t, s)
	a := newUser(t, s, "ada")
	b := newUser(t, s, "bob")
	follow(t, s, a.ID, []string{"korea"}, f.followed.ID)
	if err := s.MuteTopic(ctx, a.ID, "economy", time.Time{}); err != nil {
		t.Fatalf("MuteTopic: %v", err)
	}
	diff(t, "bob's feed before following", []string{}, reasons(candidates(t, s, b.ID, t0)))
	diff(t, "bob's follows", []string{}, followsOf(t, s, b.ID))

	follow(t, s, b.ID, []string{"economy"})
	diff(t, "bob's feed (ada's mute does not apply)", []string{"mixed: economy", "both: economy"}, reasons(candidates(t, s, b.ID, t0)))
	diff(t, "ada's feed (bob's follow does not apply)", []string{
		"muted: korea",
		"by-source: [source Followed Daily]",
		"korea: korea",
	}, reasons(candidates(t, s, a.ID, t0)))
	diff(t, "ada's follows", []string{"topic:korea", "source:Followed Daily"}, followsOf(t, s, a.ID), sortStrings)

	if err := s.UnfollowTopic(ctx, b.ID, "korea"); err != nil {
		t.Fatalf("UnfollowTopic: %v", err)
	}
	diff(t, "bob unfollowing korea leaves ada's follow", []string{"topic:korea", "source:Followed Daily"}, followsOf(t, s, a.ID), sortStrings)
	cands, next, err := s.FeedCandidates(ctx, herald.FeedQuery{UserID: b.ID + 1000, Now: t0})
	if err != nil || len(cands) != 0 || next != "" {
		t.Errorf("feed of an unknown user = %v, %q, %v; want empty", cands, next, err)
	}
}

func testFeedBadCursor(t *testing.T, s herald.Store) {
	u := newUser(t, s, "ada")
	for _, q := range []herald.FeedQuery{
		{UserID: u.ID, Cursor: "not a cursor"},
		{UserID: u.ID, Limit: -5},
		{UserID: u.ID, Limit: 201},
	} {
		_, _, err := s.FeedCandidates(t.Context(), q)
		wantCode(t, err, herald.EINVALID)
	}
}
