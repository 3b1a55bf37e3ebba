package store

import (
	"sync"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

func TestQueueState(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		now := time.Now().UTC().Truncate(time.Millisecond)
		for i, next := range []time.Time{now.Add(-time.Minute), now.Add(-time.Second), now.Add(time.Hour)} {
			src := &herald.Source{URL: "https://s" + string(rune('a'+i)) + ".example/feed", NextFetchAt: next}
			if err := db.CreateSource(ctx, src); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.ClaimDueSources(ctx, "web-1", now, 1, time.Minute); err != nil {
			t.Fatal(err)
		}
		if ok, err := db.TryLease(ctx, "webhooks", "web-1", time.Minute); err != nil || !ok {
			t.Fatal(ok, err)
		}
		q, err := db.QueueState(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		if q.Sources != 3 || q.Due != 2 || q.Claimed != 1 {
			t.Errorf("sources %d, due %d, claimed %d; want 3, 2, 1", q.Sources, q.Due, q.Claimed)
		}
		if len(q.Leases) != 1 || q.Leases[0].Name != "webhooks" || q.Leases[0].Holder != "web-1" || !q.Leases[0].Until.After(now) {
			t.Errorf("leases = %+v", q.Leases)
		}
		if len(q.Deliveries) != 0 {
			t.Errorf("deliveries = %v, want none", q.Deliveries)
		}
		if _, ok := db.PoolStats()["write"]; !ok {
			t.Error("PoolStats has no write pool")
		}
	})
}

func TestObserveQueries(t *testing.T) {
	db := openTemp(t)
	var mu sync.Mutex
	kinds := map[string]int{}
	db.ObserveQueries(func(kind string, d time.Duration) {
		mu.Lock()
		defer mu.Unlock()
		kinds[kind]++
	})
	ctx := t.Context()
	src := &herald.Source{URL: "https://a.example/feed"}
	if err := db.CreateSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Sources(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.SetRead(ctx, 1, nil, true); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpsertStory(ctx, &herald.Story{SourceID: src.ID, ExternalID: "x", Title: "X", PublishedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if kinds["read"] == 0 || kinds["write"] == 0 || kinds["transaction"] == 0 {
		t.Errorf("observed %v; want reads, writes and transactions", kinds)
	}
}
