package websub

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
)

// Hub modes (hub.mode).
const (
	modeSubscribe   = "subscribe"
	modeUnsubscribe = "unsubscribe"
	modeDenied      = "denied"
)

// Subscribe asks hub for a subscription of source sourceID to topic, with a
// fresh callback token and secret, replacing any subscription the source had.
// The subscription is stored as pending before the request goes out (a hub
// may verify before it answers) and stays pending until the hub verifies it.
// Errors are the store's, or the request's: EINVALID for a hub URL Herald
// will not contact, EUNAVAILABLE when the hub fails or refuses (any answer
// but 2xx); those are also recorded on the subscription.
func (s *Subscriber) Subscribe(ctx context.Context, sourceID int64, hub, topic string) error {
	sub := &herald.Subscription{
		SourceID: sourceID, HubURL: hub, TopicURL: topic,
		Secret: randomHex(secretBytes), Token: randomHex(tokenBytes),
		State: herald.SubscriptionPending, RequestedAt: s.now().UTC(),
	}
	if err := s.store.UpsertSubscription(ctx, sub); err != nil {
		return fmt.Errorf("websub subscribe source %d: %w", sourceID, err)
	}
	return s.request(ctx, sub, modeSubscribe)
}

// Unsubscribe asks the hub to end source sourceID's subscription. The
// subscription is kept, unsubscribing, until the hub verifies the request;
// then it is deleted. ENOTFOUND when the source has no subscription; request
// errors as for Subscribe.
func (s *Subscriber) Unsubscribe(ctx context.Context, sourceID int64) error {
	sub, err := s.store.Subscription(ctx, sourceID)
	if err != nil {
		return fmt.Errorf("websub unsubscribe source %d: %w", sourceID, err)
	}
	sub.State, sub.RequestedAt = herald.SubscriptionUnsubscribing, s.now().UTC()
	if err := s.store.UpsertSubscription(ctx, sub); err != nil {
		return fmt.Errorf("websub unsubscribe source %d: %w", sourceID, err)
	}
	return s.request(ctx, sub, modeUnsubscribe)
}

// Ensure makes sure source sourceID is subscribed to topic at hub: it
// subscribes when the source has no subscription, when the hub or topic
// changed, or when an earlier attempt has had its time (see needsSubscribe).
// It returns at once; the work runs in the background, bounded by
// Options.Timeout and not by ctx, and at most one runs per source. Failures
// are recorded on the subscription and logged.
func (s *Subscriber) Ensure(ctx context.Context, sourceID int64, hub, topic string) {
	if !s.claim(sourceID) {
		return
	}
	s.wg.Go(func() {
		defer s.release(sourceID)
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opts.Timeout)
		defer cancel()
		if err := s.ensure(ctx, sourceID, hub, topic); err != nil {
			s.log.WarnContext(ctx, "websub subscription failed", "source_id", sourceID, "error", err)
		}
	})
}

func (s *Subscriber) ensure(ctx context.Context, sourceID int64, hub, topic string) error {
	sub, err := s.store.Subscription(ctx, sourceID)
	switch {
	case herald.IsNotFound(err):
	case err != nil:
		return fmt.Errorf("websub ensure source %d: %w", sourceID, err)
	case !needsSubscribe(sub, hub, topic, s.now(), s.opts):
		return nil
	}
	return s.Subscribe(ctx, sourceID, hub, topic)
}

// request sends sub's hub a subscribe or unsubscribe request and records a
// failure on sub.
func (s *Subscriber) request(ctx context.Context, sub *herald.Subscription, mode string) error {
	form := url.Values{
		"hub.mode":     {mode},
		"hub.topic":    {sub.TopicURL},
		"hub.callback": {s.callback + sub.Token},
	}
	if mode == modeSubscribe {
		form.Set("hub.lease_seconds", strconv.FormatInt(int64(s.opts.Lease/time.Second), 10))
		form.Set("hub.secret", sub.Secret)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, sub.HubURL, strings.NewReader(form.Encode()))
	if err != nil {
		return s.failed(ctx, sub, mode, herald.Errorf(herald.EINVALID, "hub url %q: %v", sub.HubURL, err))
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, err := s.client.Do(ctx, req); err != nil {
		return s.failed(ctx, sub, mode, err)
	}
	return nil
}

// failed records a failed request on sub and returns it, wrapped.
func (s *Subscriber) failed(ctx context.Context, sub *herald.Subscription, mode string, cause error) error {
	msg := fmt.Sprintf("%s request: %v", mode, cause) // names the hub, never the secret
	if err := s.store.RecordSubscriptionError(context.WithoutCancel(ctx), sub.Token, msg, s.now().UTC()); err != nil && !herald.IsNotFound(err) {
		s.log.WarnContext(ctx, "websub: record subscription error", "source_id", sub.SourceID, "error", err)
	}
	return fmt.Errorf("websub %s source %d: %w", mode, sub.SourceID, cause)
}
