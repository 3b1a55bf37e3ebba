package fetch

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// loopback is the test-only allow-list that opens 127.0.0.0/8.
var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}

// origin is an httptest server whose listener records every accepted
// connection, so a test can prove that nothing reached it.
type origin struct {
	*httptest.Server
	ln *recordingListener
}

type recordingListener struct {
	net.Listener
	mu      sync.Mutex
	remotes []string
}

func (l *recordingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.mu.Lock()
		l.remotes = append(l.remotes, c.RemoteAddr().String())
		l.mu.Unlock()
	}
	return c, err
}

func (l *recordingListener) index(remote string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Index(l.remotes, remote)
}

// newOrigin starts h on addr ("127.0.0.1:0" for the usual case).
func newOrigin(t testing.TB, addr string, h http.Handler) *origin {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	return startOrigin(t, ln, h)
}

func startOrigin(t testing.TB, ln net.Listener, h http.Handler) *origin {
	t.Helper()
	rl := &recordingListener{Listener: ln}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = rl
	srv.Start()
	t.Cleanup(srv.Close)
	return &origin{Server: srv, ln: rl}
}

// connsSoFar returns how many connections the origin accepted before now. It
// dials a probe and counts the connections accepted ahead of it; the accept
// queue is first in, first out, so no earlier connection can still be pending.
func (o *origin) connsSoFar(t *testing.T) int {
	t.Helper()
	probe, err := net.Dial("tcp", o.Listener.Addr().String())
	if err != nil {
		t.Fatalf("probe %s: %v", o.Listener.Addr(), err)
	}
	defer probe.Close()
	local := probe.LocalAddr().String()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if i := o.ln.index(local); i >= 0 {
			return i
		}
	}
	t.Fatal("probe connection never accepted")
	return -1
}

// port returns the origin's TCP port.
func (o *origin) port() int { return o.Listener.Addr().(*net.TCPAddr).Port }

func testClient(t testing.TB, opts Options) *Client {
	c := New(opts)
	t.Cleanup(c.CloseIdleConnections)
	return c
}

func text(s string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte(s))
	}
}

// assertKind fails unless err is an *Error of the given kind whose text
// contains every fragment.
func assertKind(t *testing.T, err, kind error, fragments ...string) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("err = %v, want %v", err, kind)
	}
	var fe *Error
	if !errors.As(err, &fe) {
		t.Fatalf("err %T is not a *fetch.Error", err)
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("err = %q, want it to contain %q", err, f)
		}
	}
	if got := herald.ErrorMessage(err); got != err.Error() {
		t.Errorf("herald.ErrorMessage = %q, want %q", got, err.Error())
	}
}
