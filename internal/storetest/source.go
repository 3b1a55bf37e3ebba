package storetest

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

var sourceTests = []namedTest{
	{"CreateAndGet", testSourceCreateAndGet},
	{"Conflict", testSourceConflict},
	{"ListOrderAndCounts", testSourceList},
	{"Due", testSourceDue},
	{"RecordFetch", testSourceRecordFetch},
	{"Moved", testSourceMoved},
	{"DeleteCascades", testSourceDeleteCascades},
}

func testSourceCreateAndGet(t *testing.T, s herald.Store) {
	ctx := t.Context()
	src := &herald.Source{
		URL: "https://example.org/feed.xml", Title: "Example Ñews", SiteURL: "https://example.org/",
		Category: "World", FullText: herald.FullTextAlways, ETag: `"abc"`, LastModified: "Sat, 01 Mar 2025 11:00:00 GMT",
		LastFetchedAt: t0.Add(-time.Hour), NextFetchAt: t0, Interval: 15 * time.Minute,
		LastError: "timeout", ErrorCount: 2,
	}
	before := time.Now()
	if err := s.CreateSource(ctx, src); err != nil {
		t.Fatalf("CreateSource: %v", err)
	}
	if src.ID == 0 {
		t.Fatal("CreateSource did not set ID")
	}
	within(t, "CreatedAt", src.CreatedAt, before, time.Now())

	got, err := s.Source(ctx, src.ID)
	if err != nil {
		t.Fatalf("Source(%d): %v", src.ID, err)
	}
	diff(t, "Source", src, got)
	got, err = s.SourceByURL(ctx, src.URL)
	if err != nil {
		t.Fatalf("SourceByURL: %v", err)
	}
	diff(t, "SourceByURL", src, got)

	plain := &herald.Source{Title: "Defaults"}
	if err := s.CreateSource(ctx, plain); err != nil {
		t.Fatalf("CreateSource(push-only): %v", err)
	}
	if got, _ := s.Source(ctx, plain.ID); got == nil || got.FullText != herald.FullTextAuto {
		t.Errorf("empty FullText reads back as %+v, want %q", got, herald.FullTextAuto)
	}

	_, err = s.Source(ctx, src.ID+1000)
	wantCode(t, err, herald.ENOTFOUND)
	_, err = s.SourceByURL(ctx, "https://nowhere.example/feed")
	wantCode(t, err, herald.ENOTFOUND)
	_, err = s.SourceByURL(ctx, "")
	wantCode(t, err, herald.ENOTFOUND)
}

func testSourceConflict(t *testing.T, s herald.Store) {
	ctx := t.Context()
	newSource(t, s, "https://example.org/feed", "One")
	err := s.CreateSource(ctx, &herald.Source{URL: "https://example.org/feed", Title: "Two"})
	wantCode(t, err, herald.ECONFLICT)
	// Push-only sources have no URL and never clash.
	newSource(t, s, "", "Push A")
	newSource(t, s, "", "Push B")
	all, err := s.Sources(ctx)
	if err != nil {
		t.Fatalf("Sources: %v", err)
	}
	if len(all) != 3 {
		t.Errorf("Sources returned %d sources, want 3", len(all))
	}
}

func testSourceList(t *testing.T, s herald.Store) {
	ctx := t.Context()
	b := newSource(t, s, "https://b.example/feed", "bravo")
	a := newSource(t, s, "https://a.example/feed", "Alpha")
	c := newSource(t, s, "https://c.example/feed", "Charlie")
	for i := range 3 {
		upsert(t, s, newStory(b.ID, ext(i), t0))
	}
	upsert(t, s, newStory(c.ID, ext(9), t0))

	got, err := s.Sources(ctx)
	if err != nil {
		t.Fatalf("Sources: %v", err)
	}
	type row struct {
		Title string
		Count int
	}
	var rows []row
	for _, src := range got {
		rows = append(rows, row{src.Title, src.StoryCount})
	}
	diff(t, "Sources (title, story count)", []row{{a.Title, 0}, {b.Title, 3}, {c.Title, 1}}, rows)
	one, err := s.Source(ctx, b.ID)
	if err != nil || one.StoryCount != 3 {
		t.Errorf("Source(%d).StoryCount = %v (err %v), want 3", b.ID, one, err)
	}
}

