package metrics

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// scrapeTimeout bounds the store reads of one scrape.
const scrapeTimeout = 2 * time.Second

var (
	poolOpen = prometheus.NewDesc("herald_store_pool_connections", "Store connections, by pool (read, write) and state (in_use, idle).",
		[]string{"pool", "state"}, nil)
	poolWaits = prometheus.NewDesc("herald_store_pool_waits_total", "Times a query waited for a free connection, by pool.",
		[]string{"pool"}, nil)
	poolWaited = prometheus.NewDesc("herald_store_pool_wait_seconds_total", "Seconds queries waited for a free connection, by pool.",
		[]string{"pool"}, nil)
	sources = prometheus.NewDesc("herald_sources", "Sources, by state: all, due (a fetch is due), claimed (an instance is fetching it).",
		[]string{"state"}, nil)
	leaseHeld = prometheus.NewDesc("herald_job_lease_held", "1 when this instance holds the background job's lease, else 0.",
		[]string{"job"}, nil)
	leaseLeft = prometheus.NewDesc("herald_job_lease_seconds_left", "Seconds until the background job's lease runs out (negative: lapsed).",
		[]string{"job", "holder"}, nil)
	deliveries = prometheus.NewDesc("herald_webhook_deliveries", "Webhook deliveries, by state: pending, delivered, failed.",
		[]string{"state"}, nil)
	scrapeErrors = prometheus.NewDesc("herald_metrics_scrape_errors", "1 when the store could not be read for this scrape.", nil, nil)
)

// stateCollector reads the pools and the queues at scrape time.
type stateCollector struct {
	src      Source
	instance string
	log      *slog.Logger
}

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolOpen, poolWaits, poolWaited, sources, leaseHeld, leaseLeft, deliveries, scrapeErrors} {
		ch <- d
	}
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	for pool, st := range c.src.PoolStats() {
		ch <- prometheus.MustNewConstMetric(poolOpen, prometheus.GaugeValue, float64(st.InUse), pool, "in_use")
		ch <- prometheus.MustNewConstMetric(poolOpen, prometheus.GaugeValue, float64(st.Idle), pool, "idle")
		ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(st.WaitCount), pool)
		ch <- prometheus.MustNewConstMetric(poolWaited, prometheus.CounterValue, st.WaitDuration.Seconds(), pool)
	}
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	now := time.Now()
	q, err := c.src.QueueState(ctx, now)
	failed := 0.0
	if err != nil {
		c.log.Warn("metrics: queue state not read", "error", err)
		failed = 1
	}
	ch <- prometheus.MustNewConstMetric(scrapeErrors, prometheus.GaugeValue, failed)
	if err != nil {
		return
	}
	for state, n := range map[string]int{"all": q.Sources, "due": q.Due, "claimed": q.Claimed} {
		ch <- prometheus.MustNewConstMetric(sources, prometheus.GaugeValue, float64(n), state)
	}
	for _, l := range q.Leases {
		held := 0.0
		if l.Holder == c.instance && l.Until.After(now) {
			held = 1
		}
		ch <- prometheus.MustNewConstMetric(leaseHeld, prometheus.GaugeValue, held, l.Name)
		ch <- prometheus.MustNewConstMetric(leaseLeft, prometheus.GaugeValue, l.Until.Sub(now).Seconds(), l.Name, l.Holder)
	}
	for _, state := range []string{"pending", "delivered", "failed"} {
		ch <- prometheus.MustNewConstMetric(deliveries, prometheus.GaugeValue, float64(q.Deliveries[state]), state)
	}
}
