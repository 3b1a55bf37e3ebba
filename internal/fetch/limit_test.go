package fetch

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// inflightCounter is a handler that records the peak number of requests it
// serves at once.
type inflightCounter struct {
	now, peak atomic.Int32
	hold      time.Duration
}

func (h *inflightCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := h.now.Add(1)
	defer h.now.Add(-1)
	for p := h.peak.Load(); n > p && !h.peak.CompareAndSwap(p, n); p = h.peak.Load() {
	}
	time.Sleep(h.hold)
	w.Write([]byte("ok"))
}

func TestPerHostLimit(t *testing.T) {
	for _, tc := range []struct {
		name    string
		perHost int
		want    int32
	}{
		{"default", 0, DefaultPerHost},
		{"one", 1, 1},
		{"five", 5, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := &inflightCounter{hold: 15 * time.Millisecond}
			o := newOrigin(t, "127.0.0.1:0", h)
			c := testClient(t, Options{AllowNetworks: loopback, PerHost: tc.perHost})
			var wg sync.WaitGroup
			errs := make(chan error, 20)
			for range 20 {
				wg.Go(func() {
					if _, err := c.Get(t.Context(), Request{URL: o.URL}); err != nil {
						errs <- err
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			if got := h.peak.Load(); got != tc.want {
				t.Errorf("peak in flight = %d, want %d", got, tc.want)
			}
			c.limit.mu.Lock()
			n := len(c.limit.hosts)
			c.limit.mu.Unlock()
			if n != 0 {
				t.Errorf("limiter keeps %d idle hosts", n)
			}
		})
	}
}

// TestPerHostLimitFollowsRedirects: a redirect to another host takes a slot of
// that host, so the limit holds for the host that actually serves the request.
func TestPerHostLimitFollowsRedirects(t *testing.T) {
	h := &inflightCounter{hold: 15 * time.Millisecond}
	target := newOrigin(t, "127.0.0.1:0", h)
	c := testClient(t, Options{AllowNetworks: loopback})
	var wg sync.WaitGroup
	for i := range 12 {
		redirect := newOrigin(t, "127.0.0.2:0", http.RedirectHandler(target.URL, http.StatusFound))
		u := redirect.URL
		if i%2 == 0 {
			u = target.URL
		}
		wg.Go(func() {
			if _, err := c.Get(t.Context(), Request{URL: u}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := h.peak.Load(); got > DefaultPerHost {
		t.Errorf("peak in flight at the target = %d, want at most %d", got, DefaultPerHost)
	}
}

func TestPerHostWaitRespectsContext(t *testing.T) {
	release := make(chan struct{})
	var hits atomic.Int32
	o := newOrigin(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		<-release
	}))
	c := testClient(t, Options{AllowNetworks: loopback, PerHost: 1})
	first := make(chan error, 1)
	go func() {
		_, err := c.Get(context.Background(), Request{URL: o.URL})
		first <- err
	}()
	for hits.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Get(ctx, Request{URL: o.URL})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiting request: err = %v, want context.DeadlineExceeded", err)
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if hits.Load() != 1 {
		t.Errorf("server saw %d requests, want 1: the waiting one must not be sent", hits.Load())
	}
}

// TestPerHostWaitNotCharged: time queued for a slot does not count against
// Timeout, so a busy host's queue does not turn into timeouts.
func TestPerHostWaitNotCharged(t *testing.T) {
	o := newOrigin(t, "127.0.0.1:0", &inflightCounter{hold: 150 * time.Millisecond})
	c := testClient(t, Options{AllowNetworks: loopback, PerHost: 1, Timeout: 300 * time.Millisecond})
	var wg sync.WaitGroup
	for range 4 { // 4 × 150 ms queued behind one slot: 600 ms in total
		wg.Go(func() {
			if _, err := c.Get(t.Context(), Request{URL: o.URL}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}
