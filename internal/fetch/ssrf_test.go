package fetch

import (
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/heraldnews/herald"
)

// TestDefaultRefusesLoopback proves the zero Options refuse loopback in every
// spelling, with a clear error, and that no connection reaches the server.
func TestDefaultRefusesLoopback(t *testing.T) {
	o := newOrigin(t, "127.0.0.1:0", text("secret"))
	c := testClient(t, Options{})
	p := o.port()
	urls := []string{
		o.URL + "/",
		fmt.Sprintf("http://localhost:%d/", p),
		fmt.Sprintf("http://[::ffff:127.0.0.1]:%d/", p),
		fmt.Sprintf("http://2130706433:%d/", p),
		fmt.Sprintf("http://0x7f.1:%d/", p),
		fmt.Sprintf("http://[::1]:%d/", p),
	}
	for _, u := range urls {
		resp, err := c.Get(t.Context(), Request{URL: u})
		if resp != nil {
			t.Errorf("Get(%s) returned a response", u)
		}
		assertKind(t, err, ErrBlockedAddress, "fetch "+u+": ", "(allow it with --allow-networks)")
		if herald.ErrorCode(err) != herald.EINVALID {
			t.Errorf("code = %q, want %q", herald.ErrorCode(err), herald.EINVALID)
		}
	}
	_, err := c.Get(t.Context(), Request{URL: o.URL + "/"})
	want := fmt.Sprintf("fetch %s/: address 127.0.0.1 is in a private or reserved network (allow it with --allow-networks)", o.URL)
	if err.Error() != want {
		t.Errorf("err = %q\nwant  %q", err, want)
	}
	if n := o.connsSoFar(t); n != 0 {
		t.Errorf("server accepted %d connections, want 0", n)
	}
}

// TestDialGuard checks the net.Dialer.Control hook on its own: it sees the
// address after resolution, so a name that resolves to loopback is refused too.
func TestDialGuard(t *testing.T) {
	o := newOrigin(t, "127.0.0.1:0", text("hi"))
	p := o.port()
	tests := []struct {
		name  string
		allow []netip.Prefix
		addr  string
		want  error
	}{
		{"loopback by default", nil, fmt.Sprintf("127.0.0.1:%d", p), ErrBlockedAddress},
		{"localhost resolves to loopback", nil, fmt.Sprintf("localhost:%d", p), ErrBlockedAddress},
		{"other loopback range", mustNetworks(t, "127.0.0.2/32"), fmt.Sprintf("127.0.0.1:%d", p), ErrBlockedAddress},
		{"allowed loopback", loopback, fmt.Sprintf("127.0.0.1:%d", p), nil},
	}
	accepted := 0
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := testClient(t, Options{AllowNetworks: tc.allow})
			conn, err := c.transport.DialContext(t.Context(), "tcp", tc.addr)
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				conn.Close()
				accepted++
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("dial %s: err = %v, want %v", tc.addr, err, tc.want)
			}
		})
	}
	if n := o.connsSoFar(t); n != accepted {
		t.Errorf("server accepted %d connections, want %d", n, accepted)
	}
}

// TestSchemesRefusedBeforeIO: only http and https, checked before any dial,
// for the first URL and for every redirect target (A5).
func TestSchemesRefusedBeforeIO(t *testing.T) {
	target := newOrigin(t, "127.0.0.1:0", text("should never be reached"))
	p := target.port()
	c := testClient(t, Options{AllowNetworks: loopback})
	for _, u := range []string{
		"file:///etc/passwd",
		fmt.Sprintf("gopher://127.0.0.1:%d/_GET%%20/", p),
		fmt.Sprintf("ftp://127.0.0.1:%d/feed.xml", p),
		fmt.Sprintf("ws://127.0.0.1:%d/", p),
		"data:text/plain,hello",
		"javascript:alert(1)",
	} {
		_, err := c.Get(t.Context(), Request{URL: u})
		assertKind(t, err, ErrScheme, "only http and https")
		req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader("x"))
		if req != nil {
			_, err = c.Do(t.Context(), req)
			assertKind(t, err, ErrScheme)
		}
	}

	redir := newOrigin(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	}))
	for _, to := range []string{"file:///etc/passwd", fmt.Sprintf("gopher://127.0.0.1:%d/", p), fmt.Sprintf("ftp://127.0.0.1:%d/", p)} {
		_, err := c.Get(t.Context(), Request{URL: redir.URL + "/?to=" + url.QueryEscape(to)})
		assertKind(t, err, ErrScheme, "redirected to "+to)
	}
	if n := target.connsSoFar(t); n != 0 {
		t.Errorf("target accepted %d connections, want 0", n)
	}
}

// TestRedirectIntoPrivateNetwork: the first host is allowed (127.0.0.2/32), its
// redirect to 127.0.0.1 in any spelling is refused on the hop (A2).
func TestRedirectIntoPrivateNetwork(t *testing.T) {
	private := newOrigin(t, "127.0.0.1:0", text("secret"))
	public := newOrigin(t, "127.0.0.2:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	}))
	p := private.port()
	c := testClient(t, Options{AllowNetworks: mustNetworks(t, "127.0.0.2/32")})
	for _, to := range []string{
		fmt.Sprintf("http://127.0.0.1:%d/secret", p),
		fmt.Sprintf("http://localhost:%d/secret", p),
		fmt.Sprintf("http://[::ffff:127.0.0.1]:%d/secret", p),
		fmt.Sprintf("http://2130706433:%d/secret", p),
	} {
		start := public.URL + "/?to=" + url.QueryEscape(to)
		resp, err := c.Get(t.Context(), Request{URL: start})
		if resp != nil {
			t.Errorf("redirect to %s: got a response", to)
		}
		assertKind(t, err, ErrBlockedAddress, "fetch "+start+" (redirected to "+to+"): ", "127.0.0.1")
	}
	if n := private.connsSoFar(t); n != 0 {
		t.Errorf("private server accepted %d connections, want 0", n)
	}

	// The same redirect succeeds once 127.0.0.1 is allowed: the setup is sound.
	open := testClient(t, Options{AllowNetworks: loopback})
	resp, err := open.Get(t.Context(), Request{URL: public.URL + "/?to=" + url.QueryEscape(private.URL+"/secret")})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "secret" || resp.URL != private.URL+"/secret" || resp.PermanentRedirect {
		t.Errorf("got body %q URL %s permanent %v", resp.Body, resp.URL, resp.PermanentRedirect)
	}
}
