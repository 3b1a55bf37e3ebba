package cluster

import (
	"fmt"
	"github.com/heraldnews/herald/internal/cputime"
	"math/rand"
	"runtime"
	"strings"
	"testing"
	"time"
)

// benchStories makes n stories of about 600 words: common words drawn from a
// Zipf distribution over a 20,000-word vocabulary, a third of the words from
// one of n/8 events (so clusters of about eight form), four topics, a time
// every ten minutes.
func benchStories(n int) []Doc {
	r := rand.New(rand.NewSource(1))
	zipf := rand.NewZipf(r, 1.1, 2, 19999)
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	docs := make([]Doc, n)
	for i := range docs {
		ev := r.Intn(max(1, n/8))
		var b strings.Builder
		for w := range 600 {
			if w%3 == 0 {
				fmt.Fprintf(&b, "ev%dw%d ", ev, r.Intn(40))
			} else {
				fmt.Fprintf(&b, "w%d ", zipf.Uint64())
			}
		}
		docs[i] = Doc{StoryID: int64(i + 1), Title: fmt.Sprintf("Event %d: ev%dw1 ev%dw2 w%d", ev, ev, ev, zipf.Uint64()),
			Text: b.String(), Topics: topics(fmt.Sprintf("ev%d", ev), fmt.Sprintf("place%d", ev%50), "w1", fmt.Sprintf("person%d", ev%300)),
			Published: base.Add(time.Duration(i) * 10 * time.Minute)}
	}
	return docs
}

// BenchmarkAdd measures the engine's cost per story in steady state: 5,000
// stories went in before timing starts. cpu-ns/op is the process's CPU time
// per story, which a loaded machine does not inflate as it does ns/op.
// Compare it with the ingest benchmark's per-story time (README.md).
//
//	go test ./internal/cluster -run '^$' -bench Add -benchtime 3000x
func BenchmarkAdd(b *testing.B) {
	const warm = 5000
	docs := benchStories(warm + b.N)
	e := New(DefaultConfig())
	for _, d := range docs[:warm] {
		if _, err := e.Add(d); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Used()
	for i := range b.N {
		if _, err := e.Add(docs[warm+i]); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(cputime.Used()-cpu)/float64(b.N), "cpu-ns/op")
	clusters, stories := e.Stats()
	b.ReportMetric(float64(clusters), "open-clusters")
	b.ReportMetric(float64(stories), "window-stories")
}

// BenchmarkFlush measures saving: one Flush after every 200 stories, as the
// worker does (the DF table's encoding dominates).
func BenchmarkFlush(b *testing.B) {
	docs := benchStories(5000)
	e := New(DefaultConfig())
	for _, d := range docs {
		if _, err := e.Add(d); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for range b.N {
		e.Flush()
	}
}
