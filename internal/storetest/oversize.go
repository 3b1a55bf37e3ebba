package storetest

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// testStoryOversizedKeys stores a story whose indexed values (GUID, URL,
// canonical URL, fingerprint) are far larger than a B-tree index row may be
// (hostile-cases E1), and finds it again by them.
func testStoryOversizedKeys(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://big.example/feed", "Big")
	r := rand.New(rand.NewPCG(3, 4))
	long := func(prefix string) string {
		var b strings.Builder
		b.WriteString(prefix)
		for b.Len() < 6000 {
			b.WriteByte("abcdefghijklmnopqrstuvwxyz0123456789"[r.IntN(36)])
		}
		return b.String()
	}
	st := newStory(src.ID, long("guid-"), time.Now().Add(-time.Hour))
	st.URL = long("https://big.example/a?q=")
	st.CanonicalURL = st.URL
	st.Fingerprint = long("fp")
	first := upsert(t, s, st)
	if !first.Created {
		t.Fatalf("first upsert = %+v, want created", first)
	}
	again := *st
	again.ID = 0
	if res := upsert(t, s, &again); res.Created || res.ID != first.ID {
		t.Errorf("re-upsert by the same long GUID = %+v, want an update of %d", res, first.ID)
	}
	dup := *st
	dup.ID, dup.ExternalID = 0, "other"
	if res := upsert(t, s, &dup); !res.Duplicate {
		t.Errorf("same long canonical URL under another GUID = %+v, want a duplicate", res)
	}
	got, err := s.Story(t.Context(), first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.URL != st.URL {
		t.Errorf("URL did not round-trip: %d bytes back, want %d", len(got.URL), len(st.URL))
	}
}
