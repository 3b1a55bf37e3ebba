package websub

import (
	"context"
	"fmt"
	"time"

	"github.com/heraldnews/herald"
)

// renewBatch is the most subscriptions one Renew looks at.
const renewBatch = 500

// RenewLogged is one round of Renew that logs its outcome: the job that
// runs once across the instances sharing the store.
func (s *Subscriber) RenewLogged(ctx context.Context) {
	n, err := s.Renew(ctx)
	switch {
	case err != nil && ctx.Err() == nil:
		s.log.ErrorContext(ctx, "websub renewal round failed", "error", err)
	case n > 0:
		s.log.InfoContext(ctx, "websub renewal round", "renewed", n)
	}
}

// Renew looks at the active subscriptions whose lease ends within the margin:
// it asks their hubs again, with the same callback and secret, when renewDue
// says so, and marks expired those whose lease has ended. It returns how many
// renewal requests the hubs accepted; a failed request is recorded on its
// subscription, not returned. The error is the store's or ctx's.
func (s *Subscriber) Renew(ctx context.Context) (int, error) {
	now := s.now().UTC()
	subs, err := s.store.ExpiringSubscriptions(ctx, now.Add(s.opts.Margin), renewBatch)
	if err != nil {
		return 0, fmt.Errorf("websub renew: %w", err)
	}
	n := 0
	for _, sub := range subs {
		if ctx.Err() != nil {
			break
		}
		switch {
		case !now.Before(sub.ExpiresAt):
			s.expire(ctx, sub, now)
		case renewDue(sub, now, s.opts) && s.renew(ctx, sub, now):
			n++
		}
	}
	if err := ctx.Err(); err != nil {
		return n, fmt.Errorf("websub renew: %w", err)
	}
	return n, nil
}

// renew asks sub's hub to extend the lease and reports whether it accepted.
// The subscription stays active meanwhile; the hub's verification sets the new lease.
func (s *Subscriber) renew(ctx context.Context, sub *herald.Subscription, now time.Time) bool {
	if !s.claim(sub.SourceID) {
		return false
	}
	defer s.release(sub.SourceID)
	if err := s.store.RecordRequest(ctx, sub.Token, now); err != nil {
		s.log.WarnContext(ctx, "websub renewal not sent", "source_id", sub.SourceID, "error", err)
		return false
	}
	if err := s.request(ctx, sub, modeSubscribe); err != nil {
		s.log.WarnContext(ctx, "websub renewal failed", "source_id", sub.SourceID, "error", err)
		return false
	}
	return true
}

// expire marks sub, whose lease has ended, expired. The next poll of its
// source subscribes again (see needsSubscribe).
func (s *Subscriber) expire(ctx context.Context, sub *herald.Subscription, now time.Time) {
	err := s.store.RecordVerification(ctx, sub.Token, herald.Verification{State: herald.SubscriptionExpired, At: now})
	if err != nil && !herald.IsNotFound(err) {
		s.log.WarnContext(ctx, "websub: mark subscription expired", "source_id", sub.SourceID, "error", err)
		return
	}
	s.log.InfoContext(ctx, "websub lease ended", "source_id", sub.SourceID, "hub", sub.HubURL)
}
