// Package ingest brings stories in: it picks the sources that are due, fetches
// them, parses, cleans and understands their items, and stores the stories. One
// failing source fails alone: its error is recorded on the source and the others
// go on.
package ingest

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"runtime/debug"
	"sync"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/analyze"
	"github.com/heraldnews/herald/internal/fetch"
)

// Options tune the pipeline. Zero values mean the defaults.
type Options struct {
	MinInterval time.Duration // shortest polling interval (default 15 min)
	MaxInterval time.Duration // longest polling interval (default 6 h)
	Workers     int           // sources fetched at once (default 4)
	Batch       int           // most sources taken per round (default 500)
	// AllowNetworks are the private ranges that sources may be on, as given to the
	// fetcher; AddSource refuses other non-public URLs up front.
	AllowNetworks []netip.Prefix
	// Sections, when set, is told the section source of every new story (a
	// *Trainer counts the weak labels towards its next retraining).
	Sections interface{ Note(sectionSource string) }
	// WebSub, when set, subscribes to the hubs that feeds name, and sources
	// whose hub pushes are polled only every MaxInterval.
	WebSub WebSub
	// Instance names this process among several sharing one database; it
	// claims the sources it fetches under this name (default "herald").
	Instance string
	// ClaimLease is how long a claimed source stays this instance's before
	// another may take it, should this one die mid-fetch (default 10 min:
	// longer than any fetch with its full-text pages takes).
	ClaimLease time.Duration
	// Observer, when set, is told what ingest does (metrics).
	Observer Observer
}

// Observer is told what ingest does, for metrics. Its methods must be safe
// for concurrent use and quick.
type Observer interface {
	// Fetched reports a fetch of a source: "ok", "not_modified", "error"
	// (the fetch failed) or "parse_error" (the feed could not be read).
	Fetched(result string)
	// Stage reports how long one stage took: "fetch", "parse", "analyze"
	// (one story: cleaning, full text, tagging) or "store" (one batch).
	Stage(stage string, d time.Duration)
	// Stored reports what a batch store did.
	Stored(created, updated, duplicates int)
}

// nopObserver observes nothing.
type nopObserver struct{}

func (nopObserver) Fetched(string)              {}
func (nopObserver) Stage(string, time.Duration) {}
func (nopObserver) Stored(int, int, int)        {}

