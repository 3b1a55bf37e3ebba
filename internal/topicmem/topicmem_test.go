package topicmem

import (
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/heraldnews/herald/internal/store"
	"github.com/heraldnews/herald/internal/topic"
)

// TestInstancesShareWhatStoriesTaught: what one process learned (an acronym's
// expansion, a kind) is known to another sharing the store after a Sync, and
// to a new process after a restart.
func TestInstancesShareWhatStoriesTaught(t *testing.T) {
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	log := slog.New(slog.DiscardHandler)
	a, b := New(db, log), New(db, log)
	a.Record("1:sec", topic.Facts{
		Acronyms: []topic.Alias{{Alias: "SEC", Name: "Securities and Exchange Commission"}},
		Kinds:    []topic.KindVote{{Slug: "westhaven", Kind: "place", N: 3}},
	})
	if _, ok := b.Expansion("SEC"); ok {
		t.Fatal("b knew the acronym before anything was shared")
	}
	a.Sync(t.Context())
	b.Sync(t.Context())
	if name, ok := b.Expansion("SEC"); !ok || name != "Securities and Exchange Commission" {
		t.Errorf("b.Expansion(SEC) = %q, %v after a sync", name, ok)
	}
	restarted := New(db, log)
	if err := restarted.Load(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := restarted.Kinds("westhaven")["place"]; got != 3 {
		t.Errorf("after a restart, westhaven's place evidence = %d, want 3", got)
	}
	// Re-recording a story replaces its facts everywhere: no double count.
	a.Record("1:sec", topic.Facts{Kinds: []topic.KindVote{{Slug: "westhaven", Kind: "place", N: 3}}})
	a.Sync(t.Context())
	b.Sync(t.Context())
	if got := b.Kinds("westhaven")["place"]; got != 3 {
		t.Errorf("after the story was re-recorded, westhaven's evidence in b = %d, want 3", got)
	}
}
