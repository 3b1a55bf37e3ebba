package ingest

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/heraldnews/herald/internal/fetch"
)

// unreachableFor is how long full-text fetches skip a host whose last fetch
// failed before any HTTP answer (no such host, refused, unreachable, refused
// by the private-network guard).
const unreachableFor = 10 * time.Minute

// unreachableHosts remembers article hosts that could not be reached, so that
// a feed of fifty summaries on a host that does not resolve costs one failed
// lookup, not fifty (each may wait seconds for the resolver). Feed fetches do
// not use it: each source has its own back-off.
type unreachableHosts struct {
	mu    sync.Mutex
	until map[string]time.Time
}

// skip reports whether rawURL's host failed recently.
func (u *unreachableHosts) skip(rawURL string, now time.Time) bool {
	host := hostOf(rawURL)
	u.mu.Lock()
	defer u.mu.Unlock()
	t, ok := u.until[host]
	if ok && !now.Before(t) {
		delete(u.until, host)
		return false
	}
	return ok
}

// note records the outcome of a fetch of rawURL: a failure that says nothing
// about one page (the host did not answer at all) marks the host.
func (u *unreachableHosts) note(rawURL string, err error, now time.Time) {
	if !hostFailure(err) {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.until == nil {
		u.until = make(map[string]time.Time)
	}
	if len(u.until) > 10_000 { // bounded: forget the oldest marks all at once
		clear(u.until)
	}
	u.until[hostOf(rawURL)] = now.Add(unreachableFor)
}

// hostFailure reports whether err means the host, not the page, is out of
// reach. An HTTP status, a timeout while a server was answering, or the
// caller's cancellation is not.
func hostFailure(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var he *fetch.HTTPError
	if errors.As(err, &he) {
		return false
	}
	var dnsErr *net.DNSError
	var opErr *net.OpError
	return errors.Is(err, fetch.ErrBlockedAddress) || errors.As(err, &dnsErr) ||
		errors.As(err, &opErr) && opErr.Op == "dial"
}

func hostOf(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	return strings.ToLower(u.Host)
}
