package storetest

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// pushTests cover what publisher push relies on: source-scoped tokens,
// revision history, embargoes and retraction.
var pushTests = []namedTest{
	{"ScopedToken", testScopedToken},
	{"Revisions", testRevisions},
	{"Embargo", testEmbargo},
	{"EmbargoRevealsNothing", testEmbargoRevealsNothing},
	{"Retract", testRetract},
}

func testScopedToken(t *testing.T, s herald.Store) {
	ctx := t.Context()
	u := newUser(t, s, "newsroom")
	src := newSource(t, s, "", "Pushed News")
	push := &herald.Token{UserID: u.ID, Name: "push", Hash: "sha256-push", SourceID: src.ID}
	if err := s.CreateToken(ctx, push); err != nil {
		t.Fatalf("CreateToken(source %d): %v", src.ID, err)
	}
	reader := &herald.Token{UserID: u.ID, Name: "read", Hash: "sha256-read"}
	if err := s.CreateToken(ctx, reader); err != nil {
		t.Fatalf("CreateToken(reader): %v", err)
	}
	for _, tc := range []struct {
		hash   string
		id     int64
		source int64
	}{{"sha256-push", push.ID, src.ID}, {"sha256-read", reader.ID, 0}} {
		tok, owner, err := s.LookupToken(ctx, tc.hash)
		if err != nil {
			t.Fatalf("LookupToken(%s): %v", tc.hash, err)
		}
		if tok.ID != tc.id || tok.SourceID != tc.source || tok.UserID != u.ID || owner.ID != u.ID || owner.Name != "newsroom" {
			t.Errorf("LookupToken(%s) = %+v, %+v; want token %d of source %d owned by newsroom", tc.hash, tok, owner, tc.id, tc.source)
		}
	}
	_, _, err := s.LookupToken(ctx, "sha256-none")
	wantCode(t, err, herald.ENOTFOUND)
	bad := &herald.Token{UserID: u.ID, Name: "bad", Hash: "sha256-bad", SourceID: src.ID + 1000}
	wantCode(t, s.CreateToken(ctx, bad), herald.ENOTFOUND)
}

func testRevisions(t *testing.T, s herald.Store) {
	ctx := t.Context()
	src := newSource(t, s, "", "Pushed News")
	st := newStory(src.ID, "p-1", t0, topic("budget", 0.8))
	st.ContentHTML, st.ImageCredit, st.Authors = "<p>First draft.</p>", "Photo: Ann", []string{"Ann Lee"}
	if res := upsert(t, s, st); !res.Created || res.Revision != nil || res.RevisionCount != 0 {
		t.Fatalf("first UpsertStory = %+v, want Created without a revision", res)
	}
	same := *st
	same.UpdatedAt, same.FetchedAt = t0.Add(time.Hour), t0.Add(time.Hour) // bookkeeping only
	if res := upsert(t, s, &same); res.Created || res.Revision != nil || res.RevisionCount != 0 {
		t.Fatalf("unchanged UpsertStory = %+v, want an update without a revision", res)
	}
	changed := *st
	changed.Title, changed.ContentHTML = "Story p-1, corrected", "<p>Second draft.</p>"
	res := upsert(t, s, &changed)
	if res.Revision == nil || res.RevisionCount != 1 {
		t.Fatalf("changed UpsertStory = %+v, want revision 1", res)
	}
	revs, err := s.StoryRevisions(ctx, st.ID)
	if err != nil {
		t.Fatalf("StoryRevisions: %v", err)
	}
	if len(revs) != 1 {
		t.Fatalf("StoryRevisions = %d revisions, want 1: %+v", len(revs), revs)
	}
	r := revs[0]
	diff(t, "revision changed", []string{"title", "content_html"}, r.Changed)
	diff(t, "revision previous", map[string]string{"title": "Story p-1"}, r.Previous)
	if r.ID != res.Revision.ID || r.StoryID != st.ID {
		t.Errorf("revision = %+v, want id %d of story %d", r, res.Revision.ID, st.ID)
	}
	within(t, "revision At", r.At, time.Now().Add(-time.Minute), time.Now())
	got, err := s.Story(ctx, st.ID)
	if err != nil {
		t.Fatalf("Story: %v", err)
	}
	if got.RevisionCount != 1 || got.ImageCredit != "Photo: Ann" || got.Title != changed.Title {
		t.Errorf("Story = count %d, credit %q, title %q; want 1, Photo: Ann, the corrected title",
			got.RevisionCount, got.ImageCredit, got.Title)
	}
	_, err = s.StoryRevisions(ctx, st.ID+1000)
	wantCode(t, err, herald.ENOTFOUND)
}

