package store

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

func TestCursor(t *testing.T) {
	for _, c := range []cursor{{at: 0, id: 1}, {at: -62135596800000, id: 7}, {at: 1740830400000, id: 1 << 62}} {
		got, ok, err := parseCursor(c.String())
		if err != nil || !ok || got != c {
			t.Errorf("parseCursor(%v.String()) = %v, %v, %v", c, got, ok, err)
		}
	}
	if _, ok, err := parseCursor(""); ok || err != nil {
		t.Errorf(`parseCursor("") = %v, %v; want no cursor, no error`, ok, err)
	}
}

// FuzzCursor checks that parseCursor never panics and that what it accepts
// encodes back to a cursor it reads the same.
func FuzzCursor(f *testing.F) {
	f.Add(cursor{at: 1, id: 2}.String())
	f.Add("MTo")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		c, ok, err := parseCursor(s)
		if err != nil {
			if herald.ErrorCode(err) != herald.EINVALID {
				t.Fatalf("parseCursor(%q) error %v is not EINVALID", s, err)
			}
			return
		}
		if !ok {
			return
		}
		again, _, err := parseCursor(c.String())
		if err != nil || again != c {
			t.Fatalf("round trip of %v: %v, %v", c, again, err)
		}
	})
}

// TestCursorUnitIsTheSameInBothDialects pages through stories published a
// few microseconds apart: a cursor counts milliseconds in both stores, so
// paging neither repeats nor skips a story.
func TestCursorUnitIsTheSameInBothDialects(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *DB) {
		src := &herald.Source{URL: "https://example.org/feed"}
		if err := db.CreateSource(t.Context(), src); err != nil {
			t.Fatal(err)
		}
		base := farFuture.AddDate(-8000, 0, 0)
		var want []int64
		for i := range 7 {
			st := &herald.Story{SourceID: src.ID, ExternalID: string(rune('a' + i)), Title: "t",
				PublishedAt: base.Add(micros(i * 300))}
			if _, err := db.UpsertStory(t.Context(), st); err != nil {
				t.Fatal(err)
			}
			want = append([]int64{st.ID}, want...)
		}
		var got []int64
		cur := ""
		for {
			page, err := db.Stories(t.Context(), herald.StoryFilter{Limit: 2, Cursor: cur})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range page.Items {
				got = append(got, s.ID)
			}
			if cur = page.NextCursor; cur == "" {
				break
			}
		}
		if len(got) != len(want) {
			t.Fatalf("paged ids %v, want %v", got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("paged ids %v, want %v", got, want)
			}
		}
	})
}

// micros is n microseconds.
func micros(n int) time.Duration { return time.Duration(n) * time.Microsecond }
