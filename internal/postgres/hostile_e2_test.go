package postgres

import (
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
)

// TestHostileE2_TsvectorLimit stores a 5 MB article of distinct words (whose
// tsvector, whole, would be far over PostgreSQL's 1 MB limit) with the search
// text's cap falling inside a multi-byte rune: the upsert succeeds, the stored
// text is valid UTF-8 and bounded, and search finds a word from the start but
// not one past the cap.
func TestHostileE2_TsvectorLimit(t *testing.T) {
	db := openFresh(t)
	ctx := t.Context()
	src := &herald.Source{URL: "https://huge.example/feed"}
	if err := db.CreateSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("openingword ")
	for i := 0; b.Len() < storetext.MaxSearchBytes; i++ {
		b.WriteString("w" + strconv.FormatInt(int64(i)*7919, 36) + " ")
	}
	head := b.String()[:storetext.MaxSearchBytes-1]
	b.Reset()
	b.WriteString("<p>" + head + "€€€ beyondthecap</p><p>")
	for i := 0; b.Len() < 5<<20; i++ {
		b.WriteString("x" + strconv.FormatInt(int64(i)*104729, 36) + " ")
	}
	b.WriteString("</p>")
	st := &herald.Story{SourceID: src.ID, ExternalID: "huge", Title: "A very long read",
		ContentHTML: b.String(), PublishedAt: time.Now().Add(-time.Hour)}
	if _, err := db.UpsertStory(ctx, st); err != nil {
		t.Fatalf("UpsertStory(5 MB article): %v", err)
	}
	var text string
	if err := db.pool.QueryRow(ctx, `SELECT text FROM stories WHERE id = $1`, st.ID).Scan(&text); err != nil {
		t.Fatal(err)
	}
	if !utf8.ValidString(text) || len(text) > storetext.MaxSearchBytes || len(text) < storetext.MaxSearchBytes-utf8.UTFMax {
		t.Errorf("indexed text: %d bytes, valid UTF-8 %t; want valid and the cap %d less at most one rune",
			len(text), utf8.ValidString(text), storetext.MaxSearchBytes)
	}
	for q, want := range map[string]int{"openingword": 1, "beyondthecap": 0} {
		page, err := db.Stories(ctx, herald.StoryFilter{Query: q})
		if err != nil || len(page.Items) != want {
			t.Errorf("search %q = %v, %v; want %d stories", q, page, err, want)
		}
	}
}
