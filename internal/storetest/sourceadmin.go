package storetest

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

var sourceAdminTests = []namedTest{
	{"UpdateAndPause", testUpdateAndPause},
	{"RenameCategory", testRenameCategory},
	{"Retarget", testRetarget},
	{"SectionsAndFilter", testSectionsAndFilter},
	{"TopicKindAndOffset", testTopicKindAndOffset},
}

func testUpdateAndPause(t *testing.T, s herald.Store) {
	ctx := t.Context()
	src := newSource(t, s, "https://a.example/feed", "A")
	got, err := s.UpdateSource(ctx, herald.SourceSettings{ID: src.ID, Title: " Alpha ", Category: "News//Asia/",
		FullText: herald.FullTextAlways, MinInterval: 5 * time.Minute, MaxInterval: 2 * time.Hour, Paused: true})
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Alpha" || got.Category != "News/Asia" || got.FullText != herald.FullTextAlways || !got.Paused ||
		got.MinInterval != 5*time.Minute || got.MaxInterval != 2*time.Hour {
		t.Fatalf("updated source = %+v", got)
	}
	due, err := s.DueSources(ctx, time.Time{}, 0)
	if err != nil || len(due) != 0 {
		t.Fatalf("a paused source is due: %+v, %v", due, err)
	}
	claimed, err := s.ClaimDueSources(ctx, "x", time.Time{}, 10, time.Minute)
	if err != nil || len(claimed) != 0 {
		t.Fatalf("a paused source was claimed: %+v, %v", claimed, err)
	}
	if _, err := s.UpdateSource(ctx, herald.SourceSettings{ID: src.ID, Title: "Alpha", FullText: herald.FullTextAuto}); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DueSources(ctx, time.Now().Add(time.Minute), 0); len(due) != 1 {
		t.Errorf("a resumed source is not due: %+v", due)
	}
	_, err = s.UpdateSource(ctx, herald.SourceSettings{ID: src.ID, FullText: "sometimes"})
	wantCode(t, err, herald.EINVALID)
	_, err = s.UpdateSource(ctx, herald.SourceSettings{ID: src.ID, FullText: herald.FullTextAuto, MinInterval: time.Hour, MaxInterval: time.Minute})
	wantCode(t, err, herald.EINVALID)
	_, err = s.UpdateSource(ctx, herald.SourceSettings{ID: 1 << 40, FullText: herald.FullTextAuto})
	wantCode(t, err, herald.ENOTFOUND)
}

func testRenameCategory(t *testing.T, s herald.Store) {
	ctx := t.Context()
	cats := map[string]string{"a": "News", "b": "News/Asia", "c": "Newsy", "d": "Sport"}
	ids := map[string]int64{}
	for k, c := range cats {
		src := &herald.Source{URL: "https://" + k + ".example/feed", Title: k, Category: c}
		if err := s.CreateSource(ctx, src); err != nil {
			t.Fatal(err)
		}
		ids[k] = src.ID
	}
	check := func(what string, want map[string]string) {
		t.Helper()
		got := map[string]string{}
		for k, id := range ids {
			src, err := s.Source(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			got[k] = src.Category
		}
		diff(t, what, want, got)
	}
	n, err := s.RenameCategory(ctx, "News", "World")
	if err != nil || n != 2 {
		t.Fatalf("RenameCategory = %d, %v; want 2", n, err)
	}
	check("renamed with its subfolder", map[string]string{"a": "World", "b": "World/Asia", "c": "Newsy", "d": "Sport"})
	if _, err := s.RenameCategory(ctx, "World", ""); err != nil {
		t.Fatal(err)
	}
	check("out of the folder", map[string]string{"a": "", "b": "Asia", "c": "Newsy", "d": "Sport"})
	_, err = s.RenameCategory(ctx, "", "x")
	wantCode(t, err, herald.EINVALID)
}

func testRetarget(t *testing.T, s herald.Store) {
	ctx := t.Context()
	a := newSource(t, s, "http://127.0.0.1:4000/a/rss.xml", "A")
	b := newSource(t, s, "http://127.0.0.1:4000/b/rss.xml", "B")
	st := newStory(a.ID, "x", t0)
	upsert(t, s, st)
	wantCode(t, s.RetargetSource(ctx, a.ID, "http://127.0.0.1:5000/a/rss.xml"), "")
	got, _ := s.Source(ctx, a.ID)
	if got.URL != "http://127.0.0.1:5000/a/rss.xml" || got.StoryCount != 1 {
		t.Errorf("retargeted source = %+v", got)
	}
	wantCode(t, s.RetargetSource(ctx, a.ID, b.URL), herald.ECONFLICT)
	wantCode(t, s.RetargetSource(ctx, 1<<40, "http://x.example/"), herald.ENOTFOUND)
}

func testSectionsAndFilter(t *testing.T, s herald.Store) {
	ctx := t.Context()
	src := newSource(t, s, "https://a.example/feed", "A")
	var sport, world []*herald.Story
	for i := range 5 {
		st := newStory(src.ID, ext(i), t0.Add(time.Duration(i)*time.Minute))
		st.Section = "Sport"
		if i%2 == 0 {
			st.Section = "World"
		}
		upsert(t, s, st)
		if st.Section == "Sport" {
			sport = append(sport, st)
		} else {
			world = append(world, st)
		}
	}
	got, err := s.Sections(ctx, []string{"World", "Business", "Sport"})
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "sections with stories, in the order asked", []string{"World", "Sport"}, got)
	diff(t, "sport", newestFirst(sport), allStories(t, s, herald.StoryFilter{Section: "Sport", Limit: 1}))
	diff(t, "world since", newestFirst(world[1:]), allStories(t, s, herald.StoryFilter{Section: "World", Since: t0.Add(time.Minute)}))
	if err := s.SetSaved(ctx, newUser(t, s, "ada").ID, sport[0].ID, true); err != nil {
		t.Fatal(err)
	}
	if n, err := s.SavedStoryCount(ctx, src.ID); err != nil || n != 1 {
		t.Errorf("SavedStoryCount = %d, %v; want 1", n, err)
	}
}

func testTopicKindAndOffset(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://a.example/feed", "A")
	person := func(slug string) herald.StoryTopic {
		tp := topic(slug, 0.5)
		tp.Kind = herald.KindPerson
		return tp
	}
	upsert(t, s, newStory(src.ID, "a", t0, person("ann"), person("bo"), topic("rain", 0.5)))
	upsert(t, s, newStory(src.ID, "b", t0, person("ann")))
	ts, err := s.Topics(t.Context(), herald.TopicFilter{Kind: herald.KindPerson})
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, x := range ts {
		slugs = append(slugs, x.Slug)
	}
	diff(t, "people, most stories first", []string{"ann", "bo"}, slugs)
	ts, err = s.Topics(t.Context(), herald.TopicFilter{Kind: herald.KindPerson, Offset: 1})
	if err != nil || len(ts) != 1 || ts[0].Slug != "bo" {
		t.Errorf("second page = %+v, %v; want bo", ts, err)
	}
}
