package extract

import (
	"net"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/heraldnews/herald"
)

// trackingParams are query parameters that identify a campaign, a click or a
// visitor and never the resource. CanonicalURL removes them, together with
// every parameter whose name starts with one of trackingPrefixes. Names are
// compared case-insensitively.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "twclid": true, "ttclid": true, "li_fat_id": true,
	"mc_cid": true, "mc_eid": true, "igshid": true, "igsh": true,
	"_ga": true, "_gl": true, "_hsenc": true, "_hsmi": true, "__hssc": true, "__hstc": true,
	"__hsfp": true, "hsctatracking": true, "mkt_tok": true, "ref_src": true, "ref_url": true,
	"oly_anon_id": true, "oly_enc_id": true, "vero_id": true, "vero_conv": true,
	"wickedid": true, "rb_clickid": true, "s_cid": true, "srsltid": true, "guccounter": true,
	"guce_referrer": true, "guce_referrer_sig": true, "ncid": true, "cmpid": true,
	"at_medium": true, "at_campaign": true, "at_custom1": true, "at_custom2": true,
	"at_custom3": true, "at_custom4": true, "__twitter_impression": true, "spm": true,
}

var trackingPrefixes = []string{"utm_", "pk_", "mtm_", "hmb_", "stm_"}

// TrackingParam reports whether a query parameter name is one CanonicalURL
// removes: utm_*, pk_*, mtm_*, hmb_*, stm_* and the names in trackingParams
// (fbclid, gclid, dclid, msclkid, mc_cid, mc_eid, igshid, yclid, _ga, _gl,
// ref_src, mkt_tok, _hsenc, ...).
func TrackingParam(name string) bool {
	name = strings.ToLower(name)
	if trackingParams[name] {
		return true
	}
	for _, p := range trackingPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// CanonicalURL normalises a story URL so that the same article reached
// through different links compares equal: the scheme and host are lower-cased
// (a trailing dot on the host dropped), default ports (80 for http, 443 for
// https) and user info removed, the fragment removed, tracking parameters
// (see TrackingParam) removed, the remaining query parameters sorted by name
// (keeping their original encoding and, for equal names, their order), an
// empty path written as "/" and a dangling "?" dropped. The path keeps its case.
// Only absolute http and https URLs are accepted; anything else returns an
// EINVALID error. CanonicalURL is idempotent.
func CanonicalURL(raw string) (string, error) {
	u, err := url.Parse(cleanURLString(raw))
	if err != nil {
		return "", herald.Errorf(herald.EINVALID, "canonical url: %v", err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" || u.Opaque != "" {
		return "", herald.Errorf(herald.EINVALID, "canonical url: %q is not an http or https URL", TruncateBytes(raw, 200))
	}
	host, err := canonicalHost(u)
	if err != nil {
		return "", err
	}
	u.Host, u.User = host, nil
	u.Fragment, u.RawFragment = "", ""
	u.RawQuery = canonicalQuery(u.RawQuery)
	u.ForceQuery = false
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	return u.String(), nil
}

// canonicalHost returns the lower-cased host with the port kept only when it
// is not the scheme's default.
func canonicalHost(u *url.URL) (string, error) {
	hostname := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if hostname == "" {
		return "", herald.Errorf(herald.EINVALID, "canonical url: no host")
	}
	if strings.HasPrefix(hostname, ".") || strings.Contains(hostname, "..") || strings.ContainsAny(hostname, "[]") {
		return "", herald.Errorf(herald.EINVALID, "canonical url: host %q is not a valid host name", TruncateBytes(hostname, 100))
	}
	if strings.Contains(hostname, ":") {
		hostname = "[" + hostname + "]"
	}
	port := u.Port()
	if port == "" {
		return hostname, nil
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return "", herald.Errorf(herald.EINVALID, "canonical url: bad port %q", port)
	}
	if u.Scheme == "http" && n == 80 || u.Scheme == "https" && n == 443 {
		return hostname, nil
	}
	return net.JoinHostPort(strings.Trim(hostname, "[]"), strconv.Itoa(n)), nil
}

// canonicalQuery drops empty and tracking parameters and sorts the rest by
// decoded name, keeping each pair's raw text except that spaces (invalid in a
// URL, and trimmed when they end one) are percent-encoded.
func canonicalQuery(rawQuery string) string {
	if rawQuery == "" {
		return ""
	}
	type pair struct{ name, raw string }
	var pairs []pair
	for _, part := range strings.Split(rawQuery, "&") {
		part = strings.ReplaceAll(part, " ", "%20")
		if part == "" || part == "=" {
			continue
		}
		name, _, _ := strings.Cut(part, "=")
		if dec, err := url.QueryUnescape(name); err == nil {
			name = dec
		}
		if TrackingParam(name) {
			continue
		}
		pairs = append(pairs, pair{name, part})
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].name < pairs[j].name })
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = p.raw
	}
	return strings.Join(parts, "&")
}
