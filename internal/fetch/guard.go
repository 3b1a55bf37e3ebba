package fetch

import (
	"errors"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"

	"github.com/heraldnews/herald"
)

// nonPublic4 lists the IPv4 ranges that are not reachable on the public internet
// (IANA special-purpose registry, plus multicast and the reserved class E).
var nonPublic4 = mustPrefixes(
	"0.0.0.0/8",       // "this network", includes the unspecified address
	"10.0.0.0/8",      // private (RFC 1918)
	"100.64.0.0/10",   // carrier-grade NAT (RFC 6598)
	"127.0.0.0/8",     // loopback
	"169.254.0.0/16",  // link-local, cloud metadata services
	"172.16.0.0/12",   // private (RFC 1918)
	"192.0.0.0/24",    // IETF protocol assignments
	"192.0.2.0/24",    // documentation (TEST-NET-1)
	"192.88.99.0/24",  // 6to4 relay anycast (deprecated)
	"192.168.0.0/16",  // private (RFC 1918)
	"198.18.0.0/15",   // benchmarking
	"198.51.100.0/24", // documentation (TEST-NET-2)
	"203.0.113.0/24",  // documentation (TEST-NET-3)
	"224.0.0.0/4",     // multicast
	"240.0.0.0/4",     // reserved, includes broadcast 255.255.255.255
)

// nonPublic6 lists the ranges inside global unicast 2000::/3 that are not public.
var nonPublic6 = mustPrefixes(
	"2001::/23",     // IETF protocol assignments: Teredo, benchmarking, ORCHID
	"2001:db8::/32", // documentation
	"3fff::/20",     // documentation (RFC 9637)
)

var (
	global6   = netip.MustParsePrefix("2000::/3")     // all public IPv6 lives here
	nat64     = netip.MustParsePrefix("64:ff9b::/96") // well-known NAT64, embeds IPv4 in the last 32 bits
	sixToFour = netip.MustParsePrefix("2002::/16")    // 6to4, embeds IPv4 in bits 16-47
)

func mustPrefixes(cidrs ...string) []netip.Prefix {
	ps := make([]netip.Prefix, len(cidrs))
	for i, c := range cidrs {
		ps[i] = netip.MustParsePrefix(c)
	}
	return ps
}

// IsPublicAddr reports whether ip is a public unicast address that Herald may
// fetch from without an allow-list entry. It is false for loopback, private
// (RFC 1918), link-local, CGNAT, multicast, unspecified, broadcast, reserved,
// documentation and benchmarking ranges, unique-local IPv6 (fc00::/7),
// site-local and every IPv6 range outside 2000::/3. IPv4-mapped (::ffff:a.b.c.d),
// NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses are judged by the IPv4
// address they embed; deprecated IPv4-compatible addresses (::a.b.c.d) are never
// public. The zone of a scoped address is ignored.
func IsPublicAddr(ip netip.Addr) bool {
	ip = ip.WithZone("")
	switch {
	case !ip.IsValid():
		return false
	case ip.Is4In6():
		return isPublic4(ip.Unmap())
	case ip.Is4():
		return isPublic4(ip)
	case nat64.Contains(ip):
		return isPublic4(embedded4(ip, 12))
	case sixToFour.Contains(ip):
		return isPublic4(embedded4(ip, 2))
	case !global6.Contains(ip):
		return false
	}
	return !inAny(ip, nonPublic6)
}

func isPublic4(ip netip.Addr) bool { return !inAny(ip, nonPublic4) }

// embedded4 returns the IPv4 address stored at byte offset off of an IPv6 address.
func embedded4(ip netip.Addr, off int) netip.Addr {
	b := ip.As16()
	return netip.AddrFrom4([4]byte(b[off : off+4]))
}

func inAny(ip netip.Addr, ps []netip.Prefix) bool {
	for _, p := range ps {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// permitted reports whether ip is public or opened by allow. An IPv4-mapped
// address also matches IPv4 entries of allow.
func permitted(ip netip.Addr, allow []netip.Prefix) bool {
	ip = ip.WithZone("")
	return IsPublicAddr(ip) || inAny(ip, allow) || inAny(ip.Unmap(), allow)
}

func blockedAddr(ip netip.Addr) error {
	return reasonf(ErrBlockedAddress,
		"address %s is in a private or reserved network (allow it with --allow-networks)", ip.WithZone(""))
}

// dialControl is the net.Dialer.Control hook: it runs after DNS resolution, on
// the address about to be connected, for the first request and every redirect.
func dialControl(allow []netip.Prefix) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		if network != "tcp4" && network != "tcp6" {
			return reasonf(ErrBlockedAddress, "refusing to dial %s over %s", address, network)
		}
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return reasonf(ErrBlockedAddress, "cannot check dialled address %q", address)
		}
		if !permitted(ap.Addr(), allow) {
			return blockedAddr(ap.Addr())
		}
		return nil
	}
}

// CheckURL is the pre-flight check for a URL before it is stored or queued. It
// reports ErrScheme unless the scheme is http or https, ErrInvalidURL when the
// URL has no host or a host that looks like a malformed IP address, and
// ErrBlockedAddress when the host is a literal address that is neither public
// nor in allow, in any encoding a resolver might accept (dotted, decimal
// 2852039166, hex 0x7f000001, octal 0177.0.0.1, shortened 127.1, bracketed IPv6
// and its IPv4-embedding forms), or a localhost name. It does no I/O: a host name
// is accepted here and its resolved addresses are checked when Get dials them.
func CheckURL(raw string, allow []netip.Prefix) error {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return &Error{URL: strconv.Quote(raw), Err: reasonf(ErrInvalidURL, "invalid URL: %v", err)}
	}
	if err := checkTarget(u, allow); err != nil {
		return &Error{URL: u.Redacted(), Err: err}
	}
	return nil
}

