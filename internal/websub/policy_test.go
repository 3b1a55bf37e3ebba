package websub

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

var now = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

const ceiling = 6 * time.Hour

// active returns an active subscription verified at verified, pushed to at
// pushed, whose lease ends at expires.
func active(verified, pushed, expires time.Time) *herald.Subscription {
	return &herald.Subscription{
		HubURL: "https://hub.example/", TopicURL: "https://news.example/feed",
		State: herald.SubscriptionActive, VerifiedAt: verified, LastPushAt: pushed, ExpiresAt: expires,
	}
}

func TestCovers(t *testing.T) {
	lease := now.Add(5 * 24 * time.Hour)
	with := func(state herald.SubscriptionState) *herald.Subscription {
		s := active(now.Add(-time.Hour), now.Add(-time.Minute), lease)
		s.State = state
		return s
	}
	renewal := func(err string) *herald.Subscription {
		s := active(now.Add(-3*24*time.Hour), now.Add(-time.Minute), lease)
		s.RequestedAt, s.LastError = now.Add(-time.Hour), err
		return s
	}
	badPush := active(now.Add(-3*24*time.Hour), now.Add(-time.Minute), lease)
	badPush.RequestedAt, badPush.LastError = now.Add(-4*24*time.Hour), "pushed content: not a feed"
	tests := []struct {
		name string
		sub  *herald.Subscription
		want bool
	}{
		{"no subscription", nil, false},
		{"renewal sent, awaiting verification", renewal(""), true},
		{"renewal failed", renewal("subscribe request: HTTP 500"), false},
		{"an earlier push was not a feed", badPush, true},
		{"recent push", active(now.Add(-3*24*time.Hour), now.Add(-time.Hour), lease), true},
		{"push exactly a ceiling ago", active(now.Add(-3*24*time.Hour), now.Add(-ceiling), lease), true},
		{"verified recently, no push yet", active(now.Add(-time.Hour), time.Time{}, lease), true},
		{"quiet longer than the ceiling", active(now.Add(-3*24*time.Hour), now.Add(-ceiling-time.Second), lease), false},
		{"verified long ago, never pushed", active(now.Add(-3*24*time.Hour), time.Time{}, lease), false},
		{"lease lapsed", active(now.Add(-time.Hour), now.Add(-time.Minute), now.Add(-time.Second)), false},
		{"lease ends now", active(now.Add(-time.Hour), now.Add(-time.Minute), now), false},
		{"no lease", active(now.Add(-time.Hour), now.Add(-time.Minute), time.Time{}), false},
		{"pending", with(herald.SubscriptionPending), false},
		{"denied", with(herald.SubscriptionDenied), false},
		{"expired", with(herald.SubscriptionExpired), false},
		{"unsubscribing", with(herald.SubscriptionUnsubscribing), false},
	}
	for _, tc := range tests {
		if got := Covers(tc.sub, now, ceiling); got != tc.want {
			t.Errorf("%s: Covers = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestNeedsSubscribe(t *testing.T) {
	var o Options
	o.defaults()
	const hub, topic = "https://hub.example/", "https://news.example/feed"
	mk := func(state herald.SubscriptionState, requested time.Duration) *herald.Subscription {
		return &herald.Subscription{HubURL: hub, TopicURL: topic, State: state, RequestedAt: now.Add(-requested)}
	}
	tests := []struct {
		name       string
		sub        *herald.Subscription
		hub, topic string
		want       bool
	}{
		{"active", mk(herald.SubscriptionActive, 9*24*time.Hour), hub, topic, false},
		{"active, hub moved", mk(herald.SubscriptionActive, time.Minute), "https://hub2.example/", topic, true},
		{"active, topic moved", mk(herald.SubscriptionActive, time.Minute), hub, "https://news.example/feed2", true},
		{"pending, just asked", mk(herald.SubscriptionPending, time.Minute), hub, topic, false},
		{"pending, never verified", mk(herald.SubscriptionPending, o.Retry), hub, topic, true},
		{"expired, renewal just failed", mk(herald.SubscriptionExpired, time.Minute), hub, topic, false},
		{"expired", mk(herald.SubscriptionExpired, 2*time.Hour), hub, topic, true},
		{"denied today", mk(herald.SubscriptionDenied, 2*time.Hour), hub, topic, false},
		{"denied yesterday", mk(herald.SubscriptionDenied, o.DeniedRetry), hub, topic, true},
		{"unsubscribing", mk(herald.SubscriptionUnsubscribing, 9*24*time.Hour), hub, topic, false},
	}
	for _, tc := range tests {
		if got := needsSubscribe(tc.sub, tc.hub, tc.topic, now, o); got != tc.want {
			t.Errorf("%s: needsSubscribe = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestRenewDue(t *testing.T) {
	var o Options
	o.defaults() // margin 1 day, retry 1 hour
	mk := func(lease, left, sinceRequest time.Duration) *herald.Subscription {
		return &herald.Subscription{
			State: herald.SubscriptionActive, LeaseSeconds: int(lease / time.Second),
			ExpiresAt: now.Add(left), RequestedAt: now.Add(-sinceRequest),
		}
	}
	day := 24 * time.Hour
	tests := []struct {
		name string
		sub  *herald.Subscription
		want bool
	}{
		{"lease far from its end", mk(10*day, 2*day, 8*day), false},
		{"within the margin", mk(10*day, 20*time.Hour, 9*day), true},
		{"within the margin, renewal just sent", mk(10*day, 20*time.Hour, 10*time.Minute), false},
		{"within the margin, last try an hour ago", mk(10*day, 20*time.Hour, time.Hour), true},
		{"short lease, more than half left", mk(time.Hour, 40*time.Minute, 20*time.Minute), false},
		{"short lease, under half left", mk(time.Hour, 25*time.Minute, 35*time.Minute), true},
		{"short lease, retried a quarter lease ago", mk(time.Hour, 10*time.Minute, 15*time.Minute), true},
		{"short lease, retried just now", mk(time.Hour, 10*time.Minute, 5*time.Minute), false},
	}
	for _, tc := range tests {
		if got := renewDue(tc.sub, now, o); got != tc.want {
			t.Errorf("%s: renewDue = %v, want %v", tc.name, got, tc.want)
		}
	}
}
