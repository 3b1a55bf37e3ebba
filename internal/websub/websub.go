// Package websub subscribes Herald's sources to the hubs their feeds name
// (W3C WebSub, formerly PubSubHubbub 0.4) and takes in what the hubs push.
//
// A Subscriber asks a hub for a subscription with a form POST through the
// guarded fetch client; the callback URL ends in a random token and the
// request carries a random secret. It answers the hub's verification of
// intent on GET /websub/{token}, accepts content on POST /websub/{token} only
// with a valid X-Hub-Signature, and hands that content to the ingest
// pipeline, which treats it exactly as a polled feed. Run renews leases before
// they end. Covers says when a subscription may stand in for frequent polling.
//
// Tokens and secrets are credentials: they are stored, never logged.
package websub

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/fetch"
)

// Defaults used for zero Options fields.
const (
	DefaultLease       = 10 * 24 * time.Hour
	DefaultMargin      = 24 * time.Hour
	DefaultRetry       = time.Hour
	DefaultDeniedRetry = 24 * time.Hour
	DefaultMaxBody     = 5 << 20
	DefaultTimeout     = 2 * time.Minute
)

// Sizes of the random credentials, in bytes (they travel hex-encoded).
const (
	tokenBytes  = 32
	secretBytes = 32
)

// IngestFunc stores a feed document pushed for a source, the way a polled one
// is stored. It returns EINVALID when body is not a feed and ENOTFOUND when
// the source is gone. (ingest.Pipeline.IngestPushed, adapted.)
type IngestFunc func(ctx context.Context, sourceID int64, body []byte, contentType string) error

// Options configure a Subscriber. Zero durations and sizes mean the defaults.
type Options struct {
	// PublicURL is Herald's externally reachable base URL (--public-url):
	// callbacks are PublicURL + "/websub/" + token. Required.
	PublicURL string
	// Ingest stores pushed content. Required.
	Ingest IngestFunc
	// Lease is the lease asked of hubs (hub.lease_seconds).
	Lease time.Duration
	// Margin is how long before a lease ends its renewal starts (at most half
	// the lease the hub granted).
	Margin time.Duration
	// Retry is the shortest wait between two requests for one subscription
	// that a hub has not (yet) verified, or whose renewal failed.
	Retry time.Duration
	// DeniedRetry is how long a denied subscription rests before it is asked for again.
	DeniedRetry time.Duration
	// MaxBody caps a pushed body; a larger one is refused with 413.
	MaxBody int64
	// Timeout bounds a background subscription and the ingestion of one push.
	Timeout time.Duration
}

func (o *Options) defaults() {
	o.Lease = or(o.Lease, DefaultLease)
	o.Margin = or(o.Margin, DefaultMargin)
	o.Retry = or(o.Retry, DefaultRetry)
	o.DeniedRetry = or(o.DeniedRetry, DefaultDeniedRetry)
	o.Timeout = or(o.Timeout, DefaultTimeout)
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
}

func or(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Subscriber keeps Herald's WebSub subscriptions. Build it with New; it is
// safe for concurrent use.
type Subscriber struct {
	store    herald.SubscriptionStore
	client   *fetch.Client
	log      *slog.Logger
	opts     Options
	callback string // PublicURL + "/websub/"
	now      func() time.Time

	mu   sync.Mutex
	busy map[int64]bool // sources with a request in flight
	wg   sync.WaitGroup // background subscriptions
}

// New returns a Subscriber. It returns EINVALID when opts.PublicURL is not an
// absolute http(s) URL or opts.Ingest is nil.
func New(store herald.SubscriptionStore, client *fetch.Client, log *slog.Logger, opts Options) (*Subscriber, error) {
	if err := CheckPublicURL(opts.PublicURL); err != nil {
		return nil, err
	}
	if opts.Ingest == nil {
		return nil, herald.Errorf(herald.EINVALID, "websub: no ingest function")
	}
	opts.defaults()
	return &Subscriber{
		store: store, client: client, log: log, opts: opts, now: time.Now,
		callback: strings.TrimRight(opts.PublicURL, "/") + "/websub/",
		busy:     map[int64]bool{},
	}, nil
}

// CheckPublicURL returns EINVALID unless raw is an absolute http or https URL
// with a host and without query, fragment or credentials.
func CheckPublicURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil || raw == "":
		return herald.Errorf(herald.EINVALID, "public url %q: not a URL", raw)
	case u.Scheme != "http" && u.Scheme != "https":
		return herald.Errorf(herald.EINVALID, "public url %q: must start with http:// or https://", raw)
	case u.Host == "":
		return herald.Errorf(herald.EINVALID, "public url %q: no host", raw)
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		return herald.Errorf(herald.EINVALID, "public url %q: must not carry a query, fragment or credentials", raw)
	}
	return nil
}

// Pushing reports whether source sourceID's subscription Covers it at now,
// with quiet as the ceiling. A missing subscription or a store failure (which
// is logged) means no.
func (s *Subscriber) Pushing(ctx context.Context, sourceID int64, now time.Time, quiet time.Duration) bool {
	sub, err := s.store.Subscription(ctx, sourceID)
	if err != nil {
		if !herald.IsNotFound(err) {
			s.log.WarnContext(ctx, "websub: read subscription", "source_id", sourceID, "error", err)
		}
		return false
	}
	return Covers(sub, now, quiet)
}

// Wait waits for the background subscriptions that Ensure started. Call it
// once nothing calls Ensure any more (tests, shutdown).
func (s *Subscriber) Wait() { s.wg.Wait() }

// claim marks a source busy; it reports false when it already was.
func (s *Subscriber) claim(sourceID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.busy[sourceID] {
		return false
	}
	s.busy[sourceID] = true
	return true
}

func (s *Subscriber) release(sourceID int64) {
	s.mu.Lock()
	delete(s.busy, sourceID)
	s.mu.Unlock()
}

// randomHex returns n random bytes, hex-encoded.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails: crypto/rand crashes the program instead
	return hex.EncodeToString(b)
}
