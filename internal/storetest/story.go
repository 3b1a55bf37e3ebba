package storetest

import (
	"encoding/base64"
	"fmt"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

var storyTests = []namedTest{
	{"RoundTrip", testStoryRoundTrip},
	{"UnicodeAndCleaning", testStoryUnicode},
	{"NotFound", testStoryNotFound},
	{"UpdateInPlace", testStoryUpdate},
	{"Dedupe", testStoryDedupe},
	{"Invalid", testStoryInvalid},
	{"Pagination", testStoryPagination},
	{"ZeroPublishedAt", testStoryZeroPublishedAt},
	{"BadCursorAndLimit", testStoryBadCursor},
	{"Filters", testStoryFilters},
	{"OversizedKeys", testStoryOversizedKeys},
	{"Batch", testStoryBatch},
}

func testStoryRoundTrip(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://example.org/feed", "Example")
	st := &herald.Story{
		SourceID: src.ID, ExternalID: "urn:uuid:1", URL: "https://example.org/a?utm=x",
		CanonicalURL: "https://example.org/a", Title: "Summit in Pyongyang",
		Summary: "<p>Leaders met.</p>", ContentHTML: "<p>Leaders <b>met</b> today.</p>",
		Authors: []string{"Ann Lee", "Bo Kim"}, ImageURL: "https://example.org/a.jpg", ImageCaption: "The hall",
		PublishedAt: t0, UpdatedAt: t0.Add(time.Hour), FetchedAt: t0.Add(2 * time.Hour),
		Section: "world", SectionSource: herald.SectionFromCategory, ClusterID: 42, Fingerprint: "fp-1",
		Topics: []herald.StoryTopic{
			{Topic: herald.Topic{Slug: "pyongyang", Name: "Pyongyang", Kind: herald.KindPlace}, Salience: 0.4},
			{Topic: herald.Topic{Slug: "north-korea", Name: "North Korea", Kind: herald.KindPlace}, Salience: 0.9},
			{Topic: herald.Topic{Slug: "kim-jong-un", Name: "Kim Jong Un", Kind: herald.KindPerson}, Salience: 0.6},
		},
	}
	res := upsert(t, s, st)
	if !res.Created || res.Duplicate || res.ID == 0 || st.ID != res.ID {
		t.Fatalf("UpsertStory = %+v (story ID %d), want Created with an ID", res, st.ID)
	}
	got, err := s.Story(t.Context(), res.ID)
	if err != nil {
		t.Fatalf("Story: %v", err)
	}
	want := *st
	want.Source = herald.SourceRef{ID: src.ID, Title: "Example"}
	want.Topics = []herald.StoryTopic{st.Topics[1], st.Topics[2], st.Topics[0]} // most salient first
	diff(t, "Story", &want, got, ignoreTopicIDs)

	page, err := s.Stories(t.Context(), herald.StoryFilter{})
	if err != nil {
		t.Fatalf("Stories: %v", err)
	}
	if len(page.Items) != 1 || page.NextCursor != "" {
		t.Fatalf("Stories = %d items, cursor %q; want 1 item, no cursor", len(page.Items), page.NextCursor)
	}
	diff(t, "Stories item", &want, page.Items[0], ignoreTopicIDs)
}

func testStoryUnicode(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://example.org/feed", "Ünïcödé 新闻")
	st := newStory(src.ID, "ü-1", t0)
	st.Title = "Zürich — 東京 🚀 مرحبا עולם é\u0301"
	st.Summary = "<p>Ça va? Ελληνικά, русский, 한국어, emoji 👩‍👩‍👧</p>"
	st.Authors = []string{"Zoë Ōtsuka", "Дмитрий"}
	st.Topics = []herald.StoryTopic{{Topic: herald.Topic{Slug: "zürich", Name: "Zürich", Kind: herald.KindPlace}, Salience: 1}}
	upsert(t, s, st)
	got, err := s.Story(t.Context(), st.ID)
	if err != nil {
		t.Fatalf("Story: %v", err)
	}
	diff(t, "unicode story", []string{st.Title, st.Summary, "Ünïcödé 新闻", "zürich", "Zürich"},
		[]string{got.Title, got.Summary, got.Source.Title, got.Topics[0].Slug, got.Topics[0].Name})
	diff(t, "unicode authors", st.Authors, got.Authors)

	dirty := newStory(src.ID, "dirty", t0)
	dirty.Title = "nul\x00byte and bad \xff utf-8"
	dirty.Summary = "<p>\x00x</p>"
	upsert(t, s, dirty)
	got, err = s.Story(t.Context(), dirty.ID)
	if err != nil {
		t.Fatalf("Story: %v", err)
	}
	diff(t, "cleaned text", []string{"nulbyte and bad \uFFFD utf-8", "<p>x</p>"}, []string{got.Title, got.Summary})
}

func testStoryNotFound(t *testing.T, s herald.Store) {
	_, err := s.Story(t.Context(), 12345)
	wantCode(t, err, herald.ENOTFOUND)
}

func testStoryUpdate(t *testing.T, s herald.Store) {
	ctx := t.Context()
	src := newSource(t, s, "https://example.org/feed", "Example")
	first := newStory(src.ID, "guid-1", t0, topic("alpha", 0.9), topic("beta", 0.5))
	first.Topics[0].Name = "Alpha Original"
	created := upsert(t, s, first)

	second := newStory(src.ID, "guid-1", t0.Add(time.Minute), topic("beta", 0.3), topic("gamma", 0.8))
	second.Title = "Updated title"
	second.Authors = []string{"Editor"}
	second.Topics = append(second.Topics, herald.StoryTopic{Topic: herald.Topic{Slug: "alpha-2", Name: "Alpha Two"}, Salience: 0.1})
	res := upsert(t, s, second)
	if res.Created || res.Duplicate || res.ID != created.ID {
		t.Fatalf("second UpsertStory = %+v, want an in-place update of %d", res, created.ID)
	}
	got, err := s.Story(ctx, created.ID)
	if err != nil {
		t.Fatalf("Story: %v", err)
	}
	if got.Title != "Updated title" || !got.PublishedAt.Equal(t0.Add(time.Minute)) {
		t.Errorf("updated story has title %q, published %v", got.Title, got.PublishedAt)
	}
	diff(t, "authors after update", []string{"Editor"}, got.Authors)
	var slugs []string
	for _, tp := range got.Topics {
		slugs = append(slugs, tp.Slug)
	}
	diff(t, "topics after update", []string{"gamma", "beta", "alpha-2"}, slugs)
	if got.Topics[1].Salience != 0.3 {
		t.Errorf("beta salience = %v, want 0.3", got.Topics[1].Salience)
	}
	counts := map[string]int{}
	for _, slug := range []string{"alpha", "beta", "gamma"} {
		tp, err := s.TopicBySlug(ctx, slug)
		if err != nil {
			t.Fatalf("TopicBySlug(%s): %v", slug, err)
		}
		counts[slug] = tp.StoryCount
	}
	diff(t, "story counts after relinking", map[string]int{"alpha": 0, "beta": 1, "gamma": 1}, counts)

	// An existing topic keeps its name when a later story names it
	// otherwise; its kind follows the newest story's, which the topic
	// resolver decides from the evidence of every story (issue 9: a kind is
	// not fixed by the first story), unless an administrator set it.
	third := newStory(src.ID, "guid-2", t0, herald.StoryTopic{Topic: herald.Topic{Slug: "alpha", Name: "Renamed", Kind: herald.KindPerson}, Salience: 1})
	upsert(t, s, third)
	tp, err := s.TopicBySlug(ctx, "alpha")
	if err != nil {
		t.Fatalf("TopicBySlug: %v", err)
	}
	if tp.Name != "Alpha Original" || tp.Kind != herald.KindPerson {
		t.Errorf("topic alpha = %q/%q, want the original name and the newest kind", tp.Name, tp.Kind)
	}
	if _, err := s.RenameTopic(ctx, "alpha", "Alpha Original", herald.KindPlace); err != nil {
		t.Fatal(err)
	}
	fourth := newStory(src.ID, "guid-3", t0, herald.StoryTopic{Topic: herald.Topic{Slug: "alpha", Name: "Alpha", Kind: herald.KindPerson}, Salience: 1})
	upsert(t, s, fourth)
	if tp, err := s.TopicBySlug(ctx, "alpha"); err != nil || tp.Kind != herald.KindPlace {
		t.Errorf("topic alpha after an administrator set its kind = %+v, %v; want place, kept", tp, err)
	}
}

func testStoryDedupe(t *testing.T, s herald.Store) {
	a := newSource(t, s, "https://a.example/feed", "A")
	b := newSource(t, s, "https://b.example/feed", "B")
	orig := newStory(a.ID, "orig", t0)
	orig.CanonicalURL = "https://a.example/story"
	orig.Fingerprint = "fp-orig"
	upsert(t, s, orig)
	plain := newStory(a.ID, "plain", t0) // no canonical URL, no fingerprint
	upsert(t, s, plain)

	tests := []struct {
		name          string
		story         func() *herald.Story
		created, dupe bool
		sameAs        int64 // expected ID; 0 for a new one
		linked        int64 // expected DuplicateOf
	}{
		{"same guid same source updates", func() *herald.Story {
			st := newStory(a.ID, "orig", t0)
			st.CanonicalURL, st.Fingerprint = orig.CanonicalURL, orig.Fingerprint
			return st
		}, false, false, orig.ID, 0},
		// Another publisher's copy is stored as its own and linked, never
		// refused (issue 10: one publisher must not block another).
		{"canonical url from another source is stored and linked", func() *herald.Story {
			st := newStory(b.ID, "other-guid", t0)
			st.CanonicalURL = orig.CanonicalURL
			return st
		}, true, false, 0, orig.ID},
		{"canonical url under a new guid of the same source", func() *herald.Story {
			st := newStory(a.ID, "new-guid", t0)
			st.CanonicalURL = orig.CanonicalURL
			return st
		}, false, true, orig.ID, 0},
		{"fingerprint from another source is stored and linked", func() *herald.Story {
			st := newStory(b.ID, "fp-guid", t0)
			st.Fingerprint = orig.Fingerprint
			return st
		}, true, false, 0, orig.ID},
		{"empty canonical and fingerprint never match", func() *herald.Story {
			return newStory(b.ID, "empty-keys", t0)
		}, true, false, 0, 0},
		{"same guid on another source is another story", func() *herald.Story {
			return newStory(b.ID, "orig", t0)
		}, true, false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := tt.story()
			res := upsert(t, s, st)
			if res.Created != tt.created || res.Duplicate != tt.dupe {
				t.Fatalf("UpsertStory = %+v, want Created %v Duplicate %v", res, tt.created, tt.dupe)
			}
			if tt.sameAs != 0 && res.ID != tt.sameAs {
				t.Errorf("UpsertStory ID = %d, want %d", res.ID, tt.sameAs)
			}
			if tt.sameAs == 0 && (res.ID == orig.ID || res.ID == plain.ID || res.ID == 0) {
				t.Errorf("UpsertStory ID = %d, want a new story", res.ID)
			}
			if res.DuplicateOf != tt.linked {
				t.Errorf("UpsertStory DuplicateOf = %d, want %d", res.DuplicateOf, tt.linked)
			}
			if tt.linked != 0 {
				if got, err := s.Story(t.Context(), res.ID); err != nil || got.DuplicateOf != tt.linked || got.SourceID != b.ID {
					t.Errorf("linked story = %+v, %v; want source %d's own, DuplicateOf %d", got, err, b.ID, tt.linked)
				}
			}
		})
	}
	page, err := s.Stories(t.Context(), herald.StoryFilter{})
	if err != nil {
		t.Fatalf("Stories: %v", err)
	}
	if len(page.Items) != 6 {
		t.Errorf("stored %d stories, want 6 (same-source duplicates are not stored)", len(page.Items))
	}
}

