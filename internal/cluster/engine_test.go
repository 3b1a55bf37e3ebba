package cluster

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/heraldnews/herald"
)

const stormText = `Storm Isolde made landfall on the Westhaven coast early on Tuesday, bringing winds of more than 120 km/h and flooding the harbour district.
Emergency services evacuated 3,000 residents from low-lying streets, and the port authority closed the container terminal until further notice.
The Met Office said the storm would weaken as it moved inland, but warned of heavy rain across the northern hills on Wednesday.
Power was cut to 40,000 homes, and the regional rail operator suspended services between Westhaven and Port Ellery.`

func topics(slugs ...string) []herald.StoryTopic {
	var out []herald.StoryTopic
	for i, s := range slugs {
		out = append(out, herald.StoryTopic{Topic: herald.Topic{Slug: s, Name: s, Kind: "event"}, Salience: 1 / float64(i+1)})
	}
	return out
}

func mustAdd(t *testing.T, e *Engine, d Doc) Result {
	t.Helper()
	r, err := e.Add(d)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestNearDuplicate(t *testing.T) {
	e := New(DefaultConfig())
	orig := mustAdd(t, e, Doc{StoryID: 10, Title: "Storm Isolde floods Westhaven", Text: stormText})
	tests := []struct {
		name   string
		doc    Doc
		wantOf int64
	}{
		{"syndicated copy with boilerplate and a new headline", Doc{StoryID: 11, Title: "Isolde hits the coast",
			Text: "By Staff Reporter. Sign up for our newsletter.\n" + stormText + "\nCopyright 2026 Wire Service. All rights reserved."}, 10},
		{"revision with a paragraph cut", Doc{StoryID: 12, Title: "Storm Isolde floods Westhaven (updated)",
			Text: stormText[:strings.LastIndex(stormText, "\n")]}, 10},
		{"another report of the same storm", Doc{StoryID: 13, Title: "Westhaven counts the cost of Isolde",
			Text: "Residents of Westhaven returned to flooded homes on Wednesday after Storm Isolde swept through. Shopkeepers in the harbour district said the water rose faster than in any storm they remembered, and the council promised emergency grants."}, 0},
		{"unrelated story", Doc{StoryID: 14, Title: "Lumora unveils Atlas 3",
			Text: "Lumora showed its Atlas 3 chip at a developer conference, promising twice the speed of its predecessor at the same power."}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := mustAdd(t, e, tc.doc)
			if r.DuplicateOf != tc.wantOf {
				t.Errorf("DuplicateOf = %d (similarity %.2f), want %d", r.DuplicateOf, r.Similarity, tc.wantOf)
			}
			if tc.wantOf != 0 && r.ClusterID != orig.ClusterID {
				t.Errorf("duplicate in cluster %d, want its original's %d", r.ClusterID, orig.ClusterID)
			}
		})
	}
}

// reports are three stories about each of two events, in other words.
var reports = []Doc{
	{Title: "Storm Isolde floods Westhaven", Text: stormText, Topics: topics("storm-isolde", "westhaven")},
	{Title: "Lisbon accord passes assembly vote", Text: "The national assembly approved the Lisbon accord on climate finance by 212 votes to 140 after a long debate. Finance minister Ostrowski said the accord would unlock funds for flood defences.", Topics: topics("lisbon-accord", "ostrowski")},
	{Title: "Westhaven counts the cost of Storm Isolde", Text: "Residents of Westhaven returned to flooded homes after Storm Isolde. The harbour district was worst hit, and the port stayed closed while engineers checked the flood walls.", Topics: topics("storm-isolde", "westhaven")},
	{Title: "Ostrowski hails accord vote", Text: "Ostrowski told reporters the assembly vote on the Lisbon accord was a turning point for climate finance, and that the first funds would reach coastal towns next year.", Topics: topics("ostrowski", "lisbon-accord")},
	{Title: "Isolde: power back for most homes", Text: "Power has returned to most of the 40,000 homes cut off by Storm Isolde, the Westhaven grid operator said, though rail services to Port Ellery remain suspended.", Topics: topics("storm-isolde", "westhaven", "port-ellery")},
	{Title: "What the Lisbon accord means", Text: "The Lisbon accord, approved by the assembly this week, commits the government to climate finance targets; critics of Ostrowski say the funds are too small.", Topics: topics("lisbon-accord", "ostrowski")},
}

func TestAssignment(t *testing.T) {
	e := New(DefaultConfig())
	var got []int64
	for i, d := range reports {
		d.StoryID = int64(i + 1)
		got = append(got, mustAdd(t, e, d).ClusterID)
	}
	storm, accord := got[0], got[1]
	if storm == accord {
		t.Fatalf("the storm and the accord share cluster %d", storm)
	}
	want := []int64{storm, accord, storm, accord, storm, accord}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("clusters (-want +got):\n%s", diff)
	}
	rows := e.Snapshot().Clusters
	if len(rows) != 2 || rows[0].Size != 3 || rows[0].Headline == 0 {
		t.Errorf("rows = %+v, want two clusters of three with a headline", rows)
	}
}

func TestAddRejectsOutOfOrder(t *testing.T) {
	e := New(DefaultConfig())
	mustAdd(t, e, wordsDoc(5, "harbour flood"))
	_, err := e.Add(wordsDoc(5, "again"))
	if herald.ErrorCode(err) != herald.EINVALID {
		t.Errorf("err = %v, want EINVALID", err)
	}
}

