package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/analyze"
	"github.com/heraldnews/herald/internal/api"
	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/cluster"
	"github.com/heraldnews/herald/internal/config"
	"github.com/heraldnews/herald/internal/feedout"
	"github.com/heraldnews/herald/internal/fetch"
	"github.com/heraldnews/herald/internal/fever"
	"github.com/heraldnews/herald/internal/greader"
	"github.com/heraldnews/herald/internal/ingest"
	"github.com/heraldnews/herald/internal/jobs"
	"github.com/heraldnews/herald/internal/metrics"
	"github.com/heraldnews/herald/internal/nlp"
	"github.com/heraldnews/herald/internal/rank"
	"github.com/heraldnews/herald/internal/reading"
	"github.com/heraldnews/herald/internal/store"
	"github.com/heraldnews/herald/internal/topic"
	"github.com/heraldnews/herald/internal/topicmem"
	"github.com/heraldnews/herald/internal/web"
	"github.com/heraldnews/herald/internal/websub"
)

// app is everything a command may need, opened from one Config.
type app struct {
	cfg      config.Config
	log      *slog.Logger
	store    herald.Store
	ranked   *rank.Personal // the learning feed, made by rankedFeed
	fetcher  *fetch.Client
	pipeline *ingest.Pipeline
	// sections learns the section classifier from the stored weak labels; serve
	// and demo run it in the background.
	sections *ingest.Trainer
	auth     *auth.Service
	// loginHint is shown on the sign-in page (the demo names its account there).
	loginHint string
	// websub subscribes to the hubs that feeds name; nil when --public-url is unset.
	websub *websub.Subscriber
	// jobs runs background work once across the instances sharing the store.
	jobs *jobs.Runner
	// allow are the private networks outbound requests may reach.
	allow []netip.Prefix
	// analyzer tags stories for ingest and rebuilds; memory is what its topic
	// resolver learned across stories, kept in the store.
	analyzer *analyze.Analyzer
	memory   *topicmem.Shared
	// stopTokenUse stops the background writer of token use (serve, demo)
	// and waits for its last flush; nil when it was never started.
	stopTokenUse func()
	// metrics counts and times what this process does; metricsAccess says
	// who may read /metrics.
	metrics       *metrics.Metrics
	metricsAccess metrics.Access
	// clusters is the clustering worker (run under a lease: clusters.go).
	clusters *cluster.Worker
}

// flagGroup says which flags a command takes besides its own.
type flagGroup int

const (
	commonFlags flagGroup = iota // --data, --db, --allow-networks, --log-*
	ingestFlags                  // and --poll-interval, --workers: commands that fetch (refresh)
	serveFlags                   // and --addr, --public-url, --secure-cookies, --readers-add-sources (serve, demo)
)

// parseConfig declares the flags of group plus any extra ones already on fs,
// parses args and validates. It returns the positional args.
func parseConfig(e *env, fs *flag.FlagSet, args []string, group flagGroup) (config.Config, []string, error) {
	var cfg config.Config
	cfg.Register(fs, e.getenv)
	if group >= ingestFlags {
		cfg.RegisterIngest(fs, e.getenv)
	}
	if group >= serveFlags {
		cfg.RegisterServe(fs, e.getenv)
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return cfg, nil, err
	}
	if err := cfg.Validate(); err != nil {
		return cfg, nil, usagef("%v", err)
	}
	return cfg, pos, nil
}

func newLogger(e *env, cfg config.Config) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(e.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(e.stderr, opts))
}

// openStore opens the store that cfg.DB selects and applies migrations.
func openStore(ctx context.Context, cfg config.Config) (*store.DB, error) {
	if !cfg.IsPostgres() {
		if err := cfg.EnsureData(); err != nil {
			return nil, err
		}
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", cfg.DBName(), err)
	}
	return db, nil
}

