package websub

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/extract"
)

// maxLeaseSeconds caps the lease a hub may grant (a year).
const maxLeaseSeconds = 366 * 24 * 60 * 60

// maxReason caps the denial reason kept from a hub.
const maxReason = 500

// Handler serves the callbacks of hubs, to be mounted at "/websub/" outside
// any user authentication (the token in the path is the credential):
//
//   - GET /websub/{token}: verification of intent. The hub's challenge is
//     echoed (200, text/plain) only when hub.mode and hub.topic match a
//     subscription of that token that Herald asked for: subscribe for a
//     pending or active one (its lease is then recorded), unsubscribe for an
//     unsubscribing one (which is then deleted). hub.mode=denied records the
//     denial (200). Anything else is 404.
//   - POST /websub/{token}: content distribution. The body (at most
//     Options.MaxBody, else 413) must carry a valid X-Hub-Signature; with one
//     it is ingested and the push recorded (202). Without one, or with a wrong
//     one, the content is ignored and logged, yet the answer is 202 too, as
//     the WebSub recommendation allows, so that a forger learns nothing. An
//     unknown token is 404; a store failure 503, so that the hub retries.
func (s *Subscriber) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /websub/{token}", s.verify)
	mux.HandleFunc("POST /websub/{token}", s.receive)
	return mux
}

// lookup finds the subscription of the request's token, answering 404 or 503
// itself when there is none or the store fails.
func (s *Subscriber) lookup(w http.ResponseWriter, r *http.Request) (*herald.Subscription, bool) {
	sub, err := s.store.SubscriptionByToken(r.Context(), r.PathValue("token"))
	switch {
	case herald.IsNotFound(err):
		http.NotFound(w, r)
		return nil, false
	case err != nil:
		s.unavailable(w, r, "websub: look up callback token", err)
		return nil, false
	}
	return sub, true
}

// unavailable logs err and answers 503.
func (s *Subscriber) unavailable(w http.ResponseWriter, r *http.Request, msg string, err error) {
	s.log.ErrorContext(r.Context(), msg, "error", err)
	http.Error(w, "temporarily unavailable", http.StatusServiceUnavailable)
}

