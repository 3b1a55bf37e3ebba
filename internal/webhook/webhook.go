// Package webhook delivers new stories to the webhooks readers and
// administrators register: each new story that matches a webhook's topic,
// source or story cluster is posted to its URL as JSON, signed with the
// webhook's secret, through the one outbound client (internal/fetch: no
// private addresses unless the operator allows them), retried with
// back-off, and recorded (each delivery's state, each webhook's last
// status). Dispatcher.Step is meant to run in one process at a time, as a
// job under a lease (internal/jobs).
//
// The signature is the header
//
//	Herald-Signature: t=UNIX_SECONDS,v1=HEX(HMAC-SHA256(secret, "UNIX_SECONDS." + body))
//
// A receiver recomputes it over the raw body and refuses a timestamp far
// from its clock (Verify does both), which stops replays.
package webhook

import (
	"bytes"
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/fetch"
)

// Event is the one event Herald posts.
const Event = "story.published"

// DefaultBackoff is how long a failed delivery waits before each retry:
// seven attempts over about a day and a half, then it is given up.
var DefaultBackoff = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 6 * time.Hour, 24 * time.Hour}

// Dispatcher queues and sends deliveries. Store and Client are required.
type Dispatcher struct {
	Store  herald.Store
	Client *fetch.Client
	Log    *slog.Logger // nil discards
	// Settle is how long after a story is stored it is matched: the time
	// for stories stored at once to commit and for clustering to see it.
	// 0 means one minute.
	Settle time.Duration
	// Batch bounds the stories matched and the deliveries sent per Step;
	// 0 means 200.
	Batch int
	// Workers is how many deliveries are sent at once; 0 means 4.
	Workers int
	// Backoff is the wait before each retry; nil means DefaultBackoff.
	Backoff []time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Step matches the stories stored since the last step against the
// webhooks, then sends every delivery that is due, and reports how many it
// queued and how many it sent (delivered or not).
func (d *Dispatcher) Step(ctx context.Context) (queued, sent int, err error) {
	now := d.now()
	queued, err = d.Store.QueueDeliveries(ctx, now, cmp.Or(d.Settle, time.Minute), d.batch())
	if err != nil {
		return 0, 0, fmt.Errorf("webhooks: %w", err)
	}
	due, err := d.Store.DueDeliveries(ctx, now, d.batch())
	if err != nil {
		return queued, 0, fmt.Errorf("webhooks: %w", err)
	}
	work := make(chan herald.Delivery)
	var wg sync.WaitGroup
	for range min(cmp.Or(d.Workers, 4), max(len(due), 1)) {
		wg.Go(func() {
			for dl := range work {
				d.record(ctx, d.send(ctx, dl))
			}
		})
	}
	for _, dl := range due {
		work <- dl
	}
	close(work)
	wg.Wait()
	return queued, len(due), ctx.Err()
}

func (d *Dispatcher) batch() int { return cmp.Or(d.Batch, 200) }

func (d *Dispatcher) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Dispatcher) log() *slog.Logger {
	if d.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return d.Log
}

// record stores an outcome; a delivery deleted meanwhile (its webhook or
// story went) is not an error.
func (d *Dispatcher) record(ctx context.Context, o herald.DeliveryOutcome) {
	if err := d.Store.RecordDelivery(ctx, o); err != nil && !herald.IsNotFound(err) && ctx.Err() == nil {
		d.log().WarnContext(ctx, "webhook delivery not recorded", "delivery", o.DeliveryID, "error", err)
	}
}

// Payload is the JSON body of a delivery.
type Payload struct {
	Event      string        `json:"event"`
	DeliveryID int64         `json:"delivery_id"`
	WebhookID  int64         `json:"webhook_id"`
	Match      Match         `json:"match"`
	Story      *herald.Story `json:"story"`
}

// Match is what the webhook watches.
type Match struct {
	Topic     string `json:"topic,omitempty"`
	SourceID  int64  `json:"source_id,omitempty"`
	ClusterID int64  `json:"cluster_id,omitempty"`
}

// send makes one attempt at a delivery and returns its outcome.
func (d *Dispatcher) send(ctx context.Context, dl herald.Delivery) herald.DeliveryOutcome {
	o := herald.DeliveryOutcome{DeliveryID: dl.ID, At: d.now()}
	st, err := d.Store.Story(ctx, dl.StoryID)
	if err != nil {
		return d.failed(o, dl, 0, fmt.Errorf("read the story: %w", err), 0)
	}
	w := dl.Webhook
	body, err := json.Marshal(Payload{Event: Event, DeliveryID: dl.ID, WebhookID: w.ID, Story: st,
		Match: Match{Topic: w.TopicSlug, SourceID: w.SourceID, ClusterID: w.ClusterID}})
	if err != nil {
		return d.failed(o, dl, 0, err, 0)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return d.failed(o, dl, 0, err, 0)
	}
	h := req.Header
	h.Set("Content-Type", "application/json")
	h.Set("Herald-Event", Event)
	h.Set("Herald-Delivery", strconv.FormatInt(dl.ID, 10))
	h.Set("Herald-Webhook", strconv.FormatInt(w.ID, 10))
	h.Set("Herald-Signature", Sign(w.Secret, o.At, body))
	resp, err := d.Client.Do(ctx, req)
	if err == nil {
		o.Status = resp.StatusCode
		return o
	}
	var he *fetch.HTTPError
	if errors.As(err, &he) {
		return d.failed(o, dl, he.StatusCode, err, he.RetryAfter)
	}
	return d.failed(o, dl, 0, err, 0)
}

// failed is a failed attempt's outcome: retried after the back-off (or the
// server's Retry-After when longer), or given up when the attempts are spent
// or the URL is one Herald will never post to.
func (d *Dispatcher) failed(o herald.DeliveryOutcome, dl herald.Delivery, status int, err error, retryAfter time.Duration) herald.DeliveryOutcome {
	o.Status, o.Err = status, err.Error()
	backoff := d.Backoff
	if backoff == nil {
		backoff = DefaultBackoff
	}
	refused := errors.Is(err, fetch.ErrBlockedAddress) || errors.Is(err, fetch.ErrScheme) || errors.Is(err, fetch.ErrInvalidURL)
	if dl.Attempts < len(backoff) && !refused {
		o.Retry = o.At.Add(max(backoff[dl.Attempts], retryAfter))
	}
	return o
}

// Sign returns the Herald-Signature header of body sent at at.
func Sign(secret string, at time.Time, body []byte) string {
	ts := strconv.FormatInt(at.Unix(), 10)
	return "t=" + ts + ",v1=" + mac(secret, ts, body)
}

func mac(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "."))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Verify checks a Herald-Signature header against body and secret, and
// that its timestamp is within tolerance of now: what a receiver does.
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sig == "" {
		return errors.New("webhook: malformed signature header")
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return errors.New("webhook: signature timestamp too far from now")
	}
	if !hmac.Equal([]byte(sig), []byte(mac(secret, ts, body))) {
		return errors.New("webhook: signature does not match")
	}
	return nil
}