func testSourceDue(t *testing.T, s herald.Store) {
	ctx := t.Context()
	mk := func(url string, next time.Time) *herald.Source {
		src := &herald.Source{URL: url, Title: url, NextFetchAt: next}
		if err := s.CreateSource(ctx, src); err != nil {
			t.Fatalf("CreateSource: %v", err)
		}
		return src
	}
	past := mk("https://past.example/feed", t0.Add(-time.Hour))
	never := mk("https://never.example/feed", time.Time{})
	future := mk("https://future.example/feed", t0.Add(time.Hour))
	mk("", t0.Add(-2*time.Hour)) // push-only: never fetched
	exact := mk("https://exact.example/feed", t0)

	due := func(now time.Time, limit int) []int64 {
		t.Helper()
		got, err := s.DueSources(ctx, now, limit)
		if err != nil {
			t.Fatalf("DueSources: %v", err)
		}
		ids := make([]int64, len(got))
		for i, src := range got {
			ids[i] = src.ID
		}
		return ids
	}
	diff(t, "DueSources(t0)", []int64{never.ID, past.ID, exact.ID}, due(t0, 10))
	diff(t, "DueSources(t0, limit 2)", []int64{never.ID, past.ID}, due(t0, 2))
	diff(t, "DueSources(zero time)", []int64{never.ID, past.ID, exact.ID, future.ID}, due(time.Time{}, 10))

	err := s.RecordFetch(ctx, herald.FetchResult{SourceID: never.ID, FetchedAt: t0, NextFetchAt: t0.Add(2 * time.Hour)})
	if err != nil {
		t.Fatalf("RecordFetch: %v", err)
	}
	diff(t, "DueSources(t0) after a fetch", []int64{past.ID, exact.ID}, due(t0, 10))
}

func testSourceRecordFetch(t *testing.T, s herald.Store) {
	ctx := t.Context()
	src := newSource(t, s, "https://example.org/rss", "")
	record := func(r herald.FetchResult) *herald.Source {
		t.Helper()
		r.SourceID = src.ID
		if err := s.RecordFetch(ctx, r); err != nil {
			t.Fatalf("RecordFetch: %v", err)
		}
		got, err := s.Source(ctx, src.ID)
		if err != nil {
			t.Fatalf("Source: %v", err)
		}
		return got
	}
	type state struct {
		Title, SiteURL, ETag, LastModified, LastError string
		ErrorCount                                    int
		LastFetchedAt, NextFetchAt                    time.Time
		Interval                                      time.Duration
	}
	stateOf := func(s *herald.Source) state {
		return state{s.Title, s.SiteURL, s.ETag, s.LastModified, s.LastError, s.ErrorCount, s.LastFetchedAt, s.NextFetchAt, s.Interval}
	}

	got := record(herald.FetchResult{ETag: "e1", LastModified: "lm1", FetchedAt: t0, NextFetchAt: t0.Add(30 * time.Minute),
		Interval: 30 * time.Minute, Title: "Feed Title", SiteURL: "https://example.org/"})
	diff(t, "after success", state{"Feed Title", "https://example.org/", "e1", "lm1", "", 0, t0, t0.Add(30 * time.Minute), 30 * time.Minute}, stateOf(got))

	got = record(herald.FetchResult{Err: "dial tcp: timeout", FetchedAt: t0.Add(30 * time.Minute), NextFetchAt: t0.Add(time.Hour)})
	diff(t, "after one error", state{"Feed Title", "https://example.org/", "e1", "lm1", "dial tcp: timeout", 1, t0.Add(30 * time.Minute), t0.Add(time.Hour), 30 * time.Minute}, stateOf(got))

	got = record(herald.FetchResult{Err: "HTTP 503", FetchedAt: t0.Add(time.Hour), NextFetchAt: t0.Add(2 * time.Hour), Interval: time.Hour})
	if got.ErrorCount != 2 || got.LastError != "HTTP 503" || got.Interval != time.Hour {
		t.Errorf("after two errors: ErrorCount %d LastError %q Interval %v, want 2, HTTP 503, 1h", got.ErrorCount, got.LastError, got.Interval)
	}

	got = record(herald.FetchResult{ETag: "e2", FetchedAt: t0.Add(2 * time.Hour), NextFetchAt: t0.Add(3 * time.Hour),
		Title: "Renamed", SiteURL: "https://other.example/"})
	diff(t, "after recovery", state{"Feed Title", "https://example.org/", "e2", "lm1", "", 0, t0.Add(2 * time.Hour), t0.Add(3 * time.Hour), time.Hour}, stateOf(got))

	err := s.RecordFetch(ctx, herald.FetchResult{SourceID: src.ID + 1000, FetchedAt: t0})
	wantCode(t, err, herald.ENOTFOUND)
}

