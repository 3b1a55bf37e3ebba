// Package metrics exposes Herald's Prometheus metrics: ingest (fetches by
// result, stories stored, seconds per stage), HTTP (requests by route and
// status, latency), the store (query latency, connection pools) and the
// work queues (sources due and claimed, job leases, webhook deliveries),
// beside the Go runtime's and the process's. The README lists them.
//
// /metrics is served only to those the operator lets in: clients on the
// allowed networks (by default the machine itself), or anyone sending the
// operator's token as "Authorization: Bearer TOKEN".
package metrics

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/heraldnews/herald"
)

// Source is what the scrape-time metrics read: the store's pools and the
// work queues (internal/store's *DB).
type Source interface {
	PoolStats() map[string]sql.DBStats
	QueueState(ctx context.Context, now time.Time) (*herald.QueueState, error)
}

// Metrics is Herald's registry and instruments. Build it with New.
type Metrics struct {
	reg      *prometheus.Registry
	instance string

	fetches  *prometheus.CounterVec
	stored   *prometheus.CounterVec
	stages   *prometheus.HistogramVec
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	inFlight prometheus.Gauge
	queries  *prometheus.HistogramVec
}

// latencyBuckets cover 0.5 ms to 10 s: pages answer in milliseconds, a slow
// feed fetch in seconds.
var latencyBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// New returns the metrics of instance (its --instance-name), reading
// scrape-time state from src (nil leaves those out).
func New(instance string, src Source, log *slog.Logger) *Metrics {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	m := &Metrics{reg: prometheus.NewRegistry(), instance: instance}
	f := factory{m.reg}
	m.fetches = f.counter("herald_ingest_fetches_total", "Feed fetches, by result: ok, not_modified, error, parse_error.", "result")
	m.stored = f.counter("herald_ingest_stories_total", "Stories stored by ingest, by outcome: created, updated, duplicate.", "outcome")
	m.stages = f.histogram("herald_ingest_stage_seconds", "Seconds one ingest stage took: fetch and parse (one feed), analyze (one story), store (one batch).",
		latencyBuckets, "stage")
	m.requests = f.counter("herald_http_requests_total", "HTTP requests answered, by route pattern, method and status code.", "route", "method", "status")
	m.latency = f.histogram("herald_http_request_duration_seconds", "Seconds to answer an HTTP request, by route pattern and method.",
		latencyBuckets, "route", "method")
	m.inFlight = prometheus.NewGauge(prometheus.GaugeOpts{Name: "herald_http_requests_in_flight", Help: "HTTP requests being answered."})
	m.queries = f.histogram("herald_store_query_seconds", "Seconds a store query took, by kind: read (until its first row), write (one statement), transaction.",
		latencyBuckets, "kind")
	m.reg.MustRegister(m.inFlight, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "herald_build_info", Help: "Always 1; the instance label names this process.",
			ConstLabels: prometheus.Labels{"instance_name": instance}}, func() float64 { return 1 }))
	if src != nil {
		m.reg.MustRegister(&stateCollector{src: src, instance: instance, log: log})
	}
	return m
}

// factory registers instruments.
type factory struct{ reg *prometheus.Registry }

func (f factory) counter(name, help string, labels ...string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	f.reg.MustRegister(c)
	return c
}

func (f factory) histogram(name, help string, buckets []float64, labels ...string) *prometheus.HistogramVec {
	h := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets}, labels)
	f.reg.MustRegister(h)
	return h
}

// Fetched counts a fetch by result (ingest.Observer).
func (m *Metrics) Fetched(result string) { m.fetches.WithLabelValues(result).Inc() }

// Stage observes how long an ingest stage took (ingest.Observer).
func (m *Metrics) Stage(stage string, d time.Duration) {
	m.stages.WithLabelValues(stage).Observe(d.Seconds())
}

// Stored counts what a batch store did (ingest.Observer).
func (m *Metrics) Stored(created, updated, duplicates int) {
	m.stored.WithLabelValues("created").Add(float64(created))
	m.stored.WithLabelValues("updated").Add(float64(updated))
	m.stored.WithLabelValues("duplicate").Add(float64(duplicates))
}

// Query observes how long a store query took, by kind (store.ObserveQueries).
func (m *Metrics) Query(kind string, d time.Duration) {
	m.queries.WithLabelValues(kind).Observe(d.Seconds())
}

// Middleware counts and times every request next answers, by the route
// pattern ServeMux matched (unmatched ones as "unmatched"), so that label
// values stay few.
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		m.inFlight.Inc()
		defer m.inFlight.Dec()
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		} else if _, path, ok := strings.Cut(route, " "); ok {
			route = path // the method has its own label
		}
		m.requests.WithLabelValues(route, r.Method, strconv.Itoa(rec.status)).Inc()
		m.latency.WithLabelValues(route, r.Method).Observe(time.Since(start).Seconds())
	})
}

// recorder keeps the status a handler wrote.
type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Access says who may read /metrics.
type Access struct {
	// Token, when set, admits anyone sending "Authorization: Bearer TOKEN".
	Token string
	// Networks admit clients whose address (the peer's, never a forwarding
	// header) is in one of them.
	Networks []netip.Prefix
}

// Handler serves the metrics in the Prometheus text format to the clients
// access admits; others get 403 (401 when a token is set and they sent a
// wrong one or none).
func (m *Metrics) Handler(access Access) http.Handler {
	serve := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !access.admits(r) {
			status := http.StatusForbidden
			if access.Token != "" {
				w.Header().Set("WWW-Authenticate", `Bearer realm="herald metrics"`)
				status = http.StatusUnauthorized
			}
			http.Error(w, "metrics are for the operator: send the metrics token, or ask from an allowed network", status)
			return
		}
		serve.ServeHTTP(w, r)
	})
}

func (a Access) admits(r *http.Request) bool {
	if a.Token != "" {
		if got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok &&
			subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(a.Token)) == 1 {
			return true
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	addr = addr.Unmap()
	for _, p := range a.Networks {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}
