package storetest

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

var itemTests = []namedTest{
	{"UnchangedItems", testUnchangedItems},
	{"GuessedDateKept", testGuessedDateKept},
}

func testUnchangedItems(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://example.org/feed", "Example")
	other := newSource(t, s, "https://other.example/feed", "Other")
	hashed := func(src int64, ext, hash string) *herald.Story {
		st := newStory(src, ext, t0)
		st.ItemHash = hash
		return st
	}
	upsert(t, s, hashed(src.ID, "a", "h-a"))
	upsert(t, s, hashed(src.ID, "b", "h-b"))
	upsert(t, s, hashed(src.ID, "pushed", ""))
	upsert(t, s, hashed(other.ID, "o", "h-o"))

	got, err := s.UnchangedItems(t.Context(), src.ID, []herald.ItemKey{
		{ExternalID: "a", Hash: "h-a"},           // unchanged
		{ExternalID: "b", Hash: "h-b2"},          // changed
		{ExternalID: "pushed", Hash: ""},         // never matches without a hash
		{ExternalID: "new", Hash: "h-new"},       // not stored
		{ExternalID: "o", Hash: "h-o"},           // another source's item
		{ExternalID: "a\x00", Hash: "h-a"},       // cleaned like stored ids
		{ExternalID: "b", Hash: "h-a"},           // another item's hash
		{ExternalID: "", Hash: "h-a"},            // empty id
		{ExternalID: "missing", Hash: "missing"}, // nothing
	})
	if err != nil {
		t.Fatalf("UnchangedItems: %v", err)
	}
	diff(t, "UnchangedItems", map[string]bool{"a": true}, got)

	// An update stores the new hash.
	upsert(t, s, hashed(src.ID, "b", "h-b2"))
	got, err = s.UnchangedItems(t.Context(), src.ID, []herald.ItemKey{{ExternalID: "b", Hash: "h-b2"}})
	if err != nil {
		t.Fatalf("UnchangedItems: %v", err)
	}
	diff(t, "UnchangedItems after an update", map[string]bool{"b": true}, got)

	got, err = s.UnchangedItems(t.Context(), src.ID, nil)
	if err != nil || len(got) != 0 {
		t.Errorf("UnchangedItems(nil) = %v, %v; want empty", got, err)
	}
}

func testGuessedDateKept(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://example.org/feed", "Example")
	first := newStory(src.ID, "undated", t0)
	first.PublishedGuessed = true
	upsert(t, s, first)

	// The next poll guesses again, later; the title changed meanwhile.
	again := newStory(src.ID, "undated", t0.Add(3*time.Hour))
	again.PublishedGuessed = true
	again.Title = "Story undated, corrected"
	res := upsert(t, s, again)
	if res.Revision == nil {
		t.Fatal("no revision for a changed title")
	}
	diff(t, "revision fields", []string{"title"}, res.Revision.Changed)
	got, err := s.Story(t.Context(), first.ID)
	if err != nil {
		t.Fatalf("Story: %v", err)
	}
	if !got.PublishedAt.Equal(t0) {
		t.Errorf("published_at after a guessed update = %v, want the first %v", got.PublishedAt, t0)
	}

	// A real date replaces a guessed one.
	dated := newStory(src.ID, "undated", t0.Add(-time.Hour))
	dated.Title = again.Title
	upsert(t, s, dated)
	if got, _ = s.Story(t.Context(), first.ID); !got.PublishedAt.Equal(t0.Add(-time.Hour)) {
		t.Errorf("published_at after a dated update = %v, want %v", got.PublishedAt, t0.Add(-time.Hour))
	}
}