// checkTarget is CheckURL on a parsed URL; it returns the bare cause.
func checkTarget(u *url.URL, allow []netip.Prefix) error {
	switch {
	case u.Scheme == "":
		return reasonf(ErrScheme, "URL has no scheme (only http and https are fetched)")
	case u.Scheme != "http" && u.Scheme != "https":
		return reasonf(ErrScheme, "unsupported scheme %q (only http and https are fetched)", u.Scheme)
	case u.Host == "" || u.Hostname() == "":
		return reasonf(ErrInvalidURL, "URL has no host")
	}
	ip, isIP, err := hostAddr(u.Hostname())
	if err != nil {
		return err
	}
	if isIP && !permitted(ip, allow) {
		if !isLiteral(u.Hostname()) {
			return reasonf(ErrBlockedAddress, "host %s means address %s, which is in a private or reserved network (allow it with --allow-networks)",
				u.Hostname(), ip)
		}
		return blockedAddr(ip)
	}
	return nil
}

func isLiteral(host string) bool {
	_, err := netip.ParseAddr(host)
	return err == nil
}

// hostAddr returns the address a host denotes without DNS: a literal IPv4 or
// IPv6 address in any encoding, or 127.0.0.1 for localhost names (RFC 6761).
// isIP is false for an ordinary host name.
func hostAddr(host string) (ip netip.Addr, isIP bool, err error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return ip, true, nil
	}
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return netip.AddrFrom4([4]byte{127, 0, 0, 1}), true, nil
	}
	if ip, ok := parseLooseIPv4(h); ok {
		return ip, true, nil
	}
	if labels := strings.Split(h, "."); isIPv4Number(labels[len(labels)-1]) {
		return netip.Addr{}, false, reasonf(ErrInvalidURL, "host %q is neither a valid IP address nor a domain name", host)
	}
	return netip.Addr{}, false, nil
}

// parseLooseIPv4 parses the IPv4 forms of inet_aton and the WHATWG URL standard:
// one to four dot-separated parts, each decimal, octal (leading 0) or hex (0x),
// the last part filling the remaining bytes, so 2852039166, 0xa9fea9fe,
// 0251.0376.0251.0376 and 169.254.43518 all mean 169.254.169.254.
func parseLooseIPv4(s string) (netip.Addr, bool) {
	parts := strings.Split(strings.TrimSuffix(s, "."), ".")
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	var v uint64
	for i, p := range parts {
		n, ok := parseIPv4Number(p)
		if !ok {
			return netip.Addr{}, false
		}
		if i < len(parts)-1 {
			if n > 255 {
				return netip.Addr{}, false
			}
			v |= n << (8 * (3 - i))
			continue
		}
		if n >= 1<<(8*(4-i)) {
			return netip.Addr{}, false
		}
		v |= n
	}
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true
}

func parseIPv4Number(p string) (uint64, bool) {
	base := 10
	switch {
	case p == "":
		return 0, false
	case len(p) >= 2 && (p[:2] == "0x" || p[:2] == "0X"):
		p, base = p[2:], 16
		if p == "" {
			return 0, true
		}
	case len(p) >= 2 && p[0] == '0':
		p, base = p[1:], 8
	}
	n, err := strconv.ParseUint(p, base, 64)
	return n, err == nil
}

// isIPv4Number reports whether a host label is numeric the way the WHATWG
// "ends in a number" check means it: all decimal digits, or 0x and hex digits.
// A host whose last label is numeric must parse as IPv4 or is invalid.
func isIPv4Number(label string) bool {
	if label == "" {
		return false
	}
	digits := "0123456789"
	if len(label) >= 2 && (label[:2] == "0x" || label[:2] == "0X") {
		label, digits = label[2:], "0123456789abcdefABCDEF"
	}
	for _, r := range label {
		if !strings.ContainsRune(digits, r) {
			return false
		}
	}
	return true
}

// ParseNetworks parses a comma-separated list of CIDR prefixes, the value of
// --allow-networks, such as "127.0.0.0/8,::1/128". A bare address stands for
// itself (/32 or /128); blanks around entries and empty entries are ignored.
// Prefixes are returned masked (10.1.2.3/8 becomes 10.0.0.0/8). The error names
// the first bad entry.
func ParseNetworks(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for entry := range strings.SplitSeq(s, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		p, err := parseNetwork(entry)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func parseNetwork(entry string) (netip.Prefix, error) {
	if !strings.Contains(entry, "/") {
		ip, err := netip.ParseAddr(entry)
		if err != nil || ip.Zone() != "" {
			return netip.Prefix{}, herald.Errorf(herald.EINVALID,
				"allowed networks: bad entry %q: want a CIDR such as 127.0.0.0/8 or an IP address", entry)
		}
		return netip.PrefixFrom(ip, ip.BitLen()), nil
	}
	p, err := netip.ParsePrefix(entry)
	if err != nil {
		return netip.Prefix{}, herald.Errorf(herald.EINVALID,
			"allowed networks: bad entry %q: want a CIDR such as 127.0.0.0/8 (%v)", entry, err)
	}
	return p.Masked(), nil
}
