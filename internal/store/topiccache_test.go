package store

import (
	"fmt"
	"testing"

	"github.com/heraldnews/herald"
)

// storeTagged stores a story tagged with slug and returns the slugs its
// stored topics have.
func storeTagged(t *testing.T, db *DB, source int64, id, slug string) []string {
	t.Helper()
	st := &herald.Story{SourceID: source, ExternalID: id, Title: "Story " + id,
		Topics: []herald.StoryTopic{{Topic: herald.Topic{Slug: slug, Name: slug}, Salience: 0.5}}}
	if _, err := db.UpsertStory(t.Context(), st); err != nil {
		t.Fatal(err)
	}
	got, err := db.Story(t.Context(), st.ID)
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, tp := range got.Topics {
		slugs = append(slugs, tp.Slug)
	}
	return slugs
}

// TestTopicCacheSeesMergesFromOtherConnections: one process (serve) caches
// slug → topic id; another (herald topic merge, or a second instance) merges
// the topic. The first must link later stories to the surviving topic.
func TestTopicCacheSeesMergesFromOtherConnections(t *testing.T) {
	for name, url := range map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return t.TempDir() + "/herald.db" },
		"postgres": func(t *testing.T) string { return freshSchema(t) },
	} {
		t.Run(name, func(t *testing.T) {
			u := url(t)
			server, err := Open(t.Context(), u)
			if err != nil {
				t.Fatal(err)
			}
			defer server.Close()
			src := &herald.Source{URL: "https://example.org/feed"}
			if err := server.CreateSource(t.Context(), src); err != nil {
				t.Fatal(err)
			}
			storeTagged(t, server, src.ID, "1", "us")
			storeTagged(t, server, src.ID, "0", "united-states")
			cli, err := Open(t.Context(), u)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := cli.MergeTopic(t.Context(), "us", "united-states"); err != nil {
				t.Fatal(err)
			}
			cli.Close()
			if got := storeTagged(t, server, src.ID, "2", "us"); fmt.Sprint(got) != "[united-states]" {
				t.Errorf("story tagged us after another process merged it: linked to %v, want [united-states]", got)
			}
		})
	}
}

// A story rolled back to its savepoint must not leave the id of a topic it
// created (and that no longer exists) in the cache: a batch whose second
// story fails (unknown source) is written again story by story.
func TestTopicCacheForgetsRolledBackTopics(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *DB) {
		src := &herald.Source{URL: "https://example.org/feed"}
		if err := db.CreateSource(t.Context(), src); err != nil {
			t.Fatal(err)
		}
		storeTagged(t, db, src.ID, "first", "old")
		bad := &herald.Story{SourceID: src.ID + 99, ExternalID: "x", Title: "x",
			Topics: []herald.StoryTopic{{Topic: herald.Topic{Slug: "fresh", Name: "Fresh"}, Salience: 0.5}}}
		_, errs := db.UpsertStories(t.Context(), []*herald.Story{bad})
		if herald.ErrorCode(errs[0]) != herald.ENOTFOUND {
			t.Fatalf("story of an unknown source: %v, want ENOTFOUND", errs[0])
		}
		// "fresh" was rolled back; a cached id for it would point at no topic.
		if got := storeTagged(t, db, src.ID, "later", "fresh"); fmt.Sprint(got) != "[fresh]" {
			t.Errorf("later story linked to %v, want [fresh]", got)
		}
	})
}