// openApp opens the store and builds the packages around it. Only commands
// that analyse stories (serve, demo, refresh, bench: withTagger) load the
// entity tagger; the others get topics from proper-noun phrases should they
// ever analyse one. Close the app when done.
func openApp(ctx context.Context, e *env, cfg config.Config, withTagger bool) (*app, error) {
	log := newLogger(e, cfg).With("instance", cfg.InstanceName)
	allow, err := fetch.ParseNetworks(cfg.AllowNetworks)
	if err != nil {
		return nil, usagef("--allow-networks: %v", err)
	}
	access, err := metricsAccess(cfg)
	if err != nil {
		return nil, err
	}
	store, err := openStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	fetcher := fetch.New(fetch.Options{AllowNetworks: allow, UserAgent: fmt.Sprintf("Herald/%s (+https://github.com/heraldnews/herald)", version)})
	runner := &jobs.Runner{Leases: store, Holder: cfg.InstanceName, Log: log}
	var pipe *ingest.Pipeline
	topts := ingest.TrainerOptions{Models: store, Exclusive: func(ctx context.Context, train func(context.Context)) bool {
		return runner.Once(ctx, jobs.Job{Name: "section-training", Interval: 10 * time.Minute, Run: train})
	}}
	topts.OnTrained = func(ctx context.Context) { reclassify(ctx, log, pipe) }
	trainer := ingest.NewTrainer(store, log, topts)
	hubs, err := newSubscriber(cfg, store, fetcher, log, func() *ingest.Pipeline { return pipe })
	if err != nil {
		store.Close()
		return nil, err
	}
	var finder analyze.EntityFinder
	memory := topicmem.New(store, log)
	if withTagger {
		finder = entityFinder(log)
		if err := memory.Load(ctx); err != nil {
			log.Warn("topic memory not loaded; topics learn afresh", "error", err)
		}
	}
	analyzer := analyze.New(finder, topic.NewResolver(topic.Options{Memory: memory}), trainer)
	m := metrics.New(cfg.InstanceName, store, log)
	store.ObserveQueries(m.Query)
	pipe = ingest.New(store, fetcher, analyzer, log, ingest.Options{
		MinInterval: cfg.PollInterval, Workers: cfg.Workers, AllowNetworks: allow, Sections: trainer, WebSub: webSubOption(hubs),
		Instance: cfg.InstanceName, Observer: m,
	})
	a := &app{cfg: cfg, log: log, store: store, fetcher: fetcher, pipeline: pipe, sections: trainer, websub: hubs, jobs: runner,
		analyzer: analyzer, memory: memory, allow: allow, metrics: m, metricsAccess: access, clusters: newClusterWorker(store)}
	a.auth = auth.New(store, auth.Options{SecureCookies: cfg.SecureCookies, Log: log, LoginState: auth.StoredState{Store: store}, FeedKeys: store})
	return a, nil
}

// topicMemorySync is how often an instance saves what its topic resolver
// learned and takes in what other instances learned.
const topicMemorySync = 30 * time.Second

// runBackground starts what serve and demo run beside the web server: the
// section model, the scheduler, WebSub renewals, webhook deliveries, token
// use, the topic memory's sync and pruning, story clustering.
func (a *app) runBackground(ctx context.Context) {
	go a.sections.Run(ctx, sectionRetrainEvery)
	go a.pipeline.Run(ctx, schedulerTick)
	go a.memory.Run(ctx, topicMemorySync)
	go a.jobs.Every(ctx, jobs.Job{Name: "topic-memory-prune", Interval: time.Hour, Run: func(ctx context.Context) {
		if err := a.memory.Prune(ctx); err != nil && ctx.Err() == nil {
			a.log.WarnContext(ctx, "topic memory not pruned", "error", err)
		}
	}})
	a.runWebSub(ctx)
	a.runWebhooks(ctx)
	a.runTokenUse(ctx)
	a.runImages(ctx)
	a.runClusters(ctx)
}

// runTokenUse writes when API tokens were last used, in the background, once
// a minute and when ctx ends or the app closes (see auth.Service.RunTokenUse).
func (a *app) runTokenUse(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.auth.RunTokenUse(ctx, 0)
	}()
	a.stopTokenUse = func() {
		cancel()
		<-done
	}
}

// reclassifyLimit is how many of the newest stories get a predicted section,
// when they have none, after each training of the section model.
const reclassifyLimit = 2000

// reclassify gives the newest stories without a section the new model's.
func reclassify(ctx context.Context, log *slog.Logger, pipe *ingest.Pipeline) {
	n, err := pipe.Reclassify(ctx, reclassifyLimit)
	if err != nil && ctx.Err() == nil {
		log.WarnContext(ctx, "stories not reclassified", "error", err, "changed", n)
		return
	}
	log.InfoContext(ctx, "stories reclassified", "changed", n)
}

// defaultTagger loads the embedded entity tagger; tests count its calls.
var defaultTagger = nlp.DefaultTagger

