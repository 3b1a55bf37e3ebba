package fetch

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// hostLimiter caps requests in flight per host. A host's entry lives only while
// someone holds or waits for one of its slots, so memory follows concurrency,
// not the number of hosts ever fetched.
type hostLimiter struct {
	per   int
	mu    sync.Mutex
	hosts map[string]*hostSlots
}

type hostSlots struct {
	slots chan struct{}
	refs  int // holders and waiters; guarded by hostLimiter.mu
}

func newHostLimiter(per int) *hostLimiter {
	return &hostLimiter{per: per, hosts: make(map[string]*hostSlots)}
}

// acquire waits for a slot for host, or until ctx is done. The returned release
// is idempotent.
func (l *hostLimiter) acquire(ctx context.Context, host string) (release func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s := l.ref(host)
	select {
	case s.slots <- struct{}{}:
		return sync.OnceFunc(func() {
			<-s.slots
			l.unref(host, s)
		}), nil
	case <-ctx.Done():
		l.unref(host, s)
		return nil, ctx.Err()
	}
}

func (l *hostLimiter) ref(host string) *hostSlots {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.hosts[host]
	if s == nil {
		s = &hostSlots{slots: make(chan struct{}, l.per)}
		l.hosts[host] = s
	}
	s.refs++
	return s
}

func (l *hostLimiter) unref(host string, s *hostSlots) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if s.refs--; s.refs == 0 {
		delete(l.hosts, host)
	}
}

// hostKey is the politeness key of a URL: its host name, lower case, no port.
func hostKey(u *url.URL) string {
	return strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
}

// heldHostKey marks, in a request context, the host whose slot the call
// already holds (the host of the URL it started with).
type heldHostKey struct{}

// limitTransport takes a per-host slot for every round trip to a host other
// than the one the call already holds (a redirect to another host), and gives
// it back when the response body is closed.
type limitTransport struct {
	base  http.RoundTripper
	limit *hostLimiter
}

func (t *limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	host := hostKey(req.URL)
	if held, _ := req.Context().Value(heldHostKey{}).(string); held == host {
		return t.base.RoundTrip(req)
	}
	release, err := t.limit.acquire(req.Context(), host)
	if err != nil {
		closeBody(req)
		return nil, err
	}
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		release()
		return nil, err
	}
	resp.Body = &releasingBody{ReadCloser: resp.Body, release: release}
	return resp, nil
}

type releasingBody struct {
	io.ReadCloser
	release func()
}

func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.release()
	return err
}