// verify answers a hub's verification of intent, or records its denial.
func (s *Subscriber) verify(w http.ResponseWriter, r *http.Request) {
	sub, ok := s.lookup(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	if q.Get("hub.topic") != sub.TopicURL {
		http.NotFound(w, r)
		return
	}
	switch mode := q.Get("hub.mode"); {
	case mode == modeSubscribe && (sub.State == herald.SubscriptionPending || sub.State == herald.SubscriptionActive):
		s.confirmSubscribe(w, r, sub, q)
	case mode == modeUnsubscribe && sub.State == herald.SubscriptionUnsubscribing:
		s.confirmUnsubscribe(w, r, sub, q.Get("hub.challenge"))
	case mode == modeDenied && (sub.State == herald.SubscriptionPending || sub.State == herald.SubscriptionActive):
		s.recordDenial(w, r, sub, q.Get("hub.reason"))
	default:
		http.NotFound(w, r)
	}
}

// confirmSubscribe records the lease the hub grants and echoes its challenge.
func (s *Subscriber) confirmSubscribe(w http.ResponseWriter, r *http.Request, sub *herald.Subscription, q url.Values) {
	challenge := q.Get("hub.challenge")
	lease, err := leaseSeconds(q.Get("hub.lease_seconds"), s.opts.Lease)
	if challenge == "" || err != nil {
		http.Error(w, "hub.challenge and a positive hub.lease_seconds are required", http.StatusBadRequest)
		return
	}
	v := herald.Verification{State: herald.SubscriptionActive, LeaseSeconds: lease, At: s.now().UTC()}
	if err := s.store.RecordVerification(r.Context(), sub.Token, v); err != nil {
		s.unavailable(w, r, "websub: record verification", err)
		return
	}
	s.log.InfoContext(r.Context(), "websub subscription verified", "source_id", sub.SourceID, "hub", sub.HubURL, "lease_seconds", lease)
	writeChallenge(w, challenge)
}

// leaseSeconds parses hub.lease_seconds, capped at a year; empty means asked.
func leaseSeconds(raw string, asked time.Duration) (int, error) {
	if raw == "" {
		return int(asked / time.Second), nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("hub.lease_seconds %q: want a positive integer", raw)
	}
	return int(min(n, maxLeaseSeconds)), nil
}

// confirmUnsubscribe deletes the subscription and echoes the challenge.
func (s *Subscriber) confirmUnsubscribe(w http.ResponseWriter, r *http.Request, sub *herald.Subscription, challenge string) {
	if challenge == "" {
		http.Error(w, "hub.challenge is required", http.StatusBadRequest)
		return
	}
	if err := s.store.DeleteSubscription(r.Context(), sub.SourceID); err != nil && !herald.IsNotFound(err) {
		s.unavailable(w, r, "websub: delete subscription", err)
		return
	}
	s.log.InfoContext(r.Context(), "websub unsubscribed", "source_id", sub.SourceID, "hub", sub.HubURL)
	writeChallenge(w, challenge)
}

// recordDenial marks the subscription denied, with the hub's reason.
func (s *Subscriber) recordDenial(w http.ResponseWriter, r *http.Request, sub *herald.Subscription, reason string) {
	msg := "denied by the hub"
	if reason != "" {
		msg += ": " + extract.TruncateBytes(reason, maxReason)
	}
	v := herald.Verification{State: herald.SubscriptionDenied, Reason: msg, At: s.now().UTC()}
	if err := s.store.RecordVerification(r.Context(), sub.Token, v); err != nil {
		s.unavailable(w, r, "websub: record denial", err)
		return
	}
	s.log.InfoContext(r.Context(), "websub subscription denied", "source_id", sub.SourceID, "hub", sub.HubURL, "reason", msg)
	w.WriteHeader(http.StatusOK)
}

// writeChallenge echoes the hub's challenge as plain text, never sniffed.
func writeChallenge(w http.ResponseWriter, challenge string) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, challenge)
}

// receive takes a content distribution from a hub.
func (s *Subscriber) receive(w http.ResponseWriter, r *http.Request) {
	sub, ok := s.lookup(w, r)
	if !ok {
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			http.Error(w, fmt.Sprintf("pushed content larger than %d bytes", s.opts.MaxBody), http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "could not read the request body", http.StatusBadRequest)
		return
	}
	if sub.Secret != "" {
		if err := checkSignature(sub.Secret, r.Header.Get("X-Hub-Signature"), body); err != nil {
			s.log.WarnContext(r.Context(), "websub push ignored", "source_id", sub.SourceID, "reason", err.Error())
			w.WriteHeader(http.StatusAccepted)
			return
		}
	}
	s.ingest(w, r, sub, body)
}

// ingest hands an authentic push to the pipeline and records it.
func (s *Subscriber) ingest(w http.ResponseWriter, r *http.Request, sub *herald.Subscription, body []byte) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), s.opts.Timeout)
	defer cancel()
	at := s.now().UTC()
	err := s.opts.Ingest(ctx, sub.SourceID, body, r.Header.Get("Content-Type"))
	switch herald.ErrorCode(err) {
	case "":
		if err := s.store.RecordPush(ctx, sub.Token, at); err != nil && !herald.IsNotFound(err) {
			s.log.WarnContext(ctx, "websub: record push", "source_id", sub.SourceID, "error", err)
		}
	case herald.EINVALID: // a retry would bring the same bytes
		s.log.WarnContext(ctx, "websub push not a feed", "source_id", sub.SourceID, "error", err)
		if err := s.store.RecordSubscriptionError(ctx, sub.Token, "pushed content: "+err.Error(), at); err != nil && !herald.IsNotFound(err) {
			s.log.WarnContext(ctx, "websub: record subscription error", "source_id", sub.SourceID, "error", err)
		}
	case herald.ENOTFOUND:
		http.NotFound(w, r)
		return
	default:
		s.unavailable(w, r, "websub: ingest pushed content", err)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}
