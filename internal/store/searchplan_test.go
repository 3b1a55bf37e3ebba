package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/heraldnews/herald"
)

// A search lists the same stories, in the same order, whether it walks its
// matches (few) or the newest-first index (many), on both databases.
func TestSearchPlansAgree(t *testing.T) {
	eachDialect(t, testSearchPlansAgree)
}

func testSearchPlansAgree(t *testing.T, db *DB) {
	src := &herald.Source{URL: "https://example.org/feed"}
	if err := db.CreateSource(t.Context(), src); err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for i := range 40 {
		title := fmt.Sprintf("Harbour report %d", i)
		if i%3 == 0 {
			title = fmt.Sprintf("Budget vote %d", i)
		}
		// Published out of id order, so that the two plans' orders would differ if either ignored it.
		st := &herald.Story{SourceID: src.ID, ExternalID: fmt.Sprint(i), Title: title, PublishedAt: t0.Add(time.Duration((i*17)%40) * time.Minute)}
		if _, err := db.UpsertStory(t.Context(), st); err != nil {
			t.Fatal(err)
		}
	}
	defer func(n int) { driveFromMatches = n }(driveFromMatches)
	for _, q := range []string{"budget", "harbour -budget", "report OR vote", "bud*"} {
		driveFromMatches = 1000
		few := searchIDs(t, db, q)
		driveFromMatches = 1
		many := searchIDs(t, db, q)
		if len(few) == 0 {
			t.Errorf("%q matched nothing", q)
		}
		if d := cmp.Diff(few, many); d != "" {
			t.Errorf("%q: the plans disagree (-matches first +newest first):\n%s", q, d)
		}
	}
}
