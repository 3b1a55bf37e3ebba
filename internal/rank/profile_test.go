package rank

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/textvec"
)

func doc(id int64, src int64, words string, topics ...DocTopic) *Doc {
	df := textvec.NewDF()
	return &Doc{ID: id, SourceID: src, Published: now.Add(-time.Hour), Topics: topics, Vec: Vectorize(df, "", words)}
}

func TestLearnUpdatesAndDecays(t *testing.T) {
	opec := DocTopic{ID: 1, Slug: "opec", Name: "OPEC", Salience: 0.8}
	d := doc(1, 7, "oil prices opec output cut", opec)
	p := &Profile{}
	p.Learn(d, herald.Event{StoryID: 1, Kind: herald.EventOpen, At: now.Add(-7 * 24 * time.Hour)})
	p.Learn(d, herald.Event{StoryID: 1, Kind: herald.EventRead, DwellMS: 60000, At: now.Add(-7 * 24 * time.Hour)})
	w0 := p.Topics["opec"].W
	if want := 0.8 * (openSignal + 4); w0 < want-1e-9 || w0 > want+1e-9 {
		t.Fatalf("topic weight after open and a minute's read = %v, want %v", w0, want)
	}
	if p.Sources[7] <= 0 || len(p.Terms) == 0 {
		t.Fatalf("source weight %v, %d terms: want both learned", p.Sources[7], len(p.Terms))
	}
	// A week later (one half-life), a hide of another story decays the old weights first.
	p.Learn(doc(2, 8, "football"), herald.Event{StoryID: 2, Kind: herald.EventHide, At: now})
	if got := p.Topics["opec"].W; got < w0/2-1e-6 || got > w0/2+1e-6 {
		t.Errorf("topic weight a half-life later = %v, want %v", got, w0/2)
	}
	if p.Sources[8] >= 0 {
		t.Errorf("hidden story's source weight = %v, want negative", p.Sources[8])
	}
	if len(p.Seen) != 2 {
		t.Errorf("seen = %v, want the opened and the hidden story", p.Seen)
	}
	b, err := MarshalProfile(p)
	if err != nil {
		t.Fatal(err)
	}
	q, err := UnmarshalProfile(b)
	if err != nil || len(q.Terms) != len(p.Terms) || q.Topics["opec"].W != p.Topics["opec"].W {
		t.Fatalf("profile round trip: %v, %d terms (want %d)", err, len(q.Terms), len(p.Terms))
	}
}

func TestSignalDwell(t *testing.T) {
	bounce := Signal(herald.Event{Kind: herald.EventRead, DwellMS: 3000})
	long := Signal(herald.Event{Kind: herald.EventRead, DwellMS: 45000})
	if bounce >= 0 || long <= 1 || Signal(herald.Event{Kind: herald.EventImpression}) >= 0 {
		t.Errorf("bounce %v, long read %v: want a bounce negative, a long read strong, an impression negative", bounce, long)
	}
}
