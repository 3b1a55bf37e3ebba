package fetch

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"time"
)

// LoopbackClient returns an HTTP client that reaches loopback addresses only,
// with up to conns connections kept open: for a process to measure a server
// it started itself (herald bench), never for fetching. A request to any
// other address fails before a connection is made.
func LoopbackClient(conns int) *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second}
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		ip, err := netip.ParseAddr(host)
		if err != nil || !ip.IsLoopback() {
			return nil, fmt.Errorf("loopback client: %s is not a loopback address", host)
		}
		return d.DialContext(ctx, network, addr)
	}
	return &http.Client{
		Transport: &http.Transport{DialContext: dial, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns},
		Timeout:   30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