// entityFinder is the embedded entity tagger, or nil (proper-noun phrases)
// when it cannot be loaded.
func entityFinder(log *slog.Logger) analyze.EntityFinder {
	t, err := defaultTagger()
	if err != nil {
		log.Warn("entity tagger unavailable; using proper-noun phrases", "error", err)
		return nil
	}
	return analyze.NER{Tagger: t}
}

// Close makes the last flush of token use and of the topic memory, then
// closes the store.
func (a *app) Close() error {
	if a.stopTokenUse != nil {
		a.stopTokenUse()
	}
	a.memory.Sync(context.Background())
	return a.store.Close()
}

// handler is the whole HTTP surface: API, web pages, health checks.
func (a *app) handler() http.Handler {
	mux := http.NewServeMux()
	feed := &rank.Service{Store: a.store}
	ranked := a.rankedFeed()
	readers := a.cfg.ReadersAddSources
	api.Register(mux, api.Deps{Store: a.store, Feed: ranked, Auth: a.auth, Log: a.log, AddSource: a.pipeline.AddDiscovered,
		ImportSource: a.pipeline.ImportSource, ReadersAddSources: readers, Push: a.pipeline.Push, AllowNetworks: a.allow,
		Ranking: ranked})
	web.Register(mux, web.Deps{Store: a.store, Feed: ranked, Ranking: ranked, PublicHeadlines: a.cfg.PublicHeadlines, Auth: a.auth, Log: a.log, AddSource: a.pipeline.AddDiscovered,
		ImportSource: a.pipeline.ImportSource, ReadersAddSources: readers, Version: version, LoginHint: a.loginHint,
		Following: feed, Preview: a.pipeline.Preview})
	rd := &reading.Service{Store: a.store}
	greader.Register(mux, greader.Deps{Store: a.store, Feed: feed, Auth: a.auth, Reading: rd,
		Log: a.log, AddSource: a.pipeline.AddDiscovered, ReadersAddSources: readers})
	fever.Register(mux, fever.Deps{Store: a.store, Auth: a.auth, Reading: rd, Log: a.log})
	feedout.Register(mux, feedout.Deps{Store: a.store, Feed: feed, Auth: a.auth, Log: a.log, PublicURL: a.cfg.PublicURL})
	a.mountWebSub(mux)
	// The API and the web pages each guard against cross-origin requests and
	// answer them their own way (a JSON error, a page); WebSub callbacks come
	// from hubs, server to server, and carry their own signatures.
	if a.cfg.Metrics {
		mux.Handle("GET /metrics", a.metrics.Handler(a.metricsAccess))
	}
	return logRequests(a.log, a.metrics.Middleware(mux))
}

// rankedFeed is the learning feed, made once; its index of recent stories
// loads in the background (the feed serves follows meanwhile) and then
// follows new stories as requests come.
func (a *app) rankedFeed() *rank.Personal {
	if a.ranked != nil {
		return a.ranked
	}
	a.ranked = rank.NewPersonal(a.store)
	go func() {
		start := time.Now()
		if err := a.ranked.Load(context.Background()); err != nil {
			a.log.Warn("rank index not loaded", "error", err)
			return
		}
		a.log.Info("rank index loaded", "stories", a.ranked.Index.Len(), "seconds", time.Since(start).Seconds())
	}()
	return a.ranked
}

// logRequests logs each request once, at debug level, and slow or failed
// ones at info; a client that went away is only ever a debug line.
func logRequests(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		d := time.Since(start)
		level := slog.LevelDebug
		if (rec.status >= 500 || d > time.Second) && r.Context().Err() == nil {
			level = slog.LevelInfo
		}
		log.Log(r.Context(), level, "http request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"duration_ms", d.Milliseconds(), "client_gone", r.Context().Err() != nil)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// serveHTTP serves h on addr until ctx is done, then shuts down gracefully.
// ready, when not nil, is called with the bound address once listening.
func serveHTTP(ctx context.Context, log *slog.Logger, addr string, h http.Handler, ready func(addr string)) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second,
		IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	ln, err := listen(ctx, addr)
	if err != nil {
		return err
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve %s: %w", addr, err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// hostURL turns a listen address into a URL a person can open.
func hostURL(addr string) string {
	if strings.HasPrefix(addr, "0.0.0.0:") || strings.HasPrefix(addr, "[::]:") {
		addr = "127.0.0.1" + addr[strings.LastIndex(addr, ":"):]
	}
	return "http://" + addr + "/"
}

// listen opens a TCP listener on addr.
func listen(ctx context.Context, addr string) (net.Listener, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ln, nil
}
