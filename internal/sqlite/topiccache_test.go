package sqlite

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
)

// storeTagged stores a new story of src tagged with slugs and returns the
// slugs it ended up linked to.
func storeTagged(t *testing.T, db *DB, src int64, ext string, slugs ...string) []string {
	t.Helper()
	s := &herald.Story{SourceID: src, ExternalID: ext, URL: "https://example.org/" + ext, Title: ext,
		PublishedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, slug := range slugs {
		s.Topics = append(s.Topics, herald.StoryTopic{Topic: herald.Topic{Slug: slug, Name: slug}, Salience: 0.5})
	}
	if _, errs := db.UpsertStories(t.Context(), []*herald.Story{s}); errs[0] != nil {
		t.Fatalf("UpsertStories: %v", errs[0])
	}
	got, err := db.Story(t.Context(), s.ID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, tp := range got.Topics {
		out = append(out, tp.Slug)
	}
	return out
}

// A merge made by another process (herald topic merge while herald serve
// runs) must reach the serving process's cache of topic ids.
func TestTopicCacheSeesMergesFromOtherConnections(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald.db")
	server, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	src := &herald.Source{URL: "https://example.org/feed"}
	if err := server.CreateSource(t.Context(), src); err != nil {
		t.Fatal(err)
	}
	storeTagged(t, server, src.ID, "1", "us", "united-states") // both slugs now cached

	cli, err := Open(t.Context(), path)
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
}

// A story rolled back to its savepoint must not leave the id of a topic it
// created (and that no longer exists) in the cache.
func TestTopicCacheForgetsRolledBackTopics(t *testing.T) {
	db := openTemp(t)
	src := &herald.Source{URL: "https://example.org/feed"}
	if err := db.CreateSource(t.Context(), src); err != nil {
		t.Fatal(err)
	}
	storeTagged(t, db, src.ID, "first", "old") // topic ids start above 0
	err := db.write(t.Context(), func(tx *sql.Tx) error {
		l, err := db.topics.begin(t.Context(), tx)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`SAVEPOINT story`); err != nil {
			return err
		}
		if _, err := l.id(t.Context(), tx, storetext.TopicLink{Slug: "fresh", Name: "Fresh", Kind: herald.KindOther}, 1); err != nil {
			return err
		}
		if _, err := tx.Exec(`ROLLBACK TO story`); err != nil {
			return err
		}
		l.drop()
		_, err = tx.Exec(`RELEASE story`)
		l.commit()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// "fresh" was rolled back; a cached id for it would point at no topic.
	if got := storeTagged(t, db, src.ID, "later", "fresh"); fmt.Sprint(got) != "[fresh]" {
		t.Errorf("later story linked to %v, want [fresh]", got)
	}
}
