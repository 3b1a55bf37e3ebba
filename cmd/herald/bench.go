package main

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/bench"
	"github.com/heraldnews/herald/internal/config"
	"github.com/heraldnews/herald/internal/fetch"
	"github.com/heraldnews/herald/internal/rank"
	"github.com/heraldnews/herald/internal/store"
)

// benchFlags are what `herald bench` takes besides the common flags.
type benchFlags struct {
	stories, sources, topics, readers, follows int
	events                                     int    // reading events each reader has sent
	routes                                     string // comma-separated route names to measure; "" all
	ingest, ingestFeeds                        int
	duration                                   time.Duration
	keep                                       bool
	cpuProfile                                 string
}

// benchReport is the JSON object `herald bench` prints last.
type benchReport struct {
	Dialect           string  `json:"dialect"`
	Stories           int     `json:"stories"`
	Sources           int     `json:"sources"`
	Topics            int     `json:"topics"`
	Readers           int     `json:"readers"`
	FollowsPerReader  int     `json:"follows_per_reader"`
	LoadStoriesPerSec float64 `json:"load_stories_per_second"`
	LoadSeconds       float64 `json:"load_seconds"`
	IngestStories     int     `json:"ingest_stories"`
	IngestPerSec      float64 `json:"ingest_stories_per_second"`
	// Latency and throughput per route and concurrency ("c1", "c16").
	HTTP map[string]map[string]bench.Result `json:"http"`
}

func cmdBench(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench")
	var bf benchFlags
	fs.IntVar(&bf.stories, "stories", 10000, "`N` stories generated straight into the store (10000, 200000, 1000000…)")
	fs.IntVar(&bf.sources, "sources", 200, "`K` sources the stories come from")
	fs.IntVar(&bf.topics, "topics", 5000, "`T` topics the stories carry (5 each, Zipf-distributed)")
	fs.IntVar(&bf.readers, "readers", 50, "`M` readers with follows, who make the HTTP requests")
	fs.IntVar(&bf.follows, "follows", 50, "topics and sources each reader follows")
	fs.IntVar(&bf.events, "events", 1000, "reading events (impressions, opens, reads) each reader sends before the measurements, learned by the ranked feed")
	fs.StringVar(&bf.routes, "routes", "", "comma-separated `NAMES` of the routes to measure (api_feed, web_feed…); default all")
	fs.IntVar(&bf.ingest, "ingest", 2000, "stories ingested through the whole pipeline (fetch, parse, clean, tag, store) from a loopback publisher")
	fs.IntVar(&bf.ingestFeeds, "ingest-feeds", 20, "feeds the ingested stories are spread over")
	fs.DurationVar(&bf.duration, "duration", 5*time.Second, "how long each HTTP measurement runs")
	fs.StringVar(&bf.cpuProfile, "cpuprofile", "", "write a CPU profile of the HTTP measurements to `FILE` (go tool pprof reads it)")
	fs.BoolVar(&bf.keep, "keep", false, "keep the generated database (by default a PostgreSQL schema or temporary directory made for the run is removed)")
	cfg, pos, err := parseConfig(e, fs, args, commonFlags)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	cleanup, err := benchDatabase(ctx, fs, e, &cfg, bf.keep)
	if err != nil {
		return err
	}
	defer cleanup()
	cfg.AllowNetworks = joinNetworks(cfg.AllowNetworks, loopback.String())
	cfg.LogLevel = "warn"
	cfg.InstanceName = "bench"
	a, err := openApp(ctx, e, cfg, true)
	if err != nil {
		return err
	}
	defer a.Close()
	rep, err := runBench(ctx, e, a, bf)
	if err != nil {
		return err
	}
	return printJSON(e, rep)
}

// benchDatabase points cfg at a fresh database for the run: a new schema in
// a PostgreSQL database, or a temporary directory unless --data or --db name
// an SQLite file. The returned function removes what it made, unless keep.
func benchDatabase(ctx context.Context, fs *flag.FlagSet, e *env, cfg *config.Config, keep bool) (func(), error) {
	if cfg.IsPostgres() {
		b := make([]byte, 4)
		crand.Read(b)
		schema := "herald_bench_" + hex.EncodeToString(b)
		admin, err := sql.Open("pgx", cfg.DB)
		if err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
			admin.Close()
			return nil, fmt.Errorf("bench: create schema: %w", err)
		}
		u, _ := url.Parse(cfg.DB)
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		cfg.DB = u.String()
		fmt.Fprintf(e.stderr, "bench: PostgreSQL schema %s\n", schema)
		return func() {
			if !keep {
				admin.ExecContext(context.WithoutCancel(ctx), "DROP SCHEMA "+schema+" CASCADE")
			}
			admin.Close()
		}, nil
	}
	if explicitFlag(fs, "data") || explicitFlag(fs, "db") || e.getenv("HERALD_DATA") != "" || e.getenv("HERALD_DB") != "" {
		return func() {}, nil
	}
	dir, err := os.MkdirTemp("", "herald-bench-")
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	cfg.Data, cfg.DB = dir, filepath.Join(dir, "herald.db")
	fmt.Fprintf(e.stderr, "bench: SQLite file %s\n", cfg.DB)
	return func() {
		if !keep {
			os.RemoveAll(dir)
		}
	}, nil
}