func testStoryInvalid(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://example.org/feed", "Example")
	tests := []struct {
		name  string
		story *herald.Story
		code  string
	}{
		{"no key at all", &herald.Story{SourceID: src.ID, Title: "x", PublishedAt: t0}, herald.EINVALID},
		{"unknown source", newStory(src.ID+1000, "x", t0), herald.ENOTFOUND},
		{"topic without slug", newStory(src.ID, "y", t0, herald.StoryTopic{Topic: herald.Topic{Name: "No slug"}}), herald.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.UpsertStory(t.Context(), tt.story)
			wantCode(t, err, tt.code)
		})
	}
	page, err := s.Stories(t.Context(), herald.StoryFilter{})
	if err != nil || len(page.Items) != 0 {
		t.Errorf("after failed upserts Stories = %v, %v; want none stored", page, err)
	}
	// A story without ExternalID is keyed by its URL.
	st := newStory(src.ID, "", t0)
	first := upsert(t, s, st)
	again := upsert(t, s, newStory(src.ID, "", t0))
	if !first.Created || again.Created || again.ID != first.ID {
		t.Errorf("URL-keyed upserts = %+v then %+v, want one story updated", first, again)
	}
}

func testStoryPagination(t *testing.T, s herald.Store) {
	a := newSource(t, s, "https://a.example/feed", "A")
	b := newSource(t, s, "https://b.example/feed", "B")
	var all []*herald.Story
	// Eleven stories; several share a published time so that only ids order them.
	times := []time.Duration{0, 0, 0, time.Minute, time.Minute, -time.Hour, 2 * time.Hour, 0, -time.Hour, 0, 3 * time.Hour}
	for i, d := range times {
		src := a.ID
		if i%2 == 1 {
			src = b.ID
		}
		st := newStory(src, ext(i), t0.Add(d), topic("t", 0.5))
		upsert(t, s, st)
		all = append(all, st)
	}
	want := newestFirst(all)
	for _, limit := range []int{1, 2, 3, 4, 10, 11, 12, 0} {
		got := allStories(t, s, herald.StoryFilter{Limit: limit})
		diff(t, fmt.Sprintf("pages of %d", limit), want, got)
	}
	page, err := s.Stories(t.Context(), herald.StoryFilter{Limit: 11})
	if err != nil || page.NextCursor != "" {
		t.Errorf("exactly full page: cursor %q, err %v; want no cursor", page.NextCursor, err)
	}
	// A cursor stays valid when stories are added above it.
	first, err := s.Stories(t.Context(), herald.StoryFilter{Limit: 4})
	if err != nil {
		t.Fatalf("Stories: %v", err)
	}
	upsert(t, s, newStory(a.ID, "newest", t0.Add(24*time.Hour)))
	rest := allStories(t, s, herald.StoryFilter{Limit: 4, Cursor: first.NextCursor})
	diff(t, "rest after insert above the cursor", want[4:], rest)
	// Topic filter pages the same way.
	diff(t, "topic pages", want, allStories(t, s, herald.StoryFilter{Limit: 3, TopicSlug: "t"}))
}

