package storetest

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

var sectionTests = []namedTest{
	{"Examples", testSectionExamples},
	{"ExamplesFollowUpdates", testSectionExamplesUpdate},
	{"SourceRoundTrip", testSectionSourceRoundTrip},
}

// sectionStory returns an unsaved story with a section and where it came from.
func sectionStory(src int64, ext string, at time.Time, section, from string) *herald.Story {
	st := newStory(src, ext, at)
	st.ContentHTML = "<p>Text of " + ext + ".</p>"
	st.Section, st.SectionSource = section, from
	return st
}

// sectionExamples calls SectionExamples and fails t on error.
func sectionExamples(t *testing.T, s herald.Store, limit int) []herald.SectionExample {
	t.Helper()
	got, err := s.SectionExamples(t.Context(), limit)
	if err != nil {
		t.Fatalf("SectionExamples(%d): %v", limit, err)
	}
	return got
}

func testSectionExamples(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://example.org/feed", "Example")
	for i, c := range []struct{ ext, section, from string }{
		{"pub", "Politics", herald.SectionFromPublisher},
		{"src", "Sport", herald.SectionFromSource},
		{"cat", "Business", herald.SectionFromCategory},
		{"model", "Health", herald.SectionFromModel},
		{"none", "", ""},
		{"blank-cat", "", herald.SectionFromCategory},
	} {
		upsert(t, s, sectionStory(src.ID, c.ext, t0.Add(time.Duration(i)*time.Hour), c.section, c.from))
	}
	embargoed := sectionStory(src.ID, "embargoed", t0.Add(-time.Hour), "World", herald.SectionFromPublisher)
	embargoed.EmbargoUntil = t0.Add(1000 * time.Hour)
	upsert(t, s, embargoed)

	want := []herald.SectionExample{
		{Title: "Story cat", Text: "Text of cat.", Section: "Business"},
		{Title: "Story src", Text: "Text of src.", Section: "Sport"},
		{Title: "Story pub", Text: "Text of pub.", Section: "Politics"},
		{Title: "Story embargoed", Text: "Text of embargoed.", Section: "World"},
	}
	diff(t, "SectionExamples(10)", want, sectionExamples(t, s, 10))
	diff(t, "SectionExamples(2)", want[:2], sectionExamples(t, s, 2))
	if got := sectionExamples(t, s, 0); len(got) != 0 {
		t.Errorf("SectionExamples(0) = %v, want none", got)
	}
}

func testSectionExamplesUpdate(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://example.org/feed", "Example")
	st := sectionStory(src.ID, "a", t0, "Sport", herald.SectionFromCategory)
	upsert(t, s, st)
	diff(t, "before update", []herald.SectionExample{{Title: "Story a", Text: "Text of a.", Section: "Sport"}}, sectionExamples(t, s, 10))

	st.Section, st.SectionSource = "Health", herald.SectionFromModel
	upsert(t, s, st)
	if got := sectionExamples(t, s, 10); len(got) != 0 {
		t.Errorf("after the label became a prediction: SectionExamples = %v, want none", got)
	}
}

func testSectionSourceRoundTrip(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://example.org/feed", "Example")
	for i, from := range []string{herald.SectionFromPublisher, herald.SectionFromSource,
		herald.SectionFromCategory, herald.SectionFromModel, ""} {
		st := sectionStory(src.ID, "s"+from, t0.Add(time.Duration(i)*time.Minute), "World", from)
		res := upsert(t, s, st)
		got, err := s.Story(t.Context(), res.ID)
		if err != nil {
			t.Fatalf("Story(%d): %v", res.ID, err)
		}
		if got.SectionSource != from || got.Section != "World" {
			t.Errorf("story %q: section %q from %q, want World from %q", st.ExternalID, got.Section, got.SectionSource, from)
		}
	}
	st := sectionStory(src.ID, "moved", t0, "World", herald.SectionFromModel)
	upsert(t, s, st)
	st.SectionSource = herald.SectionFromPublisher
	res := upsert(t, s, st)
	got, err := s.Story(t.Context(), res.ID)
	if err != nil {
		t.Fatalf("Story(%d): %v", res.ID, err)
	}
	if got.SectionSource != herald.SectionFromPublisher {
		t.Errorf("after update: section_source %q, want %q", got.SectionSource, herald.SectionFromPublisher)
	}
}
