package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// TestStoreAnalyzesAfterABulkLoad: PostgreSQL plans the read path from
// statistics, and the store gathers them itself after a large write, without
// autovacuum.
func TestStoreAnalyzesAfterABulkLoad(t *testing.T) {
	db := openFresh(t)
	src := &herald.Source{URL: "https://example.org/feed"}
	if err := db.CreateSource(t.Context(), src); err != nil {
		t.Fatal(err)
	}
	var batch []*herald.Story
	for i := range 2 * analyzeMinRows {
		batch = append(batch, &herald.Story{SourceID: src.ID, ExternalID: fmt.Sprint(i), Title: "t", PublishedAt: time.Now()})
	}
	if _, errs := db.UpsertStories(t.Context(), batch); errs[0] != nil {
		t.Fatal(errs[0])
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		var analyzed bool
		err := db.r.QueryRowContext(t.Context(), `SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables
			WHERE schemaname = current_schema() AND relname = 'stories'`).Scan(&analyzed)
		if err != nil {
			t.Fatal(err)
		}
		if analyzed {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Error("stories was not analyzed within 20 s of a bulk load")
}
