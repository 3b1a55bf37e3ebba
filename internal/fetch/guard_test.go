package fetch

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/heraldnews/herald"
)

func TestIsPublicAddr(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		// Public.
		{"8.8.8.8", true},
		{"1.1.1.1", true},
		{"93.184.216.34", true},
		{"11.0.0.1", true},
		{"100.63.255.255", true}, // just below CGNAT
		{"100.128.0.0", true},    // just above CGNAT
		{"172.15.255.255", true},
		{"172.32.0.0", true},
		{"192.169.0.1", true},
		{"223.255.255.255", true},
		{"2606:4700:4700::1111", true},
		{"2a00:1450:4001::1", true},
		{"::ffff:8.8.8.8", true},     // mapped public IPv4
		{"64:ff9b::808:808", true},   // NAT64 of 8.8.8.8
		{"2002:808:808::1", true},    // 6to4 of 8.8.8.8
		{"2002:5db8:d822::1", true},  // 6to4 of 93.184.216.34
		{"64:ff9b::5db8:d822", true}, // NAT64 of 93.184.216.34

		// IPv4 special purpose.
		{"0.0.0.0", false},
		{"0.1.2.3", false},
		{"10.0.0.1", false},
		{"10.255.255.255", false},
		{"100.64.0.1", false}, // CGNAT
		{"100.127.255.254", false},
		{"127.0.0.1", false},
		{"127.255.255.254", false},
		{"169.254.169.254", false},
		{"172.16.0.1", false},
		{"172.31.255.255", false},
		{"192.0.0.1", false},
		{"192.0.2.1", false},
		{"192.88.99.1", false},
		{"192.168.1.1", false},
		{"198.18.0.1", false},
		{"198.19.255.255", false},
		{"198.51.100.1", false},
		{"203.0.113.1", false},
		{"224.0.0.1", false},
		{"239.255.255.250", false},
		{"240.0.0.1", false},
		{"255.255.255.255", false},

		// IPv6 special purpose and IPv4-embedding forms (A4).
		{"::", false},
		{"::1", false},
		{"::ffff:127.0.0.1", false},
		{"::ffff:169.254.169.254", false},
		{"::ffff:10.0.0.1", false},
		{"::ffff:0.0.0.0", false},
		{"::127.0.0.1", false},            // IPv4-compatible
		{"::a9fe:a9fe", false},            // IPv4-compatible 169.254.169.254
		{"::8.8.8.8", false},              // IPv4-compatible is deprecated: never public
		{"::ffff:0:7f00:1", false},        // IPv4-translated
		{"64:ff9b::a9fe:a9fe", false},     // NAT64 of 169.254.169.254
		{"64:ff9b::7f00:1", false},        // NAT64 of 127.0.0.1
		{"64:ff9b::a00:1", false},         // NAT64 of 10.0.0.1
		{"64:ff9b:1::808:808", false},     // local-use NAT64 prefix
		{"2002:a9fe:a9fe::", false},       // 6to4 of 169.254.169.254
		{"2002:7f00:1::1", false},         // 6to4 of 127.0.0.1
		{"2002:c0a8:101::1", false},       // 6to4 of 192.168.1.1
		{"2002:6440:1::1", false},         // 6to4 of 100.64.0.1
		{"fd00::1", false},                // ULA
		{"fc00::1", false},                // ULA
		{"fe80::1", false},                // link-local
		{"fe80::1%eth0", false},           // scoped link-local
		{"fec0::1", false},                // site-local
		{"ff02::1", false},                // multicast
		{"ff0e::1", false},                // global multicast
		{"100::1", false},                 // discard
		{"2001::1", false},                // Teredo
		{"2001:2::1", false},              // benchmarking
		{"2001:db8::1", false},            // documentation
		{"3fff::1", false},                // documentation
		{"4000::1", false},                // unallocated, outside 2000::/3
		{"2001:4860:4860::8888%x", true},  // zone ignored
		{"::ffff:100.64.0.1", false},      // mapped CGNAT
		{"::ffff:255.255.255.255", false}, // mapped broadcast
	}
	for _, tc := range tests {
		t.Run(tc.addr, func(t *testing.T) {
			ip := netip.MustParseAddr(tc.addr)
			if got := IsPublicAddr(ip); got != tc.want {
				t.Errorf("IsPublicAddr(%s) = %v, want %v", tc.addr, got, tc.want)
			}
		})
	}
	if IsPublicAddr(netip.Addr{}) {
		t.Error("IsPublicAddr(zero Addr) = true, want false")
	}
}