func testStoryBadCursor(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://example.org/feed", "Example")
	upsert(t, s, newStory(src.ID, "one", t0))
	b64 := base64.RawURLEncoding.EncodeToString
	tests := []struct {
		name   string
		filter herald.StoryFilter
	}{
		{"not base64", herald.StoryFilter{Cursor: "%%%not-base64%%%"}},
		{"garbage payload", herald.StoryFilter{Cursor: b64([]byte("garbage"))}},
		{"missing id", herald.StoryFilter{Cursor: b64([]byte("1740830400000:"))}},
		{"words", herald.StoryFilter{Cursor: b64([]byte("yesterday:seven"))}},
		{"negative limit", herald.StoryFilter{Limit: -1}},
		{"limit too large", herald.StoryFilter{Limit: 201}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Stories(t.Context(), tt.filter)
			wantCode(t, err, herald.EINVALID)
		})
	}
	page, err := s.Stories(t.Context(), herald.StoryFilter{Limit: 200})
	if err != nil || len(page.Items) != 1 {
		t.Errorf("Stories(limit 200) = %v, %v; want one story", page, err)
	}
}

func testStoryFilters(t *testing.T, s herald.Store) {
	a := newSource(t, s, "https://a.example/feed", "A")
	b := newSource(t, s, "https://b.example/feed", "B")
	s1 := newStory(a.ID, "1", t0, topic("korea", 0.9))
	s2 := newStory(b.ID, "2", t0.Add(time.Minute), topic("korea", 0.2), topic("sport", 0.8))
	s3 := newStory(a.ID, "3", t0.Add(2*time.Minute), topic("sport", 0.5))
	s4 := newStory(b.ID, "4", t0.Add(3*time.Minute))
	for _, st := range []*herald.Story{s1, s2, s3, s4} {
		upsert(t, s, st)
	}
	tests := []struct {
		name   string
		filter herald.StoryFilter
		want   []int64
	}{
		{"everything", herald.StoryFilter{}, []int64{s4.ID, s3.ID, s2.ID, s1.ID}},
		{"topic", herald.StoryFilter{TopicSlug: "korea"}, []int64{s2.ID, s1.ID}},
		{"source", herald.StoryFilter{SourceID: a.ID}, []int64{s3.ID, s1.ID}},
		{"topic and source", herald.StoryFilter{TopicSlug: "sport", SourceID: b.ID}, []int64{s2.ID}},
		{"unknown topic", herald.StoryFilter{TopicSlug: "nope"}, []int64{}},
		{"unknown source", herald.StoryFilter{SourceID: b.ID + 1000}, []int64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := s.Stories(t.Context(), tt.filter)
			if err != nil {
				t.Fatalf("Stories: %v", err)
			}
			diff(t, "stories", tt.want, storyIDs(page.Items))
		})
	}
	page, err := s.Stories(t.Context(), herald.StoryFilter{TopicSlug: "korea"})
	if err != nil {
		t.Fatalf("Stories: %v", err)
	}
	var slugs []string
	for _, tp := range page.Items[0].Topics {
		slugs = append(slugs, tp.Slug)
	}
	diff(t, "topics of a filtered story (all of them, most salient first)", []string{"sport", "korea"}, slugs)
}

func testStoryZeroPublishedAt(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://example.org/feed", "Example")
	undated1 := upsert(t, s, newStory(src.ID, "undated-1", time.Time{}))
	dated := upsert(t, s, newStory(src.ID, "dated", t0))
	undated2 := upsert(t, s, newStory(src.ID, "undated-2", time.Time{}))
	diff(t, "undated stories sort last", []int64{dated.ID, undated2.ID, undated1.ID},
		allStories(t, s, herald.StoryFilter{Limit: 1}))
	got, err := s.Story(t.Context(), undated1.ID)
	if err != nil || !got.PublishedAt.IsZero() || !got.UpdatedAt.IsZero() {
		t.Errorf("undated story = %+v, %v; want zero PublishedAt and UpdatedAt", got, err)
	}
}