func (o *Options) defaults() {
	if o.MinInterval <= 0 {
		o.MinInterval = 15 * time.Minute
	}
	if o.MaxInterval < o.MinInterval {
		o.MaxInterval = max(6*time.Hour, o.MinInterval)
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.Batch <= 0 {
		o.Batch = 500
	}
	if o.Instance == "" {
		o.Instance = "herald"
	}
	if o.ClaimLease <= 0 {
		o.ClaimLease = 10 * time.Minute
	}
	if o.Observer == nil {
		o.Observer = nopObserver{}
	}
}

// Pipeline is the ingest path. Build it with New; it is safe for concurrent use.
type Pipeline struct {
	store    herald.Store
	fetcher  *fetch.Client
	analyzer *analyze.Analyzer
	log      *slog.Logger
	opts     Options
	now      func() time.Time
	kick     chan struct{}

	unreachable unreachableHosts // article hosts that full-text fetches skip for a while
}

// New returns a pipeline.
func New(store herald.Store, fetcher *fetch.Client, analyzer *analyze.Analyzer, log *slog.Logger, opts Options) *Pipeline {
	opts.defaults()
	return &Pipeline{store: store, fetcher: fetcher, analyzer: analyzer, log: log, opts: opts, now: time.Now, kick: make(chan struct{}, 1)}
}

// Stats counts what one refresh round did.
type Stats struct {
	Sources     int `json:"sources"`
	Failed      int `json:"failed"`
	NotModified int `json:"not_modified"`
	New         int `json:"new"`
	Updated     int `json:"updated"`
	Duplicates  int `json:"duplicates"`
	Unchanged   int `json:"unchanged"` // items the source already held as they are
}

func (s *Stats) add(o Stats) {
	s.Sources += o.Sources
	s.Failed += o.Failed
	s.NotModified += o.NotModified
	s.New += o.New
	s.Updated += o.Updated
	s.Duplicates += o.Duplicates
	s.Unchanged += o.Unchanged
}

// RefreshDue fetches the sources that are due, with Workers at once, and
// returns what it did. Each worker claims one due source at a time, one that
// no other instance sharing the store has claimed, until none is due, so
// several instances share a round source by source. With force, every
// source is fetched once: up to Batch of them are claimed at the start. Each
// fetch releases its claim; claims left when ctx ends are given back, so
// that another instance takes them at once. It returns an error only when no
// source could be claimed; per-source failures are counted and recorded.
func (p *Pipeline) RefreshDue(ctx context.Context, force bool) (Stats, error) {
	next, err := p.claimer(ctx, force)
	if err != nil {
		return Stats{}, err
	}
	defer func() {
		if ctx.Err() != nil {
			if err := p.store.ReleaseClaims(context.WithoutCancel(ctx), p.opts.Instance); err != nil {
				p.log.WarnContext(ctx, "claims not released", "error", err)
			}
		}
	}()
	var (
		mu    sync.Mutex
		total Stats
		first error
		wg    sync.WaitGroup
	)
	for range p.opts.Workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				src, err := next()
				if err != nil {
					mu.Lock()
					first = cmp.Or(first, err)
					mu.Unlock()
					return
				}
				if src == nil {
					return
				}
				st := p.refreshOne(ctx, src)
				mu.Lock()
				total.add(st)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if first != nil && total.Sources == 0 {
		return total, first
	}
	return total, ctx.Err()
}

// claimer returns a function that hands out the next source to fetch (nil
// when there is none), claimed for this instance.
func (p *Pipeline) claimer(ctx context.Context, force bool) (func() (*herald.Source, error), error) {
	if !force {
		return func() (*herald.Source, error) {
			srcs, err := p.store.ClaimDueSources(ctx, p.opts.Instance, p.now(), 1, p.opts.ClaimLease)
			if err != nil {
				return nil, fmt.Errorf("refresh: claim due sources: %w", err)
			}
			if len(srcs) == 0 {
				return nil, nil
			}
			return srcs[0], nil
		}, nil
	}
	srcs, err := p.store.ClaimDueSources(ctx, p.opts.Instance, time.Time{}, p.opts.Batch, p.opts.ClaimLease)
	if err != nil {
		return nil, fmt.Errorf("refresh: claim sources: %w", err)
	}
	var mu sync.Mutex
	return func() (*herald.Source, error) {
		mu.Lock()
		defer mu.Unlock()
		if len(srcs) == 0 {
			return nil, nil
		}
		src := srcs[0]
		srcs = srcs[1:]
		return src, nil
	}, nil
}

// refreshOne refreshes a source, turning a panic into a recorded error.
func (p *Pipeline) refreshOne(ctx context.Context, src *herald.Source) (st Stats) {
	defer func() {
		if r := recover(); r != nil {
			p.log.ErrorContext(ctx, "refresh panicked", "source_id", src.ID, "panic", r, "stack", string(debug.Stack()))
			st = Stats{Sources: 1, Failed: 1}
			p.recordFailure(ctx, src, fmt.Errorf("internal error while processing the feed"), 0)
		}
	}()
	st, err := p.RefreshSource(ctx, src)
	if err != nil {
		p.log.WarnContext(ctx, "refresh failed", "source_id", src.ID, "url", src.URL, "error", err)
	}
	return st
}

// Kick asks the scheduler to look for due sources now.
func (p *Pipeline) Kick() {
	select {
	case p.kick <- struct{}{}:
	default:
	}
}

// Run refreshes due sources every tick until ctx is done.
func (p *Pipeline) Run(ctx context.Context, tick time.Duration) {
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		st, err := p.RefreshDue(ctx, false)
		if err != nil && ctx.Err() == nil {
			p.log.ErrorContext(ctx, "refresh round failed", "error", err)
		}
		if st.Sources > 0 {
			p.log.InfoContext(ctx, "refresh round", "sources", st.Sources, "failed", st.Failed, "new", st.New, "updated", st.Updated)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-p.kick:
		}
	}
}
