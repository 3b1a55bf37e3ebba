package store

import (
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
)

// TestHostileE2_FullTextIndexBounded stores a 5 MB article of distinct words
// (whose tsvector, whole, would be far over PostgreSQL's 1 MB limit) with the
// search text's cap falling inside a multi-byte rune: the story is stored
// whole, the indexed text is valid UTF-8 and at most storetext.MaxSearchBytes,
// a word from the start is found and a word past the cap is not.
func TestHostileE2_FullTextIndexBounded(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		src := &herald.Source{URL: "https://huge.example/feed"}
		if err := db.CreateSource(ctx, src); err != nil {
			t.Fatal(err)
		}
		content := hugeArticleHTML()
		st := &herald.Story{SourceID: src.ID, ExternalID: "huge", Title: "A very long read",
			ContentHTML: content, PublishedAt: time.Now().Add(-time.Hour)}
		if _, err := db.UpsertStory(ctx, st); err != nil {
			t.Fatalf("UpsertStory(5 MB article): %v", err)
		}
		var text string
		if err := db.queryRow(ctx, `SELECT text FROM stories WHERE id = $1`, st.ID).Scan(&text); err != nil {
			t.Fatal(err)
		}
		if !utf8.ValidString(text) || len(text) > storetext.MaxSearchBytes || len(text) < storetext.MaxSearchBytes-utf8.UTFMax {
			t.Errorf("indexed text: %d bytes, valid UTF-8 %t; want valid and the cap %d less at most one rune",
				len(text), utf8.ValidString(text), storetext.MaxSearchBytes)
		}
		got, err := db.Story(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ContentHTML != content {
			t.Errorf("content came back with %d bytes, want all %d: only the index is bounded", len(got.ContentHTML), len(content))
		}
		for q, want := range map[string]int{"openingword": 1, "beyondthecap": 0} {
			page, err := db.Stories(ctx, herald.StoryFilter{Query: q})
			if err != nil || len(page.Items) != want {
				t.Errorf("search %q = %v, %v; want %d stories", q, page, err, want)
			}
		}
	})
}

// hugeArticleHTML is a 5 MB article: "openingword", then distinct words up to
// one byte short of storetext.MaxSearchBytes, then three-byte runes (so the
// cap falls inside one), then "beyondthecap" and distinct filler words.
func hugeArticleHTML() string {
	var b strings.Builder
	b.WriteString("openingword ")
	for i := 0; b.Len() < storetext.MaxSearchBytes; i++ {
		b.WriteString("w" + strconv.FormatInt(int64(i)*7919, 36) + " ")
	}
	head := b.String()[:storetext.MaxSearchBytes-1]
	b.Reset()
	b.WriteString("<p>" + head + "€€€ beyondthecap</p><p>")
	for i := 0; b.Len() < 5<<20; i++ {
		b.WriteString("x" + strconv.FormatInt(int64(i)*104729, 36) + " 日本語 ")
	}
	b.WriteString("</p>")
	return b.String()
}
