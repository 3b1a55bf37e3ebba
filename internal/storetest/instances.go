package storetest

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// instanceTests cover what lets several Herald processes share one store:
// claims on due sources, named leases and stored models.
var instanceTests = []namedTest{
	{"ClaimDueSources", testClaimDueSources},
	{"ClaimExpires", testClaimExpires},
	{"ClaimConcurrent", testClaimConcurrent},
	{"ReleaseClaims", testReleaseClaims},
	{"Lease", testLease},
	{"Model", testModel},
	{"LoginState", testLoginState},
}

// claimIDs claims for holder and returns the ids claimed.
func claimIDs(t *testing.T, s herald.Store, holder string, now time.Time, limit int, lease time.Duration) []int64 {
	t.Helper()
	srcs, err := s.ClaimDueSources(t.Context(), holder, now, limit, lease)
	if err != nil {
		t.Fatalf("ClaimDueSources(%s): %v", holder, err)
	}
	ids := make([]int64, len(srcs))
	for i, src := range srcs {
		ids[i] = src.ID
	}
	return ids
}

func testClaimDueSources(t *testing.T, s herald.Store) {
	ctx := t.Context()
	a := newSource(t, s, "https://a.example/feed", "A")
	b := newSource(t, s, "https://b.example/feed", "B")
	c := newSource(t, s, "https://c.example/feed", "C")
	newSource(t, s, "", "Push only")
	if err := s.RecordFetch(ctx, herald.FetchResult{SourceID: c.ID, FetchedAt: t0, NextFetchAt: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	diff(t, "first claim", []int64{a.ID}, claimIDs(t, s, "one", t0, 1, time.Minute))
	diff(t, "second claim skips the claimed source", []int64{b.ID}, claimIDs(t, s, "two", t0, 5, time.Hour))
	diff(t, "nothing left before c is due", []int64{}, claimIDs(t, s, "three", t0, 5, time.Minute))
	if err := s.RecordFetch(ctx, herald.FetchResult{SourceID: a.ID, FetchedAt: t0, NextFetchAt: t0.Add(30 * time.Minute), By: "one"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Source(ctx, a.ID)
	if err != nil || got.LastFetchedBy != "one" {
		t.Errorf("source a after RecordFetch = %+v, %v; want LastFetchedBy one", got, err)
	}
	later := t0.Add(45 * time.Minute)
	diff(t, "a is due again once fetched; b is still claimed", []int64{a.ID}, claimIDs(t, s, "three", later, 5, time.Minute))
	// A forced claim (zero now) judges leases by the store's clock, long
	// after t0: every source with a URL is claimable, once.
	diff(t, "forced claim takes every source", []int64{a.ID, b.ID, c.ID}, sorted(claimIDs(t, s, "four", time.Time{}, 0, time.Minute)))
	diff(t, "forced claim again: all claimed", []int64{}, claimIDs(t, s, "five", time.Time{}, 0, time.Minute))
	_, err = s.ClaimDueSources(ctx, "", t0, 1, time.Minute)
	wantCode(t, err, herald.EINVALID)
}

func testClaimExpires(t *testing.T, s herald.Store) {
	a := newSource(t, s, "https://a.example/feed", "A")
	diff(t, "claim", []int64{a.ID}, claimIDs(t, s, "dies", t0, 5, time.Minute))
	diff(t, "claimed within the lease", []int64{}, claimIDs(t, s, "other", t0.Add(59*time.Second), 5, time.Minute))
	diff(t, "claimed again after the lease", []int64{a.ID}, claimIDs(t, s, "other", t0.Add(time.Minute), 5, time.Minute))
}

// testClaimConcurrent: three holders claim 60 sources from six goroutines at
// once, one or four at a time; every source goes to exactly one of them, and
// no claim takes more than its limit.
func testClaimConcurrent(t *testing.T, s herald.Store) {
	const n = 60
	for i := range n {
		newSource(t, s, fmt.Sprintf("https://s%d.example/feed", i), fmt.Sprint(i))
	}
	var mu sync.Mutex
	var all []int64
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Go(func() {
			for {
				limit := 1 + 3*(g%2)
				srcs, err := s.ClaimDueSources(t.Context(), fmt.Sprintf("holder-%d", g%3), t0, limit, time.Minute)
				if err != nil {
					t.Errorf("ClaimDueSources: %v", err)
					return
				}
				if len(srcs) > limit {
					t.Errorf("a claim of at most %d took %d sources", limit, len(srcs))
				}
				if len(srcs) == 0 {
					return
				}
				mu.Lock()
				for _, src := range srcs {
					all = append(all, src.ID)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	slices.Sort(all)
	if len(all) != n || len(slices.Compact(slices.Clone(all))) != n {
		t.Errorf("claimed %d sources (%d distinct), want each of %d once", len(all), len(slices.Compact(all)), n)
	}
}

func testReleaseClaims(t *testing.T, s herald.Store) {
	a := newSource(t, s, "https://a.example/feed", "A")
	claimIDs(t, s, "stopping", t0, 5, time.Hour)
	if err := s.ReleaseClaims(t.Context(), "stopping"); err != nil {
		t.Fatal(err)
	}
	diff(t, "released source is claimable at once", []int64{a.ID}, claimIDs(t, s, "other", t0, 5, time.Hour))
}

func testLease(t *testing.T, s herald.Store) {
	ctx := t.Context()
	try := func(holder string, ttl time.Duration) bool {
		t.Helper()
		ok, err := s.TryLease(ctx, "job", holder, ttl)
		if err != nil {
			t.Fatalf("TryLease(%s): %v", holder, err)
		}
		return ok
	}
	if !try("a", 200*time.Millisecond) {
		t.Fatal("a did not get a free lease")
	}
	if try("b", time.Minute) {
		t.Fatal("b got a lease a holds")
	}
	if !try("a", 200*time.Millisecond) {
		t.Fatal("a could not renew its own lease")
	}
	if other, err := s.TryLease(ctx, "other-job", "b", time.Minute); err != nil || !other {
		t.Errorf("leases are not per name: %v, %v", other, err)
	}
	time.Sleep(250 * time.Millisecond)
	if !try("b", time.Minute) {
		t.Fatal("b did not get the lease after a's ran out")
	}
	if try("a", time.Minute) {
		t.Fatal("a took back a lease b holds")
	}
	if err := s.ReleaseLease(ctx, "job", "a"); err != nil {
		t.Fatal(err)
	}
	if try("a", time.Minute) {
		t.Fatal("a's release of a lease it does not hold freed b's")
	}
	if err := s.ReleaseLease(ctx, "job", "b"); err != nil {
		t.Fatal(err)
	}
	if !try("a", time.Minute) {
		t.Fatal("a did not get a released lease")
	}
	_, err := s.TryLease(ctx, "job", "", time.Minute)
	wantCode(t, err, herald.EINVALID)
}

func testModel(t *testing.T, s herald.Store) {
	ctx := t.Context()
	_, err := s.ModelVersion(ctx, "section")
	wantCode(t, err, herald.ENOTFOUND)
	_, _, err = s.Model(ctx, "section")
	wantCode(t, err, herald.ENOTFOUND)
	for i, data := range [][]byte{{1, 2, 3}, {0, 255, 7, 9}} {
		v, err := s.SaveModel(ctx, "section", data)
		if err != nil || v != int64(i+1) {
			t.Fatalf("SaveModel #%d = %d, %v; want version %d", i+1, v, err, i+1)
		}
		got, gv, err := s.Model(ctx, "section")
		if err != nil || gv != v || string(got) != string(data) {
			t.Errorf("Model = %v, %d, %v; want %v, %d", got, gv, err, data, v)
		}
		if cur, err := s.ModelVersion(ctx, "section"); err != nil || cur != v {
			t.Errorf("ModelVersion = %d, %v; want %d", cur, err, v)
		}
	}
}

// sorted returns ids in increasing order.
func sorted(ids []int64) []int64 {
	slices.Sort(ids)
	return ids
}

func testLoginState(t *testing.T, s herald.Store) {
	ctx := t.Context()
	for i := range 5 {
		if err := s.AddLoginFailure(ctx, "pair:ada:1.2.3.4", t0.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddLoginFailure(ctx, "addr:1.2.3.4", t0); err != nil {
		t.Fatal(err)
	}
	got, err := s.LoginFailures(ctx, "pair:ada:1.2.3.4", t0.Add(time.Minute), 2)
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "newest two failures after since, oldest first", []time.Time{t0.Add(3 * time.Minute), t0.Add(4 * time.Minute)}, got)
	if err := s.ClearLoginFailures(ctx, "pair:ada:1.2.3.4"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.LoginFailures(ctx, "pair:ada:1.2.3.4", time.Time{}, 10); err != nil || len(got) != 0 {
		t.Errorf("failures after clearing = %v, %v; want none", got, err)
	}
	if got, err := s.LoginFailures(ctx, "addr:1.2.3.4", time.Time{}, 10); err != nil || len(got) != 1 {
		t.Errorf("other key's failures = %v, %v; want its one, untouched", got, err)
	}
	a, err := s.Secret(ctx, "device-cookie", 32)
	if err != nil || len(a) != 32 {
		t.Fatalf("Secret = %d bytes, %v; want 32", len(a), err)
	}
	b, _ := s.Secret(ctx, "device-cookie", 32)
	c, _ := s.Secret(ctx, "other", 32)
	if string(a) != string(b) || string(a) == string(c) {
		t.Error("a secret must be the same on every call and differ from other secrets")
	}
}