// runBench loads the corpus, ingests through the pipeline and measures HTTP.
func runBench(ctx context.Context, e *env, a *app, bf benchFlags) (*benchReport, error) {
	c := bench.Corpus{Seed: 1, Stories: bf.stories, Sources: bf.sources, Topics: bf.topics,
		Span: 30 * 24 * time.Hour, End: time.Now().Add(-time.Hour)}
	rep := &benchReport{Stories: bf.stories, Sources: bf.sources, Topics: bf.topics, Readers: bf.readers,
		FollowsPerReader: bf.follows, HTTP: map[string]map[string]bench.Result{}}
	db, ok := a.store.(*store.DB)
	if !ok {
		return nil, fmt.Errorf("bench: unexpected store %T", a.store)
	}
	rep.Dialect = db.Dialect()
	srcIDs, err := benchLoad(ctx, e, db, c, rep)
	if err != nil {
		return nil, err
	}
	tokens, err := benchReaders(ctx, a, c, srcIDs, bf)
	if err != nil {
		return nil, err
	}
	if bf.ingest > 0 {
		if err := benchIngest(ctx, e, a, bf, rep); err != nil {
			return nil, err
		}
	}
	if err := db.Analyze(ctx); err != nil {
		return nil, err
	}
	return rep, benchHTTP(ctx, e, a, bf, tokens, rep)
}

// benchLoad stores the corpus straight into the store, 1,000 stories to a
// call, and reports the rate.
func benchLoad(ctx context.Context, e *env, db *store.DB, c bench.Corpus, rep *benchReport) ([]int64, error) {
	ids := make([]int64, c.Sources)
	for i := range ids {
		src := c.Source(i)
		src.NextFetchAt = time.Now().AddDate(10, 0, 0) // generated, never fetched
		if err := db.CreateSource(ctx, src); err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		ids[i] = src.ID
	}
	start := time.Now()
	const batch = 1000
	for i := 0; i < c.Stories; i += batch {
		stories := make([]*herald.Story, 0, batch)
		for k := i; k < min(i+batch, c.Stories); k++ {
			stories = append(stories, c.Story(k, ids))
		}
		_, errs := db.UpsertStories(ctx, stories)
		if err := firstError(errs); err != nil {
			return nil, fmt.Errorf("bench: load: %w", err)
		}
		if done := i + len(stories); done%(max(c.Stories/10, batch)) < batch {
			fmt.Fprintf(e.stderr, "bench: loaded %d of %d stories (%.0f/s)\n", done, c.Stories, float64(done)/time.Since(start).Seconds())
		}
	}
	rep.LoadSeconds = time.Since(start).Seconds()
	rep.LoadStoriesPerSec = float64(c.Stories) / rep.LoadSeconds
	return ids, nil
}

// firstError returns the first non-nil error of errs.
func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// benchReaders creates the readers, each following bf.follows topics and
// sources (Zipf: popular ones more often), and returns their API tokens.
func benchReaders(ctx context.Context, a *app, c bench.Corpus, srcIDs []int64, bf benchFlags) ([]string, error) {
	r := rand.New(rand.NewPCG(c.Seed, 7))
	tokens := make([]string, bf.readers)
	for i := range tokens {
		u := &herald.User{Name: fmt.Sprintf("bench-reader-%d", i)}
		if err := a.store.CreateUser(ctx, u); err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		for f := range bf.follows {
			var err error
			if f%10 == 9 {
				err = a.store.FollowSource(ctx, u.ID, srcIDs[r.IntN(len(srcIDs))])
			} else {
				err = a.store.FollowTopic(ctx, u.ID, c.TopicSlug(r.IntN(c.Topics)))
			}
			if err != nil && !herald.IsNotFound(err) {
				return nil, fmt.Errorf("bench: follow: %w", err)
			}
		}
		if err := benchEvents(ctx, a, r, u.ID, c.Stories, bf.events); err != nil {
			return nil, err
		}
		tok, err := a.auth.CreateToken(ctx, u.ID, "bench")
		if err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		tokens[i] = tok
	}
	return tokens, nil
}

