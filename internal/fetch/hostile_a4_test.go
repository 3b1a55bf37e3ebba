package fetch

import (
	"errors"
	"net/netip"
	"testing"
)

// TestHostileA4_AlternateIPEncodings: every encoding listed in hostile-cases
// A4 is classified non-public and refused twice over: by Get before any I/O,
// where the URL spells the address, and by the dial-time check, where a DNS
// name (an A or AAAA record) resolves to it.
func TestHostileA4_AlternateIPEncodings(t *testing.T) {
	tests := []struct{ url, addr string }{
		{"http://[::ffff:169.254.169.254]/", "::ffff:169.254.169.254"}, // IPv4-mapped metadata
		{"http://[64:ff9b::a9fe:a9fe]/", "64:ff9b::a9fe:a9fe"},         // NAT64 metadata
		{"http://[2002:a9fe:a9fe::]/", "2002:a9fe:a9fe::"},             // 6to4 metadata
		{"http://[::127.0.0.1]/", "::127.0.0.1"},                       // IPv4-compatible loopback
		{"http://2852039166/", "169.254.169.254"},                      // decimal metadata
		{"http://0x7f000001/", "127.0.0.1"},                            // hex loopback
		{"http://100.64.0.1/", "100.64.0.1"},                           // CGNAT
		{"http://[fd00::1]/", "fd00::1"},                               // unique local
		{"http://0.0.0.0/", "0.0.0.0"},                                 // unspecified
		{"http://[::]/", "::"},                                         // unspecified, IPv6
	}
	c := testClient(t, Options{})
	control := dialControl(nil)
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			ip := netip.MustParseAddr(tc.addr)
			if IsPublicAddr(ip) {
				t.Errorf("IsPublicAddr(%s) = true", ip)
			}
			resp, err := c.Get(t.Context(), Request{URL: tc.url})
			if resp != nil {
				t.Errorf("Get(%s) returned a response", tc.url)
			}
			assertKind(t, err, ErrBlockedAddress, "fetch "+tc.url+": ", "private or reserved network", "--allow-networks")

			network := "tcp6"
			if ip.Is4() {
				network = "tcp4"
			}
			dialed := netip.AddrPortFrom(ip, 80).String()
			if err := control(network, dialed, nil); !errors.Is(err, ErrBlockedAddress) {
				t.Errorf("dial check on %s = %v, want ErrBlockedAddress", dialed, err)
			}
		})
	}
}
