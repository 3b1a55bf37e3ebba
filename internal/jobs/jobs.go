// Package jobs runs background work that must happen once across every
// Herald process sharing one database (WebSub renewals, section training,
// and any later scheduled job): a job runs only in the process that holds
// its named lease in the store.
package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/heraldnews/herald"
)

// Job is a named piece of work that one process at a time runs.
type Job struct {
	Name     string        // the lease's name, one per job
	Interval time.Duration // how often it runs
	Run      func(ctx context.Context)
}

// Runner runs jobs under leases held in Leases, as Holder.
type Runner struct {
	Leases herald.LeaseStore
	Holder string // this process's instance name
	Log    *slog.Logger
}

// ttl is how long a lease lasts: long enough to cover a slow run, short
// enough that another process takes over soon after this one dies.
func ttl(interval time.Duration) time.Duration { return max(3*interval, 2*time.Minute) }

// Every runs j now and then every j.Interval until ctx ends, each time only
// if this process holds (or can take) the job's lease; another process that
// holds it runs the job instead. The lease is given back when ctx ends.
// Run it in its own goroutine.
func (r *Runner) Every(ctx context.Context, j Job) {
	t := time.NewTicker(j.Interval)
	defer t.Stop()
	defer r.Leases.ReleaseLease(context.WithoutCancel(ctx), j.Name, r.Holder)
	for {
		r.Once(ctx, j)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Once runs j if this process holds or can take its lease, and reports
// whether it ran.
func (r *Runner) Once(ctx context.Context, j Job) bool {
	ok, err := r.Leases.TryLease(ctx, j.Name, r.Holder, ttl(j.Interval))
	if err != nil {
		if ctx.Err() == nil {
			r.Log.WarnContext(ctx, "job lease not taken", "job", j.Name, "error", err)
		}
		return false
	}
	if !ok {
		r.Log.DebugContext(ctx, "job runs in another instance", "job", j.Name)
		return false
	}
	j.Run(ctx)
	return true
}