func testEmbargo(t *testing.T, s herald.Store) {
	ctx := t.Context()
	u := newUser(t, s, "reader")
	src := newSource(t, s, "", "Pushed News")
	if err := s.FollowSource(ctx, u.ID, src.ID); err != nil {
		t.Fatalf("FollowSource: %v", err)
	}
	lift := time.Now().Add(time.Hour).UTC().Truncate(time.Millisecond)
	open := newStory(src.ID, "open", t0, topic("budget", 0.5))
	open.EmbargoUntil = t0 // lifted long ago
	held := newStory(src.ID, "held", t0.Add(time.Minute), topic("budget", 0.9))
	held.EmbargoUntil = lift
	upsert(t, s, open)
	upsert(t, s, held)

	diff(t, "Stories under embargo", []int64{open.ID}, allStories(t, s, herald.StoryFilter{}))
	diff(t, "Stories of the topic under embargo", []int64{open.ID}, allStories(t, s, herald.StoryFilter{TopicSlug: "budget"}))
	diff(t, "Stories after the embargo", []int64{held.ID, open.ID}, allStories(t, s, herald.StoryFilter{Now: lift}))
	if _, err := s.Story(ctx, open.ID); err != nil {
		t.Errorf("Story(lifted embargo): %v", err)
	}
	_, err := s.Story(ctx, held.ID)
	wantCode(t, err, herald.ENOTFOUND)

	for _, tc := range []struct {
		now  time.Time
		want []int64
	}{{lift.Add(-time.Second), []int64{open.ID}}, {lift, []int64{held.ID, open.ID}}} {
		cands, _, err := s.FeedCandidates(ctx, herald.FeedQuery{UserID: u.ID, Now: tc.now})
		if err != nil {
			t.Fatalf("FeedCandidates: %v", err)
		}
		ids := make([]int64, len(cands))
		for i, c := range cands {
			ids[i] = c.Story.ID
		}
		diff(t, "FeedCandidates at "+tc.now.String(), tc.want, ids)
	}
	if tp, err := s.TopicBySlug(ctx, "budget"); err != nil || tp.StoryCount != 1 {
		t.Errorf("TopicBySlug(budget) = %+v, %v; want a count of 1 (the embargoed story hidden)", tp, err)
	}
	page, err := s.Stories(ctx, herald.StoryFilter{Now: lift})
	if err != nil || len(page.Items) != 2 {
		t.Fatalf("Stories after the embargo = %+v, %v", page, err)
	}
	if !page.Items[0].EmbargoUntil.Equal(lift) {
		t.Errorf("EmbargoUntil = %v, want %v", page.Items[0].EmbargoUntil, lift)
	}
}

// testEmbargoRevealsNothing: until an embargo lifts, nothing about the story
// shows: not a topic only it carries (list or page), not the count of its
// source, not its id to another publisher pushing the same URL and text.
func testEmbargoRevealsNothing(t *testing.T, s herald.Store) {
	ctx := t.Context()
	src := newSource(t, s, "", "Pushed News")
	other := newSource(t, s, "", "Other Newsroom")
	lift := time.Now().Add(time.Hour).UTC().Truncate(time.Millisecond)
	held := newStory(src.ID, "held", t0, topic("secret-summit", 0.9), topic("budget", 0.5))
	held.EmbargoUntil, held.CanonicalURL, held.Fingerprint = lift, "https://news.example/summit", "fp-summit"
	upsert(t, s, held)
	upsert(t, s, newStory(src.ID, "open", t0, topic("budget", 0.5)))

	topics, err := s.Topics(ctx, herald.TopicFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range topics {
		if tp.Slug == "secret-summit" {
			t.Errorf("Topics lists %+v, a topic only an embargoed story carries", tp)
		}
	}
	_, err = s.TopicBySlug(ctx, "secret-summit")
	wantCode(t, err, herald.ENOTFOUND)
	wantCode(t, s.FollowTopic(ctx, newUser(t, s, "curious").ID, "secret-summit"), herald.ENOTFOUND)
	if got, err := s.Source(ctx, src.ID); err != nil || got.StoryCount != 1 {
		t.Errorf("Source = %+v, %v; want a story count of 1 (the embargoed story not counted)", got, err)
	}
	rival := newStory(other.ID, "rival", t0)
	rival.CanonicalURL, rival.Fingerprint = held.CanonicalURL, held.Fingerprint
	res := upsert(t, s, rival)
	if !res.Created || res.Duplicate || res.DuplicateOf != 0 || res.ID == held.ID {
		t.Errorf("another publisher's push of the same story = %+v; want its own story, linked to nothing hidden", res)
	}
}

func testRetract(t *testing.T, s herald.Store) {
	ctx := t.Context()
	src := newSource(t, s, "", "Pushed News")
	other := newSource(t, s, "https://other.example/feed", "Other")
	st := newStory(src.ID, "p-1", t0, topic("budget", 0.8))
	upsert(t, s, st)
	wantCode(t, s.RetractStory(ctx, other.ID, st.ID), herald.EFORBIDDEN)
	if _, err := s.Story(ctx, st.ID); err != nil {
		t.Fatalf("Story after a refused retraction: %v", err)
	}
	if err := s.RetractStory(ctx, src.ID, st.ID); err != nil {
		t.Fatalf("RetractStory: %v", err)
	}
	_, err := s.Story(ctx, st.ID)
	wantCode(t, err, herald.ENOTFOUND)
	wantCode(t, s.RetractStory(ctx, src.ID, st.ID), herald.ENOTFOUND)
	diff(t, "Stories after retraction", []int64{}, allStories(t, s, herald.StoryFilter{}))
	again := newStory(src.ID, "p-1", t0)
	if res := upsert(t, s, again); !res.Created {
		t.Errorf("re-push after retraction = %+v, want a new story", res)
	}
}
