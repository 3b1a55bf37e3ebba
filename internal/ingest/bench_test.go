package ingest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/analyze"
	"github.com/heraldnews/herald/internal/cluster"
	"github.com/heraldnews/herald/internal/cputime"
	"github.com/heraldnews/herald/internal/fetch"
	"github.com/heraldnews/herald/internal/nlp"
	"github.com/heraldnews/herald/internal/store"
	"github.com/heraldnews/herald/internal/topic"
)

// benchItems is the number of stories in each feed the benchmark serves.
const benchItems = 100

var (
	benchNames = []string{"Shinzo Abe", "Donald Trump", "Moon Jae-in", "Angela Merkel", "Emmanuel Macron", "the European Union", "North Korea", "South Korea", "Japan", "Brazil", "the Bank of England", "Toyota", "the United Nations", "Lisbon", "Tokyo", "Seoul"}
	benchWords = strings.Fields("the government said on Tuesday that talks would continue next week after officials met in the capital to discuss trade security and the economy while markets rose and analysts expected more pressure on prices as the ministry confirmed a new plan for the region and its partners")
)

// benchStory writes about 600 words of news-like prose with names in it.
func benchStory(r *rand.Rand) string {
	var b strings.Builder
	for p := 0; p < 6; p++ {
		b.WriteString("<p>")
		for s := 0; s < 5; s++ {
			b.WriteString(strings.ToUpper(benchWords[0][:1]) + benchWords[0][1:])
			for w := 0; w < 19; w++ {
				b.WriteByte(' ')
				if w%6 == 3 {
					b.WriteString(benchNames[r.IntN(len(benchNames))])
				} else {
					b.WriteString(benchWords[r.IntN(len(benchWords))])
				}
			}
			b.WriteString(". ")
		}
		b.WriteString("</p>")
	}
	return b.String()
}

// benchOrigin serves an RSS feed of benchItems fresh stories on every request.
func benchOrigin(b *testing.B) *httptest.Server {
	r := rand.New(rand.NewPCG(1, 2))
	bodies := make([]string, 50)
	for i := range bodies {
		bodies[i] = benchStory(r)
	}
	var round atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		n := round.Add(1)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench</title>`)
		pub := time.Now().Add(-time.Hour).UTC().Format(time.RFC1123Z)
		for i := range benchItems {
			body := bodies[(int(n)*benchItems+i)%len(bodies)]
			fmt.Fprintf(w, `<item><title>Story %d of round %d about %s</title><link>https://news.example/%d/%d</link><guid>%d-%d</guid><pubDate>%s</pubDate><content:encoded><![CDATA[%s<p>Round %d item %d.</p>]]></content:encoded></item>`,
				i, n, benchNames[i%len(benchNames)], n, i, n, i, pub, body, n, i)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// benchFinder is an entity finder the ingest benchmarks run with.
type benchFinder struct {
	name   string
	finder analyze.EntityFinder
}

// benchFinders are the proper-nouns finder (nil) and the trained tagger,
// herald serve's default.
func benchFinders(b *testing.B) []benchFinder {
	tagger, err := nlp.DefaultTagger()
	if err != nil {
		b.Fatal(err)
	}
	return []benchFinder{{"proper-nouns", nil}, {"tagger", analyze.NER{Tagger: tagger}}}
}

// BenchmarkIngest measures the whole ingest path for stories of about 600
// words: local origin → fetch → parse → sanitise → tag → store in SQLite,
// through the scheduler's RefreshDue as herald serve runs it. "sources-1"
// refreshes one source at a time, so fetching and parsing a feed leave cores
// idle; "sources-4" refreshes four sources at once, as the scheduler's
// workers do on a server with many sources.
func BenchmarkIngest(b *testing.B) {
	for _, bc := range benchFinders(b) {
		for _, sources := range []int{1, 4} {
			b.Run(fmt.Sprintf("%s/sources-%d", bc.name, sources), func(b *testing.B) {
				benchIngest(b, bc.finder, sources, false)
			})
		}
	}
}

// BenchmarkIngestClustered is BenchmarkIngest with one source, for the
// proper-nouns finder and the trained tagger (herald serve's default), with
// the clustering worker off and on: "on" clusters every refresh's stories
// (cluster.Worker.Drain, as serve's worker would) inside the timed loop, so
// stories/s counts clustering's whole cost, as on a CPU-bound server. Run
// the arms alternately (-count) on a shared machine.
func BenchmarkIngestClustered(b *testing.B) {
	for _, bc := range benchFinders(b) {
		for _, on := range []bool{false, true} {
			b.Run(bc.name+map[bool]string{false: "/off", true: "/on"}[on], func(b *testing.B) {
				benchIngest(b, bc.finder, 1, on)
			})
		}
	}
}

func benchIngest(b *testing.B, finder analyze.EntityFinder, sources int, clustered bool) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	an := analyze.New(finder, topic.NewResolver(topic.Options{}), nil)
	p := New(st, fetch.New(fetch.Options{AllowNetworks: loopback}), an, log, Options{AllowNetworks: loopback})
	srv := benchOrigin(b)
	for i := range sources {
		if _, err := p.ImportSource(ctx, herald.Source{URL: fmt.Sprintf("%s/feed/%d", srv.URL, i), FullText: herald.FullTextNever}); err != nil {
			b.Fatal(err)
		}
	}
	w := &cluster.Worker{Store: st, Config: cluster.DefaultConfig()}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Used()
	var clusterCPU time.Duration
	stories := 0
	for stories < b.N {
		s, err := p.RefreshDue(ctx, true)
		if err != nil || s.New != benchItems*sources {
			b.Fatalf("refresh = %+v, %v; want %d new stories", s, err, benchItems*sources)
		}
		stories += s.New
		if clustered {
			c := cputime.Used()
			if n, err := w.Drain(ctx); err != nil || n != s.New {
				b.Fatalf("clustered %d of %d stories: %v", n, s.New, err)
			}
			clusterCPU += cputime.Used() - c
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(cputime.Used()-cpu)/float64(stories)/1e3, "cpu-µs/story")
	if clustered { // the part of it spent clustering
		b.ReportMetric(float64(clusterCPU)/float64(stories)/1e3, "cluster-cpu-µs/story")
	}
	b.ReportMetric(float64(stories)/b.Elapsed().Seconds(), "stories/s")
	b.ReportMetric(float64(b.N)/float64(stories), "runs/story")
}
