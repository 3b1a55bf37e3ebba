package sqlite

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
)

// TestHostileE2_FullTextIndexBounded stores a 5 MB article whose search text
// would be cut inside a multi-byte rune: the story is stored, the indexed text
// is valid UTF-8 and at most storetext.MaxSearchBytes, a word from the start
// is found and a word past the cap is not (the index is bounded).
func TestHostileE2_FullTextIndexBounded(t *testing.T) {
	db := openTemp(t)
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
	if err := db.r.QueryRowContext(ctx, `SELECT text FROM stories WHERE id = ?`, st.ID).Scan(&text); err != nil {
		t.Fatal(err)
	}
	if !utf8.ValidString(text) {
		t.Fatalf("indexed text is not valid UTF-8: ends %q", text[max(0, len(text)-8):])
	}
	if len(text) > storetext.MaxSearchBytes || len(text) < storetext.MaxSearchBytes-utf8.UTFMax {
		t.Errorf("indexed %d bytes; want the cap %d less at most one rune", len(text), storetext.MaxSearchBytes)
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
}

// hugeArticleHTML is a 5 MB article: "openingword", then words up to one byte
// short of storetext.MaxSearchBytes, then three-byte runes (so the cap falls
// inside one), then "beyondthecap" and filler.
func hugeArticleHTML() string {
	var b strings.Builder
	b.WriteString("openingword ")
	for b.Len() < storetext.MaxSearchBytes {
		b.WriteString("word ")
	}
	head := b.String()[:storetext.MaxSearchBytes-1]
	b.Reset()
	b.WriteString("<p>" + head + "€€€ beyondthecap</p>")
	for b.Len() < 5<<20 {
		b.WriteString("<p>€€€ filler text 日本語</p>")
	}
	return b.String()
}