func TestCheckURL(t *testing.T) {
	allowAll := mustNetworks(t, "0.0.0.0/0,::/0")
	tests := []struct {
		name  string
		url   string
		allow []netip.Prefix
		want  error // nil, ErrScheme, ErrInvalidURL or ErrBlockedAddress
	}{
		// A1: internal services.
		{"postgres on loopback", "http://127.0.0.1:5432/", nil, ErrBlockedAddress},
		{"localhost admin", "http://localhost:8080/admin", nil, ErrBlockedAddress},
		{"localhost upper case trailing dot", "http://LOCALHOST./", nil, ErrBlockedAddress},
		{"localhost subdomain", "http://app.localhost/", nil, ErrBlockedAddress},
		{"cloud metadata", "http://169.254.169.254/latest/meta-data/", nil, ErrBlockedAddress},
		{"ipv6 loopback", "http://[::1]/", nil, ErrBlockedAddress},
		{"rfc1918", "http://10.0.0.1/", nil, ErrBlockedAddress},
		{"credentials on loopback", "http://user:pw@127.0.0.1/", nil, ErrBlockedAddress},

		// A4: alternate encodings.
		{"mapped metadata", "http://[::ffff:169.254.169.254]/", nil, ErrBlockedAddress},
		{"mapped hex loopback", "https://[::ffff:7f00:1]/", nil, ErrBlockedAddress},
		{"nat64 metadata", "http://[64:ff9b::a9fe:a9fe]/", nil, ErrBlockedAddress},
		{"6to4 metadata", "http://[2002:a9fe:a9fe::]/", nil, ErrBlockedAddress},
		{"compatible loopback", "http://[::127.0.0.1]/", nil, ErrBlockedAddress},
		{"decimal metadata", "http://2852039166/", nil, ErrBlockedAddress},
		{"hex loopback", "http://0x7f000001/", nil, ErrBlockedAddress},
		{"upper hex loopback", "http://0X7F000001/", nil, ErrBlockedAddress},
		{"cgnat", "http://100.64.0.1/", nil, ErrBlockedAddress},
		{"ula", "http://[fd00::1]/", nil, ErrBlockedAddress},
		{"unspecified", "http://0.0.0.0/", nil, ErrBlockedAddress},
		{"zero", "http://0/", nil, ErrBlockedAddress},
		{"short loopback", "http://127.1/", nil, ErrBlockedAddress},
		{"three part metadata", "http://169.254.43518/", nil, ErrBlockedAddress},
		{"octal loopback", "http://0177.0.0.1/", nil, ErrBlockedAddress},
		{"dotted hex metadata", "http://0xA9.0xFE.0xA9.0xFE/", nil, ErrBlockedAddress},
		{"mixed hex octal", "http://0x7f.0.0.01/", nil, ErrBlockedAddress},
		{"trailing dot loopback", "http://127.0.0.1./", nil, ErrBlockedAddress},
		{"percent-encoded host", "http://%31%32%37.0.0.1/", nil, ErrInvalidURL}, // net/url refuses escapes in hosts
		{"scoped link-local", "http://[fe80::1%25eth0]/", nil, ErrBlockedAddress},
		{"broadcast", "http://255.255.255.255/", nil, ErrBlockedAddress},
		{"multicast", "http://224.0.0.251/", nil, ErrBlockedAddress},
		{"documentation v6", "http://[2001:db8::1]/", nil, ErrBlockedAddress},

		// A5: schemes.
		{"file", "file:///etc/passwd", nil, ErrScheme},
		{"gopher", "gopher://127.0.0.1:70/_INFO", allowAll, ErrScheme},
		{"ftp", "ftp://example.com/feed.xml", nil, ErrScheme},
		{"data", "data:text/plain,hello", nil, ErrScheme},
		{"javascript", "javascript:alert(1)", nil, ErrScheme},
		{"websocket", "ws://example.com/", nil, ErrScheme},
		{"no scheme", "example.com/feed", nil, ErrScheme},
		{"protocol relative", "//example.com/feed", nil, ErrScheme},

		// Malformed.
		{"no host", "http:///feed", nil, ErrInvalidURL},
		{"opaque", "http:example.com", nil, ErrInvalidURL},
		{"five parts", "http://1.2.3.4.5/", nil, ErrInvalidURL},
		{"octet overflow", "http://256.256.256.256/", allowAll, ErrInvalidURL},
		{"decimal overflow", "http://99999999999/", allowAll, ErrInvalidURL},
		{"bad octal digit", "http://09.0.0.1/", allowAll, ErrInvalidURL},
		{"bad port", "http://example.com:port/", nil, ErrInvalidURL},
		{"unclosed bracket", "http://[::1/", nil, ErrInvalidURL},
		{"control character", "http://exa\nmple.com/", nil, ErrInvalidURL},

		// Allowed.
		{"domain", "http://example.com/feed.xml", nil, nil},
		{"https upper case", "HTTPS://EXAMPLE.com/", nil, nil},
		{"domain trailing dot", "http://example.com./", nil, nil},
		{"digit-led label", "http://1e100.net/", nil, nil},
		{"public v4", "http://8.8.8.8/", nil, nil},
		{"public decimal", "http://134744072/", nil, nil},
		{"public v6", "http://[2606:4700:4700::1111]/", nil, nil},
		{"public nat64", "http://[64:ff9b::808:808]/", nil, nil},
		{"allowed loopback", "http://127.0.0.1:8080/", loopback, nil},
		{"allowed localhost", "http://localhost:8080/", loopback, nil},
		{"allowed decimal loopback", "http://2130706433/", loopback, nil},
		{"allowed mapped loopback", "http://[::ffff:127.0.0.1]/", loopback, nil},
		{"allow-list is not a wildcard", "http://10.0.0.1/", loopback, ErrBlockedAddress},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckURL(tc.url, tc.allow)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("CheckURL(%q) = %v, want nil", tc.url, err)
				}
				return
			}
			assertKind(t, err, tc.want)
			if got := herald.ErrorCode(err); got != herald.EINVALID {
				t.Errorf("herald.ErrorCode = %q, want %q", got, herald.EINVALID)
			}
			if strings.Contains(err.Error(), ":pw@") {
				t.Errorf("error %q leaks the password", err)
			}
		})
	}
}

