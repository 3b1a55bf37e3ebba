package websub

import (
	"time"

	"github.com/heraldnews/herald"
)

// Covers reports whether sub may stand in for frequent polling at now: the
// hub has verified it (active), its lease has not ended, its last renewal
// request did not fail, and it has shown life (a push, or a verification) no
// longer than quiet ago. quiet is the polling ceiling: while Covers holds, a
// source is polled only that often, as a safety net. A lapsed lease, a failed
// renewal, a denial or a hub gone quiet ends it, and normal adaptive polling
// resumes from the next poll.
func Covers(sub *herald.Subscription, now time.Time, quiet time.Duration) bool {
	if sub == nil || sub.State != herald.SubscriptionActive || !now.Before(sub.ExpiresAt) {
		return false
	}
	if sub.LastError != "" && sub.RequestedAt.After(sub.VerifiedAt) {
		return false // the renewal request failed
	}
	last := sub.VerifiedAt
	if sub.LastPushAt.After(last) {
		last = sub.LastPushAt
	}
	return !last.IsZero() && now.Sub(last) <= quiet
}

// needsSubscribe reports whether a source whose feed names hub and topic
// should be subscribed anew, given its subscription sub: when the hub or the
// topic changed; when a request went unverified, or a lease ran out, and
// Retry has passed since the last request; when a denial is DeniedRetry old.
// Active subscriptions are renewed by Renew, not here.
func needsSubscribe(sub *herald.Subscription, hub, topic string, now time.Time, o Options) bool {
	since := now.Sub(sub.RequestedAt)
	switch {
	case sub.HubURL != hub || sub.TopicURL != topic:
		return true
	case sub.State == herald.SubscriptionActive, sub.State == herald.SubscriptionUnsubscribing:
		return false
	case sub.State == herald.SubscriptionDenied:
		return since >= o.DeniedRetry
	default: // pending, expired
		return since >= o.Retry
	}
}

// renewDue reports whether the active subscription sub should be renewed at
// now: its lease ends within the margin (at most half the lease granted), and
// no request went out for it in the last Retry (at most a quarter of the lease).
func renewDue(sub *herald.Subscription, now time.Time, o Options) bool {
	margin, retry := o.Margin, o.Retry
	if lease := time.Duration(sub.LeaseSeconds) * time.Second; lease > 0 {
		margin, retry = min(margin, lease/2), min(retry, lease/4)
	}
	return sub.ExpiresAt.Sub(now) <= margin && now.Sub(sub.RequestedAt) >= retry
}