func testSourceDeleteCascades(t *testing.T, s herald.Store) {
	ctx := t.Context()
	gone := newSource(t, s, "https://gone.example/feed", "Gone")
	kept := newSource(t, s, "https://kept.example/feed", "Kept")
	u := newUser(t, s, "reader")
	doomed := newStory(gone.ID, "g1", t0, topic("shared", 0.9))
	doomed.Title = "Volcano erupts"
	upsert(t, s, doomed)
	survivor := newStory(kept.ID, "k1", t0, topic("shared", 0.5))
	upsert(t, s, survivor)
	if err := s.FollowSource(ctx, u.ID, gone.ID); err != nil {
		t.Fatalf("FollowSource: %v", err)
	}
	if err := s.RecordEvents(ctx, u.ID, []herald.Event{{StoryID: doomed.ID, Kind: herald.EventOpen, At: t0}}); err != nil {
		t.Fatalf("RecordEvents: %v", err)
	}

	if err := s.DeleteSource(ctx, gone.ID); err != nil {
		t.Fatalf("DeleteSource: %v", err)
	}
	_, err := s.Source(ctx, gone.ID)
	wantCode(t, err, herald.ENOTFOUND)
	_, err = s.Story(ctx, doomed.ID)
	wantCode(t, err, herald.ENOTFOUND)
	page, err := s.Stories(ctx, herald.StoryFilter{TopicSlug: "shared"})
	if err != nil {
		t.Fatalf("Stories: %v", err)
	}
	diff(t, "stories of the shared topic", []int64{survivor.ID}, storyIDs(page.Items))
	if tp, err := s.TopicBySlug(ctx, "shared"); err != nil || tp.StoryCount != 1 {
		t.Errorf("TopicBySlug(shared) = %+v, %v; want story_count 1", tp, err)
	}
	page, err = s.Stories(ctx, herald.StoryFilter{Query: "volcano"})
	if err != nil {
		t.Fatalf("Stories(search): %v", err)
	}
	diff(t, "search after delete", []int64{}, storyIDs(page.Items))
	follows, err := s.Follows(ctx, u.ID)
	if err != nil {
		t.Fatalf("Follows: %v", err)
	}
	diff(t, "follows after delete", []herald.Follow{}, follows)
	wantCode(t, s.DeleteSource(ctx, gone.ID), herald.ENOTFOUND)
}

// testSourceMoved checks that RecordFetch moves a source to a new feed URL,
// unless another source already has that URL.
func testSourceMoved(t *testing.T, s herald.Store) {
	ctx := t.Context()
	a := newSource(t, s, "http://a.example/feed", "A")
	b := newSource(t, s, "https://b.example/feed", "B")
	now := time.Now()
	if err := s.RecordFetch(ctx, herald.FetchResult{SourceID: a.ID, FetchedAt: now, NextFetchAt: now, URL: "https://a.example/feed"}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Source(ctx, a.ID); err != nil || got.URL != "https://a.example/feed" {
		t.Fatalf("after a move URL = %v (%v), want https://a.example/feed", got, err)
	}
	if err := s.RecordFetch(ctx, herald.FetchResult{SourceID: a.ID, FetchedAt: now, NextFetchAt: now, URL: b.URL}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Source(ctx, a.ID); err != nil || got.URL != "https://a.example/feed" {
		t.Fatalf("a move onto another source's URL changed it to %v (%v)", got, err)
	}
}
