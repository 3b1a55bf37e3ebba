package storetest

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

var readingTests = []namedTest{
	{"ReadSavedHidden", testReadSavedHidden},
	{"MarkAllReadAndUndo", testMarkAllReadAndUndo},
	{"ReadingRefusesHiddenStories", testReadingRefusesHiddenStories},
}

// states returns the Read and Saved flags of a listing as "id:rs" strings.
func readFlags(t *testing.T, s herald.Store, f herald.StoryFilter) map[int64][2]bool {
	t.Helper()
	page, err := s.Stories(t.Context(), f)
	if err != nil {
		t.Fatalf("Stories(%+v): %v", f, err)
	}
	out := map[int64][2]bool{}
	for _, st := range page.Items {
		out[st.ID] = [2]bool{st.Read, st.Saved}
	}
	return out
}

func testReadSavedHidden(t *testing.T, s herald.Store) {
	ctx := t.Context()
	src := newSource(t, s, "https://a.example/feed", "A")
	a, b, c := newStory(src.ID, "a", t0), newStory(src.ID, "b", t0.Add(time.Minute)), newStory(src.ID, "c", t0.Add(2*time.Minute))
	for _, st := range []*herald.Story{a, b, c} {
		upsert(t, s, st)
	}
	ada, bob := newUser(t, s, "ada"), newUser(t, s, "bob")
	if err := s.SetRead(ctx, ada.ID, []int64{a.ID, b.ID}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRead(ctx, ada.ID, []int64{b.ID}, false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSaved(ctx, ada.ID, c.ID, true); err != nil {
		t.Fatal(err)
	}
	diff(t, "ada's states", map[int64][2]bool{a.ID: {true, false}, b.ID: {false, false}, c.ID: {false, true}},
		readFlags(t, s, herald.StoryFilter{UserID: ada.ID}))
	diff(t, "bob sees none of ada's states", map[int64][2]bool{a.ID: {}, b.ID: {}, c.ID: {}},
		readFlags(t, s, herald.StoryFilter{UserID: bob.ID}))
	diff(t, "ada's unread", []int64{c.ID, b.ID}, allStories(t, s, herald.StoryFilter{UserID: ada.ID, Unread: true}))
	diff(t, "ada's saved", []int64{c.ID}, allStories(t, s, herald.StoryFilter{UserID: ada.ID, Saved: true}))
	if err := s.SetHidden(ctx, ada.ID, a.ID, true); err != nil {
		t.Fatal(err)
	}
	diff(t, "hidden stories leave ada's listings", []int64{c.ID, b.ID}, allStories(t, s, herald.StoryFilter{UserID: ada.ID}))
	diff(t, "but not bob's", []int64{c.ID, b.ID, a.ID}, allStories(t, s, herald.StoryFilter{UserID: bob.ID}))
	states, err := s.StoryStates(ctx, ada.ID, []int64{a.ID, b.ID, c.ID})
	if err != nil {
		t.Fatal(err)
	}
	if st := states[a.ID]; !st.Read || !st.Hidden || st.ReadAt.IsZero() {
		t.Errorf("state of a = %+v; want read (with a time) and hidden", st)
	}
	if st := states[c.ID]; !st.Saved || st.SavedAt.IsZero() || st.Read {
		t.Errorf("state of c = %+v; want saved, unread", st)
	}
	if err := s.SetSaved(ctx, ada.ID, c.ID, false); err != nil {
		t.Fatal(err)
	}
	diff(t, "nothing saved after unsaving", []int64{}, allStories(t, s, herald.StoryFilter{UserID: ada.ID, Saved: true}))
	wantCode(t, s.SetRead(ctx, ada.ID, []int64{c.ID, c.ID + 1000}, true), herald.ENOTFOUND)
	if st, _ := s.StoryStates(ctx, ada.ID, []int64{c.ID}); st[c.ID].Read {
		t.Error("a refused SetRead changed a story anyway")
	}
}

func testMarkAllReadAndUndo(t *testing.T, s herald.Store) {
	ctx := t.Context()
	one := newSource(t, s, "https://one.example/feed", "One")
	two := newSource(t, s, "https://two.example/feed", "Two")
	var ids []int64
	for i, src := range []int64{one.ID, one.ID, two.ID, two.ID} {
		st := newStory(src, ext(i), t0.Add(time.Duration(i)*time.Minute), topic("budget", 0.5))
		upsert(t, s, st)
		ids = append(ids, st.ID)
	}
	late := newStory(one.ID, "late", t0.Add(time.Hour))
	upsert(t, s, late)
	ada := newUser(t, s, "ada")
	if err := s.SetRead(ctx, ada.ID, []int64{ids[0]}, true); err != nil {
		t.Fatal(err)
	}
	n, undo, err := s.MarkAllRead(ctx, ada.ID, herald.ReadScope{SourceID: one.ID, Before: t0.Add(30 * time.Minute)})
	if err != nil || n != 1 || undo == "" {
		t.Fatalf("MarkAllRead(source one) = %d, %q, %v; want 1 (the other was read already)", n, undo, err)
	}
	diff(t, "unread after marking source one", []int64{late.ID, ids[3], ids[2]},
		allStories(t, s, herald.StoryFilter{UserID: ada.ID, Unread: true}))
	n2, undo2, err := s.MarkAllRead(ctx, ada.ID, herald.ReadScope{TopicSlug: "budget"})
	if err != nil || n2 != 2 {
		t.Fatalf("MarkAllRead(topic) = %d, %v; want 2", n2, err)
	}
	if err := s.UndoMarkAllRead(ctx, ada.ID, undo); err != nil {
		t.Fatal(err)
	}
	diff(t, "undoing the first mark unmarks only what it marked", []int64{late.ID, ids[1]},
		allStories(t, s, herald.StoryFilter{UserID: ada.ID, Unread: true}))
	if err := s.UndoMarkAllRead(ctx, ada.ID, undo2); err != nil {
		t.Fatal(err)
	}
	diff(t, "undoing both leaves the story read by hand read", []int64{late.ID, ids[3], ids[2], ids[1]},
		allStories(t, s, herald.StoryFilter{UserID: ada.ID, Unread: true}))
	n3, _, err := s.MarkAllRead(ctx, ada.ID, herald.ReadScope{})
	if err != nil || n3 != 4 {
		t.Errorf("MarkAllRead(everything) = %d, %v; want 4", n3, err)
	}
	wantCode(t, s.UndoMarkAllRead(ctx, ada.ID, "not a token!"), herald.EINVALID)
}

func testReadingRefusesHiddenStories(t *testing.T, s herald.Store) {
	ctx := t.Context()
	src := newSource(t, s, "", "Pushed")
	held := newStory(src.ID, "held", t0)
	held.EmbargoUntil = time.Now().Add(time.Hour)
	upsert(t, s, held)
	ada := newUser(t, s, "ada")
	wantCode(t, s.SetRead(ctx, ada.ID, []int64{held.ID}, true), herald.ENOTFOUND)
	wantCode(t, s.SetSaved(ctx, ada.ID, held.ID, true), herald.ENOTFOUND)
	if n, _, err := s.MarkAllRead(ctx, ada.ID, herald.ReadScope{}); err != nil || n != 0 {
		t.Errorf("MarkAllRead = %d, %v; want nothing marked (the story is under embargo)", n, err)
	}
}
