package fetch

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/dns/dnsmessage"
)

// fakeDNS is a UDP DNS server for tests. Each name has a list of A answers
// given out in turn, the last one repeating: a rebinding attacker's zone.
type fakeDNS struct {
	pc      net.PacketConn
	mu      sync.Mutex
	answers map[string][]netip.Addr // lower-case FQDN → successive answers
	asked   map[string]int          // A queries per name
}

func newFakeDNS(t *testing.T, answers map[string][]netip.Addr) *fakeDNS {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Skipf("cannot listen for DNS: %v", err)
	}
	d := &fakeDNS{pc: pc, answers: answers, asked: map[string]int{}}
	t.Cleanup(func() { pc.Close() })
	go d.serve()
	return d
}

func (d *fakeDNS) serve() {
	buf := make([]byte, 1500)
	for {
		n, addr, err := d.pc.ReadFrom(buf)
		if err != nil {
			return
		}
		if reply, err := d.reply(buf[:n]); err == nil {
			d.pc.WriteTo(reply, addr)
		}
	}
}

func (d *fakeDNS) reply(query []byte) ([]byte, error) {
	var p dnsmessage.Parser
	h, err := p.Start(query)
	if err != nil {
		return nil, err
	}
	q, err := p.Question()
	if err != nil {
		return nil, err
	}
	addr, known := d.next(q)
	hdr := dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true, RecursionDesired: h.RecursionDesired, RecursionAvailable: true}
	if !known {
		hdr.RCode = dnsmessage.RCodeNameError
	}
	b := dnsmessage.NewBuilder(nil, hdr)
	if err := b.StartQuestions(); err != nil {
		return nil, err
	}
	if err := b.Question(q); err != nil {
		return nil, err
	}
	if err := b.StartAnswers(); err != nil {
		return nil, err
	}
	if addr.IsValid() {
		rh := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 0}
		if err := b.AResource(rh, dnsmessage.AResource{A: addr.As4()}); err != nil {
			return nil, err
		}
	}
	return b.Finish()
}

// next returns the answer for an A query (invalid for other types of a known
// name, which get an empty answer) and whether the name is known.
func (d *fakeDNS) next(q dnsmessage.Question) (netip.Addr, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	name := strings.ToLower(q.Name.String())
	list, ok := d.answers[name]
	if !ok || q.Type != dnsmessage.TypeA {
		return netip.Addr{}, ok
	}
	i := min(d.asked[name], len(list)-1)
	d.asked[name]++
	return list[i], true
}

func (d *fakeDNS) queries(name string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.asked[name]
}

// resolver sends every DNS query of the Go resolver to the fake server.
func (d *fakeDNS) resolver() *net.Resolver {
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var dialer net.Dialer
			return dialer.DialContext(ctx, "udp", d.pc.LocalAddr().String())
		},
	}
}

// twinOrigins starts one server on 127.0.0.2 and one on 127.0.0.1, on the same
// port, so one URL reaches either depending on what the name resolves to.
func twinOrigins(t *testing.T, public, private http.Handler) (*origin, *origin) {
	t.Helper()
	for range 10 {
		ln2, err := net.Listen("tcp", "127.0.0.2:0")
		if err != nil {
			t.Skipf("cannot listen on 127.0.0.2: %v", err)
		}
		ln1, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", ln2.Addr().(*net.TCPAddr).Port))
		if err != nil {
			ln2.Close()
			continue
		}
		return startOrigin(t, ln2, public), startOrigin(t, ln1, private)
	}
	t.Skip("no port free on both 127.0.0.2 and 127.0.0.1")
	return nil, nil
}

// TestDNSRebindingRefusedAtDial (A3): the name resolves to an allowed address
// first (127.0.0.2 stands in for a public one) and to 127.0.0.1 next. The
// pre-flight check cannot see it coming; the dial-time check refuses it.
func TestDNSRebindingRefusedAtDial(t *testing.T) {
	public, private := twinOrigins(t, text("public"), text("secret"))
	dns := newFakeDNS(t, map[string][]netip.Addr{
		"rebind.test.": {netip.MustParseAddr("127.0.0.2"), netip.MustParseAddr("127.0.0.1")},
	})
	allow := mustNetworks(t, "127.0.0.2/32")
	c := newClient(Options{AllowNetworks: allow}, dns.resolver())
	t.Cleanup(c.CloseIdleConnections)
	u := fmt.Sprintf("http://rebind.test:%d/", public.port())

	if err := CheckURL(u, allow); err != nil {
		t.Fatalf("pre-flight refused a host name: %v", err)
	}
	resp, err := c.Get(t.Context(), Request{URL: u})
	if err != nil || string(resp.Body) != "public" {
		t.Fatalf("first fetch (resolves to 127.0.0.2): %v, %v", resp, err)
	}
	c.CloseIdleConnections() // force a new dial, hence a new lookup

	_, err = c.Get(t.Context(), Request{URL: u})
	assertKind(t, err, ErrBlockedAddress, "fetch "+u+": address 127.0.0.1 is in a private or reserved network")
	if n := dns.queries("rebind.test."); n < 2 {
		t.Errorf("%d A queries, want a fresh lookup per dial", n)
	}
	if n := private.connsSoFar(t); n != 0 {
		t.Errorf("private server accepted %d connections, want 0", n)
	}
}

// TestRedirectToRebindingName: a redirect to a name that resolves to a private
// address passes the hop's pre-flight check (it is a name) and is refused when
// dialled.
func TestRedirectToRebindingName(t *testing.T) {
	toInternal := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, port, _ := net.SplitHostPort(r.Host)
		http.Redirect(w, r, "http://internal.test:"+port+"/secret", http.StatusMovedPermanently)
	})
	public, private := twinOrigins(t, toInternal, text("secret"))
	dns := newFakeDNS(t, map[string][]netip.Addr{
		"feed.test.":     {netip.MustParseAddr("127.0.0.2")},
		"internal.test.": {netip.MustParseAddr("127.0.0.1")},
	})
	c := newClient(Options{AllowNetworks: mustNetworks(t, "127.0.0.2/32")}, dns.resolver())
	t.Cleanup(c.CloseIdleConnections)
	start := fmt.Sprintf("http://feed.test:%d/", public.port())
	hop := fmt.Sprintf("http://internal.test:%d/secret", public.port())

	resp, err := c.Get(t.Context(), Request{URL: start})
	if resp != nil {
		t.Fatalf("got %q from the private server", resp.Body)
	}
	assertKind(t, err, ErrBlockedAddress, "fetch "+start+" (redirected to "+hop+"): address 127.0.0.1")
	if dns.queries("internal.test.") == 0 {
		t.Error("the redirect target was never resolved: refused for the wrong reason")
	}
	if n := private.connsSoFar(t); n != 0 {
		t.Errorf("private server accepted %d connections, want 0", n)
	}
}
