package storetest

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// webSubTests cover the WebSub subscriptions of sources.
var webSubTests = []namedTest{
	{"UpsertAndGet", testSubscriptionUpsert},
	{"Invalid", testSubscriptionInvalid},
	{"Verification", testSubscriptionVerification},
	{"Record", testSubscriptionRecord},
	{"Expiring", testSubscriptionExpiring},
	{"Delete", testSubscriptionDelete},
}

// newSubscription returns a pending subscription of source src with token.
func newSubscription(src int64, token string) *herald.Subscription {
	return &herald.Subscription{
		SourceID: src, HubURL: "https://hub.example/", TopicURL: "https://news.example/feed",
		Secret: "secret-" + token, Token: token, State: herald.SubscriptionPending, RequestedAt: t0,
	}
}

// upsertSubscription stores sub and fails t on error.
func upsertSubscription(t *testing.T, s herald.Store, sub *herald.Subscription) {
	t.Helper()
	if err := s.UpsertSubscription(t.Context(), sub); err != nil {
		t.Fatalf("UpsertSubscription(source %d): %v", sub.SourceID, err)
	}
}

// subscription reads the subscription of source id and fails t on error.
func subscription(t *testing.T, s herald.Store, id int64) *herald.Subscription {
	t.Helper()
	sub, err := s.Subscription(t.Context(), id)
	if err != nil {
		t.Fatalf("Subscription(%d): %v", id, err)
	}
	return sub
}

func testSubscriptionUpsert(t *testing.T, s herald.Store) {
	ctx := t.Context()
	src := newSource(t, s, "https://news.example/feed", "News")
	sub := newSubscription(src.ID, "tok-1")
	sub.LastError = "hub said no"
	before := time.Now()
	upsertSubscription(t, s, sub)
	within(t, "CreatedAt", sub.CreatedAt, before, time.Now())
	diff(t, "Subscription", sub, subscription(t, s, src.ID))
	got, err := s.SubscriptionByToken(ctx, "tok-1")
	if err != nil {
		t.Fatalf("SubscriptionByToken: %v", err)
	}
	diff(t, "SubscriptionByToken", sub, got)

	// Replacing keeps CreatedAt and retires the old token.
	created := sub.CreatedAt
	repl := newSubscription(src.ID, "tok-2")
	repl.State, repl.LeaseSeconds, repl.ExpiresAt, repl.VerifiedAt, repl.LastPushAt = herald.SubscriptionActive, 3600, t0.Add(time.Hour), t0, t0
	upsertSubscription(t, s, repl)
	if !repl.CreatedAt.Equal(created) {
		t.Errorf("replaced CreatedAt = %v, want %v", repl.CreatedAt, created)
	}
	diff(t, "replaced subscription", repl, subscription(t, s, src.ID))
	_, err = s.SubscriptionByToken(ctx, "tok-1")
	wantCode(t, err, herald.ENOTFOUND)

	other := newSource(t, s, "https://other.example/feed", "Other")
	wantCode(t, s.UpsertSubscription(ctx, newSubscription(other.ID, "tok-2")), herald.ECONFLICT)
	wantCode(t, s.UpsertSubscription(ctx, newSubscription(other.ID+1000, "tok-9")), herald.ENOTFOUND)
	_, err = s.Subscription(ctx, other.ID)
	wantCode(t, err, herald.ENOTFOUND)
	_, err = s.SubscriptionByToken(ctx, "")
	wantCode(t, err, herald.ENOTFOUND)
}

func testSubscriptionInvalid(t *testing.T, s herald.Store) {
	src := newSource(t, s, "https://news.example/feed", "News")
	for name, change := range map[string]func(*herald.Subscription){
		"no hub":        func(sub *herald.Subscription) { sub.HubURL = "" },
		"no topic":      func(sub *herald.Subscription) { sub.TopicURL = "" },
		"no token":      func(sub *herald.Subscription) { sub.Token = "" },
		"unknown state": func(sub *herald.Subscription) { sub.State = "sleeping" },
	} {
		sub := newSubscription(src.ID, "tok")
		change(sub)
		if err := s.UpsertSubscription(t.Context(), sub); herald.ErrorCode(err) != herald.EINVALID {
			t.Errorf("%s: UpsertSubscription error = %v, want EINVALID", name, err)
		}
	}
	upsertSubscription(t, s, newSubscription(src.ID, "tok"))
	err := s.RecordVerification(t.Context(), "tok", herald.Verification{State: herald.SubscriptionPending})
	wantCode(t, err, herald.EINVALID)
}

