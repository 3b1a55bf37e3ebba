package store

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// searchIDs returns the external ids of the stories a search finds.
func searchIDs(t *testing.T, db *DB, q string) []string {
	t.Helper()
	page, err := db.Stories(t.Context(), herald.StoryFilter{Query: q})
	if err != nil {
		t.Fatalf("Stories(q=%q): %v", q, err)
	}
	out := []string{}
	for _, s := range page.Items {
		out = append(out, s.ExternalID)
	}
	return out
}

// ftsIntact runs FTS5's integrity check, which compares the index with the
// stories table it indexes.
func ftsIntact(t *testing.T, db *DB) {
	t.Helper()
	if _, err := db.w.ExecContext(t.Context(), `INSERT INTO stories_fts (stories_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Fatalf("search index does not match the stories: %v", err)
	}
}

// New stories are indexed for search once per batch; a story inserted and
// then updated in the same batch, and a batch with a failing story, must
// leave the index exactly matching the stories.
func TestBatchedSearchIndex(t *testing.T) {
	db := openTemp(t)
	src := &herald.Source{URL: "https://example.org/feed"}
	if err := db.CreateSource(t.Context(), src); err != nil {
		t.Fatal(err)
	}
	story := func(src int64, ext, word string) *herald.Story {
		return &herald.Story{SourceID: src, ExternalID: ext, URL: "https://example.org/" + ext + word,
			Title: "Story " + ext, ContentHTML: "<p>The " + word + " report.</p>",
			PublishedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	}

	// The same item twice in one batch: the second telling wins in search too.
	_, errs := db.UpsertStories(t.Context(), []*herald.Story{story(src.ID, "x", "alpha"), story(src.ID, "y", "beta"), story(src.ID, "x", "gamma")})
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	ftsIntact(t, db)
	for q, want := range map[string]string{"alpha": "[]", "beta": "[y]", "gamma": "[x]"} {
		if got := searchIDs(t, db, q); fmtIDs(got) != want {
			t.Errorf("search %q = %v, want %s", q, got, want)
		}
	}

	// A story that fails sends the batch down the savepoint path.
	_, errs = db.UpsertStories(t.Context(), []*herald.Story{story(src.ID, "d", "delta"), story(src.ID+99, "bad", "omega"), story(src.ID, "e", "epsilon")})
	if errs[0] != nil || errs[1] == nil || errs[2] != nil {
		t.Fatalf("errors = %v, want only the second to fail", errs)
	}
	ftsIntact(t, db)
	for q, want := range map[string]string{"delta": "[d]", "epsilon": "[e]", "omega": "[]"} {
		if got := searchIDs(t, db, q); fmtIDs(got) != want {
			t.Errorf("search %q = %v, want %s", q, got, want)
		}
	}

	// One story at a time goes through the same path.
	if _, err := db.UpsertStory(t.Context(), story(src.ID, "z", "zeta")); err != nil {
		t.Fatal(err)
	}
	ftsIntact(t, db)
	if got := searchIDs(t, db, "zeta"); fmtIDs(got) != "[z]" {
		t.Errorf("search zeta = %v, want [z]", got)
	}
}

func fmtIDs(ids []string) string {
	out := "["
	for i, id := range ids {
		if i > 0 {
			out += " "
		}
		out += id
	}
	return out + "]"
}
