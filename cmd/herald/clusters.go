package main

import (
	"context"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/cluster"
	"github.com/heraldnews/herald/internal/jobs"
)

// clusterEvery is how long the clustering worker sleeps once no story is
// waiting (serve, demo).
const clusterEvery = 5 * time.Second

// clusterJob is the clustering worker as a job: one instance at a time holds
// its lease and clusters every stored story not clustered yet, in id order.
func (a *app) clusterJob() jobs.Job {
	return jobs.Job{Name: "story-clusters", Interval: clusterEvery, Run: func(ctx context.Context) {
		start := time.Now()
		n, err := a.clusters.Drain(ctx)
		switch {
		case err != nil && ctx.Err() == nil && herald.ErrorCode(err) == herald.ECONFLICT:
			a.log.InfoContext(ctx, "story clusters: another worker saved first; reloading", "clustered", n)
		case err != nil && ctx.Err() == nil:
			a.log.WarnContext(ctx, "story clusters", "error", err, "clustered", n)
		case n > 0:
			a.log.InfoContext(ctx, "stories clustered", "stories", n, "seconds", time.Since(start).Seconds())
		}
	}}
}

// runClusters clusters new stories in the background until ctx ends.
func (a *app) runClusters(ctx context.Context) {
	go a.jobs.Every(ctx, a.clusterJob())
}

// clusterNow clusters the stories waiting, unless another instance holds
// the worker's lease (it clusters them then); refresh and the demo's first
// fetch call it so that the stories they stored leave clustered. It gives
// the lease back, so that a serving instance takes over at once.
func (a *app) clusterNow(ctx context.Context) {
	j := a.clusterJob()
	if a.jobs.Once(ctx, j) {
		a.jobs.Leases.ReleaseLease(context.WithoutCancel(ctx), j.Name, a.jobs.Holder)
	}
}

// newClusterWorker is the deployment's one clustering worker on st.
func newClusterWorker(st cluster.Store) *cluster.Worker {
	return &cluster.Worker{Store: st, Config: cluster.DefaultConfig()}
}
