package jobs

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/heraldnews/herald/internal/store"
)

func TestOnlyOneProcessRunsAJob(t *testing.T) {
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var runs atomic.Int32
	job := Job{Name: "renew", Interval: time.Minute, Run: func(context.Context) { runs.Add(1) }}
	a := &Runner{Leases: db, Holder: "a", Log: slog.New(slog.DiscardHandler)}
	b := &Runner{Leases: db, Holder: "b", Log: slog.New(slog.DiscardHandler)}
	if !a.Once(t.Context(), job) || b.Once(t.Context(), job) || !a.Once(t.Context(), job) {
		t.Fatal("want a to run twice and b never while a holds the lease")
	}
	if err := db.ReleaseLease(t.Context(), job.Name, "a"); err != nil {
		t.Fatal(err)
	}
	if !b.Once(t.Context(), job) {
		t.Error("b did not take over a released lease")
	}
	if got := runs.Load(); got != 3 {
		t.Errorf("job ran %d times, want 3", got)
	}
}

func TestEveryReleasesTheLeaseWhenItStops(t *testing.T) {
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ran := make(chan struct{}, 1)
	job := Job{Name: "train", Interval: time.Hour, Run: func(context.Context) { ran <- struct{}{} }}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		(&Runner{Leases: db, Holder: "a", Log: slog.New(slog.DiscardHandler)}).Every(ctx, job)
		close(done)
	}()
	<-ran
	cancel()
	<-done
	if ok, err := db.TryLease(t.Context(), job.Name, "b", time.Minute); err != nil || !ok {
		t.Errorf("lease after a stopped: %v, %v; want b to get it", ok, err)
	}
}