// benchEvents records n reading events of a reader on stories of the
// newest tenth of the corpus (a third of them opens and reads with a dwell
// time, the rest impressions) and has the ranked feed learn them, 500 to a
// request as the API takes them.
func benchEvents(ctx context.Context, a *app, r *rand.Rand, userID int64, stories, n int) error {
	for done := 0; done < n; done += 500 {
		evs := make([]herald.Event, 0, 500)
		for i := done; i < min(n, done+500); i++ {
			e := herald.Event{StoryID: int64(stories - r.IntN(max(1, stories/10))), Kind: herald.EventImpression,
				At: time.Now().Add(-time.Duration(n-i) * time.Minute)}
			switch i % 6 {
			case 1:
				e.Kind = herald.EventOpen
			case 2:
				e.Kind, e.DwellMS = herald.EventRead, int64(5000+r.IntN(90000))
			}
			evs = append(evs, e)
		}
		if err := rank.Record(ctx, a.store, a.rankedFeed(), userID, evs); err != nil {
			return fmt.Errorf("bench: events: %w", err)
		}
	}
	return nil
}

// benchIngest serves bf.ingest generated stories from a loopback publisher
// as bf.ingestFeeds RSS feeds and ingests them through the pipeline, as
// serve does, with the default tagger.
func benchIngest(ctx context.Context, e *env, a *app, bf benchFlags, rep *benchReport) error {
	pub, err := bench.ServeFeeds(ctx, bf.ingestFeeds, bf.ingest, 2)
	if err != nil {
		return fmt.Errorf("bench: publisher: %w", err)
	}
	defer pub.Close()
	for _, u := range pub.URLs() {
		if _, err := a.pipeline.AddSource(ctx, u); err != nil {
			return fmt.Errorf("bench: add %s: %w", u, err)
		}
	}
	start := time.Now()
	st, err := a.pipeline.RefreshDue(ctx, false)
	if err != nil {
		return fmt.Errorf("bench: ingest: %w", err)
	}
	secs := time.Since(start).Seconds()
	rep.IngestStories = st.New
	rep.IngestPerSec = float64(st.New) / secs
	fmt.Fprintf(e.stderr, "bench: ingested %d stories from %d feeds in %.1fs (%.0f/s), %d failed feeds\n",
		st.New, st.Sources, secs, rep.IngestPerSec, st.Failed)
	if st.Failed > 0 || st.New < bf.ingest {
		return fmt.Errorf("bench: ingest stored %d of %d stories (%d feeds failed)", st.New, bf.ingest, st.Failed)
	}
	return nil
}

// benchRoutes are the pages measured: a reader's feed, the story list and
// the web app's front page.
var benchRoutes = []struct{ name, path string }{
	{"api_feed", "/api/v1/feed?limit=20"},
	{"api_stories", "/api/v1/stories?limit=20"},
	{"web_feed", "/"},
	// The reader's web app: every page a reader opens, at 30 stories a page.
	{"web_latest", "/?view=latest"},
	{"web_section", "/?section=Sport"},
	{"web_search", "/search?q=budget"},
	{"web_search_rare", "/search?q=%22wind+farm%22+Tallinn+-budget"},
	{"web_search_prefix", "/search?q=vacc%2A"},
	{"web_search_none", "/search?q=zeppelin"},
	{"web_saved", "/saved"},
	{"web_story", "/stories/1"},
	{"web_topics", "/topics"},
	{"web_following", "/following"},
	{"web_sources", "/sources"},
	{"web_settings", "/settings"},
}

// benchHTTP serves the app on loopback and measures each route at
// concurrency 1 and 16, each request as a random reader.
func benchHTTP(ctx context.Context, e *env, a *app, bf benchFlags, tokens []string, rep *benchReport) error {
	ln, err := listen(ctx, "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: a.handler()}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	if bf.cpuProfile != "" {
		f, err := os.Create(bf.cpuProfile)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	client := fetch.LoopbackClient(64)
	if err := a.rankedFeed().Load(ctx); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	fmt.Fprintf(e.stderr, "bench: rank index holds %d stories\n", a.rankedFeed().Index.Len())
	for _, route := range benchRoutes {
		if bf.routes != "" && !slices.Contains(strings.Split(bf.routes, ","), route.name) {
			continue
		}
		rep.HTTP[route.name] = map[string]bench.Result{}
		for _, conc := range []int{1, 16} {
			next := func(i int) bench.Request {
				return bench.Request{URL: base + route.path, Token: tokens[(i*7919)%len(tokens)]}
			}
			bench.Load(ctx, client, conc, min(bf.duration, time.Second), next) // warm up
			res, err := bench.Load(ctx, client, conc, bf.duration, next)
			if err != nil {
				return fmt.Errorf("bench: %s: %w", route.name, err)
			}
			rep.HTTP[route.name][fmt.Sprintf("c%d", conc)] = res
			fmt.Fprintf(e.stderr, "bench: %-12s c%-3d p50 %6.2f ms  p99 %6.2f ms  %7.0f req/s\n",
				route.name, conc, res.P50MS, res.P99MS, res.RPS)
		}
	}
	return nil
}

// joinNetworks adds cidr to a comma-separated list.
func joinNetworks(list, cidr string) string {
	if list == "" {
		return cidr
	}
	if slices.Contains(strings.Split(list, ","), cidr) {
		return list
	}
	return list + "," + cidr
}
