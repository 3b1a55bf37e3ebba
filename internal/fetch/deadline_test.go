package fetch

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// TestDeadlineCutsOffDrip: a server that sends headers and then one byte at a
// time is cut off by the whole-request deadline, while another request on
// another server, made meanwhile by the same client, succeeds (A9).
func TestDeadlineCutsOffDrip(t *testing.T) {
	started := make(chan struct{})
	stopped := make(chan struct{})
	drip := newOrigin(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(stopped)
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		close(started)
		for {
			select {
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Millisecond):
				w.Write([]byte("x"))
				w.(http.Flusher).Flush()
			}
		}
	}))
	fast := newOrigin(t, "127.0.0.1:0", text("fresh"))
	const timeout = 400 * time.Millisecond
	c := testClient(t, Options{AllowNetworks: loopback, Timeout: timeout})

	type result struct {
		err     error
		elapsed time.Duration
	}
	done := make(chan result, 1)
	go func() {
		start := time.Now()
		_, err := c.Get(t.Context(), Request{URL: drip.URL})
		done <- result{err, time.Since(start)}
	}()
	<-started
	resp, err := c.Get(t.Context(), Request{URL: fast.URL})
	if err != nil || string(resp.Body) != "fresh" {
		t.Fatalf("fast server during drip: %v, %v", resp, err)
	}
	select {
	case r := <-done:
		assertKind(t, r.err, ErrTimeout, "fetch "+drip.URL+": ", "within 400ms")
		if r.elapsed < timeout || r.elapsed > timeout+2*time.Second {
			t.Errorf("drip cut off after %s, want about %s", r.elapsed, timeout)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("drip request never ended")
	}
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("drip handler still running: connection not closed")
	}
}

func TestDeadlineBeforeHeaders(t *testing.T) {
	o := newOrigin(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	c := testClient(t, Options{AllowNetworks: loopback, Timeout: 200 * time.Millisecond})
	_, err := c.Get(t.Context(), Request{URL: o.URL})
	assertKind(t, err, ErrTimeout)
}

func TestCallerCancellation(t *testing.T) {
	o := newOrigin(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	c := testClient(t, Options{AllowNetworks: loopback})
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	_, err := c.Get(ctx, Request{URL: o.URL})
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrTimeout) {
		t.Errorf("err = %v, want the caller's context.DeadlineExceeded", err)
	}
}
