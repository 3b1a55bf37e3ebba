package storetest

import (
	"testing"

	"github.com/heraldnews/herald"
)

// storySectionTests cover SetStorySection, which a retrained section model
// uses to label stored stories without touching anything else.
var storySectionTests = []namedTest{
	{"SetChangesOnlyTheSection", testSetStorySection},
	{"SetMissingStory", testSetStorySectionMissing},
}

func testSetStorySection(t *testing.T, s herald.Store) {
	ctx := t.Context()
	src := newSource(t, s, "https://example.org/feed", "Example")
	st := newStory(src.ID, "a", t0, topic("budget", 0.8))
	st.ItemHash, st.ContentHTML = "h-a", "<p>The budget passed.</p>"
	res := upsert(t, s, st)
	before, err := s.Story(ctx, res.ID)
	if err != nil {
		t.Fatalf("Story: %v", err)
	}

	if err := s.SetStorySection(ctx, res.ID, "Politics", herald.SectionFromModel); err != nil {
		t.Fatalf("SetStorySection: %v", err)
	}
	after, err := s.Story(ctx, res.ID)
	if err != nil {
		t.Fatalf("Story: %v", err)
	}
	if after.Section != "Politics" || after.SectionSource != herald.SectionFromModel {
		t.Errorf("section = %q from %q, want Politics from model", after.Section, after.SectionSource)
	}
	before.Section, before.SectionSource = after.Section, after.SectionSource
	diff(t, "story apart from its section", before, after, ignoreTopicIDs)
	if revs, err := s.StoryRevisions(ctx, res.ID); err != nil || len(revs) != 0 {
		t.Errorf("StoryRevisions = %+v, %v; want none: a section label is not an edit", revs, err)
	}
	unchanged, err := s.UnchangedItems(ctx, src.ID, []herald.ItemKey{{ExternalID: "a", Hash: "h-a"}})
	if err != nil {
		t.Fatalf("UnchangedItems: %v", err)
	}
	diff(t, "UnchangedItems after SetStorySection (the item hash stays)", map[string]bool{"a": true}, unchanged)
}

func testSetStorySectionMissing(t *testing.T, s herald.Store) {
	wantCode(t, s.SetStorySection(t.Context(), 9_999_999, "Politics", herald.SectionFromModel), herald.ENOTFOUND)
}
