package storetest

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// testStoryBatch checks UpsertStories: per-story results and errors, a failing
// story that does not stop the others, and dedupe inside one batch.
func testStoryBatch(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://batch.example/feed", "Batch")
	at := time.Now().Add(-time.Hour)
	good := newStory(src.ID, "b1", at, topic("alpha", 0.5))
	unknownSource := newStory(src.ID+1000, "b2", at)
	dup := newStory(src.ID, "b3", at)
	dup.CanonicalURL = "https://batch.example/same"
	dupAgain := newStory(src.ID, "b4", at)
	dupAgain.CanonicalURL = "https://batch.example/same"
	invalid := &herald.Story{SourceID: src.ID, Title: "no key", PublishedAt: at}
	res, errs := s.UpsertStories(t.Context(), []*herald.Story{good, unknownSource, dup, dupAgain, invalid})
	if len(res) != 5 || len(errs) != 5 {
		t.Fatalf("got %d results and %d errors, want 5 of each", len(res), len(errs))
	}
	for i, want := range []string{"", herald.ENOTFOUND, "", "", herald.EINVALID} {
		if got := herald.ErrorCode(errs[i]); got != want {
			t.Errorf("story %d: error %v (code %q), want code %q", i, errs[i], got, want)
		}
	}
	if !res[0].Created || good.ID == 0 || !res[2].Created || !res[3].Duplicate || res[3].ID != res[2].ID {
		t.Errorf("results = %+v; want created, -, created, duplicate of the third", res)
	}
	page, err := s.Stories(t.Context(), herald.StoryFilter{SourceID: src.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 {
		t.Errorf("stored %d stories, want 2 (the good one and the first of the duplicates)", len(page.Items))
	}
	again := *good
	again.ID, again.Title = 0, "Story b1, updated"
	res, errs = s.UpsertStories(t.Context(), []*herald.Story{&again})
	if errs[0] != nil || res[0].Created || res[0].ID != good.ID {
		t.Errorf("re-upsert in a batch = %+v, %v; want an update of %d", res[0], errs[0], good.ID)
	}
}