func testSubscriptionVerification(t *testing.T, s herald.Store) {
	ctx := t.Context()
	src := newSource(t, s, "https://news.example/feed", "News")
	sub := newSubscription(src.ID, "tok")
	sub.LastError = "timeout"
	upsertSubscription(t, s, sub)

	at := t0.Add(time.Minute)
	if err := s.RecordVerification(ctx, "tok", herald.Verification{State: herald.SubscriptionActive, LeaseSeconds: 86400, At: at}); err != nil {
		t.Fatalf("RecordVerification(active): %v", err)
	}
	got := subscription(t, s, src.ID)
	want := *sub
	want.State, want.LeaseSeconds, want.ExpiresAt, want.VerifiedAt, want.LastError = herald.SubscriptionActive, 86400, at.Add(24*time.Hour), at, ""
	want.UpdatedAt = at
	diff(t, "after verification", &want, got)

	if err := s.RecordVerification(ctx, "tok", herald.Verification{State: herald.SubscriptionExpired, At: at.Add(time.Hour)}); err != nil {
		t.Fatalf("RecordVerification(expired): %v", err)
	}
	got = subscription(t, s, src.ID)
	if got.State != herald.SubscriptionExpired || !got.ExpiresAt.Equal(want.ExpiresAt) || got.LeaseSeconds != 86400 {
		t.Errorf("after expiry = %s lease %d until %v; want expired, lease and expiry kept", got.State, got.LeaseSeconds, got.ExpiresAt)
	}

	if err := s.RecordVerification(ctx, "tok", herald.Verification{State: herald.SubscriptionDenied, Reason: "topic not allowed", At: at}); err != nil {
		t.Fatalf("RecordVerification(denied): %v", err)
	}
	got = subscription(t, s, src.ID)
	if got.State != herald.SubscriptionDenied || got.LastError != "topic not allowed" || !got.ExpiresAt.IsZero() {
		t.Errorf("after denial = %s, error %q, expires %v; want denied with the reason and no lease end", got.State, got.LastError, got.ExpiresAt)
	}
	err := s.RecordVerification(ctx, "nope", herald.Verification{State: herald.SubscriptionActive, LeaseSeconds: 60})
	wantCode(t, err, herald.ENOTFOUND)
}

func testSubscriptionRecord(t *testing.T, s herald.Store) {
	ctx := t.Context()
	src := newSource(t, s, "https://news.example/feed", "News")
	upsertSubscription(t, s, newSubscription(src.ID, "tok"))
	if err := s.RecordPush(ctx, "tok", t0.Add(time.Hour)); err != nil {
		t.Fatalf("RecordPush: %v", err)
	}
	if err := s.RecordRequest(ctx, "tok", t0.Add(90*time.Minute)); err != nil {
		t.Fatalf("RecordRequest: %v", err)
	}
	if err := s.RecordSubscriptionError(ctx, "tok", "hub answered HTTP 500", t0.Add(2*time.Hour)); err != nil {
		t.Fatalf("RecordSubscriptionError: %v", err)
	}
	got := subscription(t, s, src.ID)
	if !got.LastPushAt.Equal(t0.Add(time.Hour)) || !got.RequestedAt.Equal(t0.Add(90*time.Minute)) ||
		got.LastError != "hub answered HTTP 500" || got.State != herald.SubscriptionPending {
		t.Errorf("after push, request and error = push %v, requested %v, error %q, state %s",
			got.LastPushAt, got.RequestedAt, got.LastError, got.State)
	}
	if !got.UpdatedAt.Equal(t0.Add(2 * time.Hour)) {
		t.Errorf("UpdatedAt = %v, want %v", got.UpdatedAt, t0.Add(2*time.Hour))
	}
	wantCode(t, s.RecordPush(ctx, "nope", t0), herald.ENOTFOUND)
	wantCode(t, s.RecordSubscriptionError(ctx, "nope", "x", t0), herald.ENOTFOUND)
	wantCode(t, s.RecordRequest(ctx, "nope", t0), herald.ENOTFOUND)
}

func testSubscriptionExpiring(t *testing.T, s herald.Store) {
	ctx := t.Context()
	mk := func(url, token string, state herald.SubscriptionState, expires time.Time) int64 {
		src := newSource(t, s, url, url)
		sub := newSubscription(src.ID, token)
		sub.State, sub.ExpiresAt = state, expires
		upsertSubscription(t, s, sub)
		return src.ID
	}
	lapsed := mk("https://a.example/feed", "a", herald.SubscriptionActive, t0.Add(-time.Hour))
	soon := mk("https://b.example/feed", "b", herald.SubscriptionActive, t0.Add(time.Hour))
	mk("https://c.example/feed", "c", herald.SubscriptionActive, t0.Add(48*time.Hour))
	mk("https://d.example/feed", "d", herald.SubscriptionPending, time.Time{})
	mk("https://e.example/feed", "e", herald.SubscriptionExpired, t0.Add(-2*time.Hour))
	mk("https://f.example/feed", "f", herald.SubscriptionDenied, time.Time{})

	got, err := s.ExpiringSubscriptions(ctx, t0.Add(24*time.Hour), 0)
	if err != nil {
		t.Fatalf("ExpiringSubscriptions: %v", err)
	}
	var ids []int64
	for _, sub := range got {
		ids = append(ids, sub.SourceID)
	}
	diff(t, "expiring within a day (source ids)", []int64{lapsed, soon}, ids)
	got, err = s.ExpiringSubscriptions(ctx, t0.Add(24*time.Hour), 1)
	if err != nil || len(got) != 1 || got[0].SourceID != lapsed {
		t.Errorf("ExpiringSubscriptions(limit 1) = %v, %v; want the lapsed one only", got, err)
	}
}

func testSubscriptionDelete(t *testing.T, s herald.Store) {
	ctx := t.Context()
	a := newSource(t, s, "https://a.example/feed", "A")
	b := newSource(t, s, "https://b.example/feed", "B")
	upsertSubscription(t, s, newSubscription(a.ID, "a"))
	upsertSubscription(t, s, newSubscription(b.ID, "b"))
	if err := s.DeleteSubscription(ctx, a.ID); err != nil {
		t.Fatalf("DeleteSubscription: %v", err)
	}
	_, err := s.Subscription(ctx, a.ID)
	wantCode(t, err, herald.ENOTFOUND)
	wantCode(t, s.DeleteSubscription(ctx, a.ID), herald.ENOTFOUND)

	// Deleting the source deletes its subscription.
	if err := s.DeleteSource(ctx, b.ID); err != nil {
		t.Fatalf("DeleteSource: %v", err)
	}
	_, err = s.SubscriptionByToken(ctx, "b")
	wantCode(t, err, herald.ENOTFOUND)
}
