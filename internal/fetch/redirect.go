package fetch

import (
	"net/http"
	"net/netip"
)

// redirects is the per-call CheckRedirect state: it bounds and re-checks every
// hop and remembers the status codes for PermanentRedirect.
type redirects struct {
	max   int
	allow []netip.Prefix
	first string // the URL asked for, redacted
	hop   string // the latest redirect target, redacted
	codes []int  // status of each redirect response followed
}

func (r *redirects) check(req *http.Request, via []*http.Request) error {
	r.hop = req.URL.Redacted()
	if req.Response != nil {
		r.codes = append(r.codes, req.Response.StatusCode)
	}
	if len(via) > r.max {
		return reasonf(ErrTooManyRedirects, "stopped after %d redirects", r.max)
	}
	return checkTarget(req.URL, r.allow)
}

func (r *redirects) permanent() bool {
	for _, code := range r.codes {
		if code != http.StatusMovedPermanently && code != http.StatusPermanentRedirect {
			return false
		}
	}
	return len(r.codes) > 0
}

func (r *redirects) fail(err error) error {
	return &Error{URL: r.first, Via: r.hop, Err: err}
}
