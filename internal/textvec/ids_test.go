package textvec

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestIDsKeepStopWordsCountIDsSkipsThem(t *testing.T) {
	ids, _ := IDs("The talks of the ministers", nil, nil)
	if len(ids) != 5 {
		t.Fatalf("IDs gave %d ids, want 5 (stop words kept)", len(ids))
	}
	if !IsStopID(ids[0]) || IsStopID(ids[1]) {
		t.Errorf("IsStopID(the) = %v, IsStopID(talks) = %v; want true, false", IsStopID(ids[0]), IsStopID(ids[1]))
	}
	got := CountIDs(nil, ids, 2)
	want := map[uint32]int{TermID([]byte("talks")): 2, TermID([]byte("ministers")): 2}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CountIDs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Counts("The talks of the ministers"), CountIDs(nil, ids, 1)); diff != "" {
		t.Errorf("CountIDs(w=1) differs from Counts (-Counts +CountIDs):\n%s", diff)
	}
}

func TestDFWeighMatchesWeigh(t *testing.T) {
	df := NewDF()
	df.Add(Counts("oil prices rise"))
	df.Add(Counts("opec meets on oil"))
	c := Counts("opec cuts oil output")
	if diff := cmp.Diff(Weigh(c, df.IDF), df.Weigh(c)); diff != "" {
		t.Errorf("DF.Weigh (-Weigh +DF.Weigh):\n%s", diff)
	}
}

func TestDFBinaryRoundTrip(t *testing.T) {
	df := NewDF()
	df.Add(Counts("oil prices rise"))
	df.Add(Counts("opec meets on oil"))
	b, _ := df.MarshalBinary()
	b2, _ := df.MarshalBinary()
	if !bytes.Equal(b, b2) {
		t.Fatal("MarshalBinary is not deterministic")
	}
	got := NewDF()
	if err := got.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if got.Docs() != 2 || got.IDF(TermID([]byte("oil"))) != df.IDF(TermID([]byte("oil"))) ||
		got.IDF(TermID([]byte("opec"))) != df.IDF(TermID([]byte("opec"))) {
		t.Errorf("restored table differs: docs %d", got.Docs())
	}
	for name, bad := range map[string][]byte{"empty": nil, "version": {9}, "truncated": b[:len(b)-1], "trailing": append(b[:len(b):len(b)], 0)} {
		if err := NewDF().UnmarshalBinary(bad); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func FuzzDFUnmarshal(f *testing.F) {
	df := NewDF()
	df.Add(Counts("oil prices rise"))
	b, _ := df.MarshalBinary()
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		d := NewDF()
		if d.UnmarshalBinary(b) != nil {
			return
		}
		// Varints may come non-minimal; once re-encoded, the bytes are fixed.
		again, _ := d.MarshalBinary()
		d2 := NewDF()
		if err := d2.UnmarshalBinary(again); err != nil {
			t.Fatalf("re-encoded table does not decode: %v", err)
		}
		if third, _ := d2.MarshalBinary(); !bytes.Equal(third, again) {
			t.Fatalf("re-encoding is not stable")
		}
	})
}

func TestCountSortedAndAddWeighMatchMapForms(t *testing.T) {
	text := "The talks of the ministers: talks resume, ministers say"
	ids, _ := IDs(text, nil, nil)
	tc := CountSorted(slices.Clone(ids), nil)
	m := map[uint32]int{}
	for i, c := range tc {
		if i > 0 && c.ID <= tc[i-1].ID {
			t.Fatalf("CountSorted not in id order: %v", tc)
		}
		m[c.ID] = c.N
	}
	if diff := cmp.Diff(CountIDs(nil, ids, 1), m); diff != "" {
		t.Errorf("CountSorted differs from CountIDs (-CountIDs +CountSorted):\n%s", diff)
	}
	a, b := NewDF(), NewDF()
	a.Add(Counts("talks collapse"))
	b.Add(Counts("talks collapse"))
	a.Add(m)
	want := a.Weigh(m)
	got := b.AddWeigh(tc)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("AddWeigh differs from Add then Weigh (-want +got):\n%s", diff)
	}
}

func TestRadixSort(t *testing.T) {
	for _, n := range []int{0, 1, 63, 64, 500} {
		ids := make([]uint32, n)
		x := uint32(12345)
		for i := range ids {
			x = x*1664525 + 1013904223
			ids[i] = x ^ x>>7
		}
		want := slices.Clone(ids)
		slices.Sort(want)
		radixSort(ids)
		if !slices.Equal(want, ids) {
			t.Fatalf("n=%d: not sorted", n)
		}
	}
}

func FuzzIDs(f *testing.F) {
	f.Add("Apple's SHARES rose 5% in Zürich, ΕΛΛΆΔΑ cafe\u0301")
	f.Add("ab\xffcd " + strings.Repeat("x", 31))
	f.Fuzz(func(t *testing.T, s string) {
		var want []uint32
		Scan(s, nil, func(tok []byte) { want = append(want, TermID(tok)) })
		got, _ := IDs(s, nil, nil)
		if !slices.Equal(want, got) {
			t.Fatalf("IDs(%q) = %v, want Scan+TermID's %v", s, got, want)
		}
	})
}

func TestIDTable(t *testing.T) {
	var tb idTable
	ids := []uint32{0, 1, 1 << 31, 1<<32 - 1, 12345}
	for i := range 5000 {
		ids = append(ids, uint32(i)*2654435761)
	}
	seen := map[uint32]int32{}
	for _, id := range ids {
		if _, ok := seen[id]; ok {
			continue
		}
		if _, ok := tb.get(id); ok {
			t.Fatalf("id %d found before it was added", id)
		}
		seen[id] = tb.add(id)
	}
	for id, want := range seen {
		if got, ok := tb.get(id); !ok || got != want {
			t.Fatalf("get(%d) = %d, %v; want %d", id, got, ok, want)
		}
	}
}