// stream makes n synthetic stories about a handful of events, two running at
// a time, some with times, some duplicated.
func stream(n int) []Doc {
	rng := rand.New(rand.NewPCG(1, 2))
	events := [][]string{
		strings.Fields("storm isolde westhaven harbour flood rain wind evacuated port"),
		strings.Fields("assembly vote accord lisbon finance minister ostrowski budget"),
		strings.Fields("lumora atlas chip launch developers speed power laptop"),
		strings.Fields("league final goal striker coach stadium fans penalty"),
		strings.Fields("election poll candidate campaign ballot turnout debate mayor"),
		strings.Fields("court trial judge verdict jury appeal lawyer sentence"),
	}
	filler := strings.Fields("today officials people city week said report reported day morning local")
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	var docs []Doc
	for i := range n {
		ev := (2*(i/80) + rng.IntN(2)) % len(events) // two events at a time, then the next two
		var w []string
		for range 40 {
			if rng.IntN(3) == 0 {
				w = append(w, filler[rng.IntN(len(filler))])
			} else {
				w = append(w, events[ev][rng.IntN(len(events[ev]))])
			}
		}
		d := Doc{StoryID: int64(i + 1), Title: strings.Join(w[:5], " "), Text: strings.Join(w, " "),
			Topics: topics(events[ev][0], events[ev][1])}
		if i%2 == 0 {
			d.Published = base.Add(time.Duration(i) * 3 * time.Hour)
		}
		if i%7 == 6 {
			d.Text = docs[i-1].Text + " updated"
		}
		docs = append(docs, d)
	}
	return docs
}

func TestDeterministic(t *testing.T) {
	cfg := DefaultConfig()
	cfg.SplitMinSize, cfg.SplitEvery, cfg.WindowDocs = 6, 6, 40
	docs := stream(200)
	run := func() ([]Result, State) {
		e := New(cfg)
		var rs []Result
		for _, d := range docs {
			rs = append(rs, mustAdd(t, e, d))
		}
		return rs, e.Snapshot()
	}
	r1, s1 := run()
	r2, s2 := run()
	if diff := cmp.Diff(r1, r2); diff != "" {
		t.Errorf("results differ between runs (-first +second):\n%s", diff)
	}
	if diff := cmp.Diff(s1, s2); diff != "" {
		t.Errorf("states differ between runs (-first +second):\n%s", diff)
	}
}

// TestRestoreGoesOnIdentically saves an engine's changes into a State the way
// a store would, restores a second engine from it part way and checks that it
// then decides exactly as the first: halfway, and while the join threshold
// is still raised for the cold start (it depends on the DF table's count,
// which the State keeps).
func TestRestoreGoesOnIdentically(t *testing.T) {
	for _, at := range []int{120, 20} {
		t.Run(fmt.Sprintf("restored after %d stories", at), func(t *testing.T) { restoreGoesOn(t, at) })
	}
}

func restoreGoesOn(t *testing.T, at int) {
	cfg := DefaultConfig()
	cfg.SplitMinSize, cfg.SplitEvery, cfg.WindowDocs = 6, 6, 40
	docs := stream(240)
	whole := New(cfg)
	var saved, atHalf State
	var want, got []Result
	for i, d := range docs {
		want = append(want, mustAdd(t, whole, d))
		if i%25 == 24 || i == at-1 {
			if err := saved.Apply(whole.Flush()); err != nil {
				t.Fatal(err)
			}
		}
		if i == at-1 {
			if diff := cmp.Diff(whole.Snapshot(), saved); diff != "" {
				t.Fatalf("applied changes differ from the snapshot (-snapshot +applied):\n%s", diff)
			}
			atHalf = saved
		}
	}
	restored, err := Restore(cfg, atHalf)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs[at:] {
		got = append(got, mustAdd(t, restored, d))
	}
	if diff := cmp.Diff(want[at:], got); diff != "" {
		t.Errorf("restored engine decides differently (-uninterrupted +restored):\n%s", diff)
	}
	if diff := cmp.Diff(whole.Snapshot(), restored.Snapshot()); diff != "" {
		t.Errorf("final states differ (-uninterrupted +restored):\n%s", diff)
	}
	if err := saved.Apply(whole.Flush()); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(whole.Snapshot(), saved); diff != "" {
		t.Errorf("changes applied to the end differ from the final state (-snapshot +applied):\n%s", diff)
	}
}

func TestApplyRefusesStaleChanges(t *testing.T) {
	e := New(DefaultConfig())
	mustAdd(t, e, wordsDoc(1, "harbour flood"))
	ch := e.Flush()
	var st State
	if err := st.Apply(ch); err != nil {
		t.Fatal(err)
	}
	if err := st.Apply(ch); herald.ErrorCode(err) != herald.ECONFLICT {
		t.Errorf("applying the same changes twice: err = %v, want ECONFLICT", err)
	}
}

func FuzzUnmarshalFeatures(f *testing.F) {
	e := New(DefaultConfig())
	mustAddF := func(d Doc) {
		if _, err := e.Add(d); err != nil {
			f.Fatal(err)
		}
	}
	mustAddF(Doc{StoryID: 1, Text: stormText, Topics: topics("storm-isolde"), Published: time.Unix(1e9, 0)})
	for _, m := range e.Snapshot().Members {
		f.Add(m.Features)
	}
	f.Add([]byte{featuresVersion, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		x, err := unmarshalFeatures(1, b)
		if err != nil {
			return
		}
		y, err := unmarshalFeatures(1, x.marshal())
		if err != nil {
			t.Fatalf("re-encoded features do not decode: %v", err)
		}
		if len(y.vec) != len(x.vec) || len(y.topics) != len(x.topics) || y.hasSig != x.hasSig || y.seq != x.seq || !y.at.Equal(x.at) {
			t.Fatalf("round trip changed the features")
		}
	})
}
