package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/store"
)

// seedTopicStore stores two stories tagged with topics that are one place.
func seedTopicStore(t *testing.T, dir string) {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(dir, "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	src := &herald.Source{URL: "https://example.org/feed", Title: "Example"}
	if err := db.CreateSource(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	tag := func(slug, name, kind string) herald.StoryTopic {
		return herald.StoryTopic{Topic: herald.Topic{Slug: slug, Name: name, Kind: kind}, Salience: 0.8}
	}
	for i, tp := range []herald.StoryTopic{tag("westhaven", "Westhaven", herald.KindPerson), tag("westhaven-bay", "Westhaven Bay", herald.KindPlace)} {
		s := &herald.Story{SourceID: src.ID, ExternalID: tp.Slug, URL: "https://example.org/" + tp.Slug, Title: "Story",
			PublishedAt: time.Date(2026, 1, 1, i, 0, 0, 0, time.UTC), Topics: []herald.StoryTopic{tp}}
		if _, err := db.UpsertStory(context.Background(), s); err != nil {
			t.Fatal(err)
		}
	}
}

func TestTopicCommands(t *testing.T) {
	dir := t.TempDir()
	seedTopicStore(t, dir)
	data := []string{"--data", dir}

	var renamed herald.Topic
	out := cli(t, "", append([]string{"topic", "rename", "westhaven", "Westhaven", "Harbour", "--kind", "place"}, data...)...)
	if err := json.Unmarshal([]byte(lastLine(out)), &renamed); err != nil {
		t.Fatalf("topic rename output %q: %v", out, err)
	}
	if renamed.Slug != "westhaven" || renamed.Name != "Westhaven Harbour" || renamed.Kind != herald.KindPlace {
		t.Errorf("topic rename = %+v, want westhaven named Westhaven Harbour, a place", renamed)
	}

	var merged herald.Topic
	out = cli(t, "", append([]string{"topic", "merge", "westhaven-bay", "westhaven"}, data...)...)
	if err := json.Unmarshal([]byte(lastLine(out)), &merged); err != nil {
		t.Fatalf("topic merge output %q: %v", out, err)
	}
	if merged.Slug != "westhaven" || merged.StoryCount != 2 {
		t.Errorf("topic merge = %+v, want westhaven with 2 stories", merged)
	}

	out = cli(t, "", append([]string{"topic", "list", "--q", "westhaven"}, data...)...)
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 1 || !strings.Contains(lines[0], `"slug":"westhaven"`) {
		t.Errorf("topic list after merge = %q, want only westhaven", out)
	}

	for _, args := range [][]string{
		{"topic", "merge", "westhaven"},
		{"topic", "merge", "atlantis", "westhaven"},
		{"topic", "rename", "westhaven", "Westhaven", "--kind", "planet"},
	} {
		var stdout, stderr strings.Builder
		e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: noEnv}
		if code := run(context.Background(), e, append(args, data...)); code == 0 || stderr.Len() == 0 {
			t.Errorf("herald %s: exit %d, stderr %q; want a failure with a message", strings.Join(args, " "), code, stderr.String())
		}
	}
}

// TestTopicRebuild: stories stored with topics an older tagger gave ("Reuter"
// as a person) get the topics today's analysis gives, and nothing else of
// them changes.
func TestTopicRebuild(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(context.Background(), filepath.Join(dir, "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	src := &herald.Source{URL: "https://example.org/feed", Title: "Example"}
	if err := db.CreateSource(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	st := &herald.Story{SourceID: src.ID, ExternalID: "wire-1", Title: "Japan and U.S. agree on chip trade",
		ContentHTML: "<p>TOKYO, March 3 - Japan and the United States agreed on Tuesday to end a dispute over " +
			"semiconductor trade, Japanese Prime Minister Yasuhiro Nakasone told reporters in Tokyo.</p><p>Reuter</p>",
		PublishedAt: time.Date(1987, 3, 3, 9, 0, 0, 0, time.UTC),
		Topics:      []herald.StoryTopic{{Topic: herald.Topic{Slug: "reuter", Name: "Reuter", Kind: herald.KindPerson}, Salience: 1}}}
	if _, err := db.UpsertStory(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	db.Close()
	var sum rebuildSummary
	out := cli(t, "", "topic", "rebuild", "--data", dir)
	if err := json.Unmarshal([]byte(lastLine(out)), &sum); err != nil || sum.Stories != 1 || sum.Changed != 1 {
		t.Fatalf("topic rebuild = %q (%v); want 1 story, 1 changed", out, err)
	}
	db, err = store.Open(context.Background(), filepath.Join(dir, "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.Story(context.Background(), st.ID)
	if err != nil {
		t.Fatal(err)
	}
	slugs := map[string]string{}
	for _, tp := range got.Topics {
		slugs[tp.Slug] = tp.Kind
	}
	if _, ok := slugs["reuter"]; ok || slugs["japan"] != herald.KindPlace || slugs["yasuhiro-nakasone"] != herald.KindPerson {
		t.Errorf("topics after rebuild = %v; want Japan (place) and Yasuhiro Nakasone (person), no Reuter", slugs)
	}
	if got.Title != st.Title || got.RevisionCount != 0 {
		t.Errorf("rebuild changed the story itself: %+v", got)
	}
}