func TestCheckURLMessages(t *testing.T) {
	tests := []struct{ url, want string }{
		{"http://127.0.0.1:9/", "fetch http://127.0.0.1:9/: address 127.0.0.1 is in a private or reserved network (allow it with --allow-networks)"},
		{"http://2852039166/", "fetch http://2852039166/: host 2852039166 means address 169.254.169.254, which is in a private or reserved network (allow it with --allow-networks)"},
		{"file:///etc/passwd", `fetch file:///etc/passwd: unsupported scheme "file" (only http and https are fetched)`},
		{"http://u:secret@10.1.2.3/", "fetch http://u:xxxxx@10.1.2.3/: address 10.1.2.3 is in a private or reserved network (allow it with --allow-networks)"},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, fmt.Sprint(CheckURL(tc.url, nil))); diff != "" {
			t.Errorf("CheckURL(%q) (-want +got):\n%s", tc.url, diff)
		}
	}
}

func mustNetworks(t testing.TB, s string) []netip.Prefix {
	t.Helper()
	ps, err := ParseNetworks(s)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestParseNetworks(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string
		wantErr string // a fragment of the error; "" for success
	}{
		{"empty", "", nil, ""},
		{"blank entries", " , ,", nil, ""},
		{"one", "127.0.0.0/8", []string{"127.0.0.0/8"}, ""},
		{"two with spaces", " 127.0.0.0/8 , ::1/128 ", []string{"127.0.0.0/8", "::1/128"}, ""},
		{"bare addresses", "10.1.2.3,fd00::5", []string{"10.1.2.3/32", "fd00::5/128"}, ""},
		{"masked", "10.1.2.3/8", []string{"10.0.0.0/8"}, ""},
		{"bad bits", "127.0.0.0/8,10.0.0.0/33", nil, `"10.0.0.0/33"`},
		{"not an address", "127.0.0.0/8,intranet", nil, `"intranet"`},
		{"hostname cidr", "example.com/24", nil, `"example.com/24"`},
		{"zone", "fe80::1%eth0", nil, `"fe80::1%eth0"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseNetworks(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ParseNetworks(%q) error = %v, want one naming %s", tc.in, err, tc.wantErr)
				}
				if herald.ErrorCode(err) != herald.EINVALID {
					t.Errorf("code = %q, want %q", herald.ErrorCode(err), herald.EINVALID)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var gotS []string
			for _, p := range got {
				gotS = append(gotS, p.String())
			}
			if diff := cmp.Diff(tc.want, gotS); diff != "" {
				t.Errorf("ParseNetworks(%q) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{
		"http://example.com/feed", "https://[::ffff:169.254.169.254]/", "http://[64:ff9b::a9fe:a9fe]/",
		"http://[2002:a9fe:a9fe::]/", "http://[::127.0.0.1]/", "http://2852039166/", "http://0x7f000001/",
		"http://100.64.0.1/", "http://[fd00::1]/", "http://0.0.0.0/", "http://127.1/", "http://0177.0.0.1/",
		"file:///etc/passwd", "data:,x", "http://localhost/", "http://%31%32%37.0.0.1/", "http://[fe80::1%25lo]/",
		"http://1.2.3.4.5/", "http://u:p@8.8.8.8:80/x?y#z", "http://0x/", "http://example.0x10/",
	} {
		f.Add(s)
	}
	allowAll := []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0")}
	f.Fuzz(func(t *testing.T, raw string) {
		err := CheckURL(raw, nil)
		if err != nil {
			var fe *Error
			if !errors.As(err, &fe) || !(errors.Is(err, ErrScheme) || errors.Is(err, ErrInvalidURL) || errors.Is(err, ErrBlockedAddress)) {
				t.Fatalf("CheckURL(%q) = %v: not a classified *Error", raw, err)
			}
			if errors.Is(CheckURL(raw, allowAll), ErrBlockedAddress) {
				t.Fatalf("CheckURL(%q) blocked with everything allowed", raw)
			}
			return
		}
		u, perr := url.Parse(raw)
		if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
			t.Fatalf("CheckURL(%q) accepted a URL that is not http(s) with a host", raw)
		}
		host := u.Hostname()
		if ip, perr := netip.ParseAddr(host); perr == nil && !IsPublicAddr(ip) {
			t.Fatalf("CheckURL(%q) accepted non-public literal %s", raw, ip)
		}
		if ip, ok := parseLooseIPv4(strings.ToLower(host)); ok && !IsPublicAddr(ip) {
			t.Fatalf("CheckURL(%q) accepted non-public encoded address %s", raw, ip)
		}
	})
}
