// Package fetch is Herald's one outbound HTTP client: feeds, article pages,
// WebSub and webhooks all go through it.
//
// Every request is guarded: only http and https are fetched; the address
// actually dialled (after DNS, on every redirect hop) must be public or opened
// by Options.AllowNetworks; bodies are decoded here (gzip, deflate, br) and
// capped by their decoded size; one deadline covers the whole exchange, body
// included; at most Options.PerHost requests run per host. Get speaks
// conditional GET and reports 304 as NotModified; Retry-After reaches the
// caller as a time.Duration.
//
// The client ignores HTTP_PROXY and friends on purpose: through a proxy the
// dial-time address check would see the proxy, not the origin.
package fetch

import (
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"time"
)

// Defaults used for zero Options fields.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxBytes     = 15 << 20 // 15 MiB of decoded body
	DefaultMaxRedirects = 10
	DefaultPerHost      = 2
)

// Phase timeouts, each also bounded by Options.Timeout.
const (
	dialTimeout   = 10 * time.Second
	tlsTimeout    = 10 * time.Second
	headerTimeout = 20 * time.Second
	maxHeaderSize = 1 << 20
)

// Options configure a Client. Zero values mean the defaults above.
type Options struct {
	// Timeout bounds a whole request: dial, TLS, headers, redirects and the
	// body. Time spent waiting for a per-host slot is not counted.
	Timeout time.Duration
	// MaxBytes caps the decoded body; a larger body fails with ErrTooLarge.
	MaxBytes int64
	// MaxRedirects is how many redirects are followed; negative follows none.
	MaxRedirects int
	// PerHost caps the requests in flight to one host name; callers beyond it
	// wait, until their context is done.
	PerHost int
	// AllowNetworks opens non-public ranges (Herald's --allow-networks); tests
	// and the demo allow 127.0.0.0/8.
	AllowNetworks []netip.Prefix
	// UserAgent is sent with every request; default UserAgent(build version).
	UserAgent string
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	switch {
	case o.MaxRedirects == 0:
		o.MaxRedirects = DefaultMaxRedirects
	case o.MaxRedirects < 0:
		o.MaxRedirects = 0
	}
	if o.PerHost <= 0 {
		o.PerHost = DefaultPerHost
	}
	if o.UserAgent == "" {
		o.UserAgent = UserAgent(buildVersion())
	}
	o.AllowNetworks = append([]netip.Prefix(nil), o.AllowNetworks...)
	return o
}

// UserAgent returns Herald's User-Agent for a version:
// "Herald/<version> (+https://github.com/heraldnews/herald)".
func UserAgent(version string) string {
	return "Herald/" + version + " (+https://github.com/heraldnews/herald)"
}

func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// Client is the guarded HTTP client. It is safe for concurrent use; make one
// per process so that the per-host limit and the connection pool are shared.
type Client struct {
	opts      Options
	transport *http.Transport
	rt        http.RoundTripper
	limit     *hostLimiter
	now       func() time.Time
}

// New returns a Client for opts.
func New(opts Options) *Client { return newClient(opts, nil) }

// newClient lets tests resolve names with their own resolver.
func newClient(opts Options, resolver *net.Resolver) *Client {
	opts = opts.withDefaults()
	dialer := &net.Dialer{
		Timeout:   min(dialTimeout, opts.Timeout),
		KeepAlive: 30 * time.Second,
		Resolver:  resolver,
		Control:   dialControl(opts.AllowNetworks),
	}
	tr := &http.Transport{
		Proxy:                  nil,
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    min(tlsTimeout, opts.Timeout),
		ResponseHeaderTimeout:  min(headerTimeout, opts.Timeout),
		ExpectContinueTimeout:  time.Second,
		IdleConnTimeout:        90 * time.Second,
		MaxIdleConns:           100,
		MaxIdleConnsPerHost:    opts.PerHost,
		MaxResponseHeaderBytes: maxHeaderSize,
		DisableCompression:     true,
	}
	limit := newHostLimiter(opts.PerHost)
	return &Client{
		opts:      opts,
		transport: tr,
		rt:        &limitTransport{base: tr, limit: limit},
		limit:     limit,
		now:       time.Now,
	}
}

// CloseIdleConnections closes kept-alive connections; call it at shutdown.
func (c *Client) CloseIdleConnections() { c.transport.CloseIdleConnections() }
