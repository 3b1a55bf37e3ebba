package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// A source's page says whether its stories are pushed over WebSub.
func TestSourcePageShowsPushDelivery(t *testing.T) {
	e := newEnv(t)
	e.seedStory(herald.Story{Title: "Pushed story"})
	ctx := context.Background()
	src, err := e.store.SourceByURL(ctx, "https://news.example/feed")
	if err != nil {
		t.Fatal(err)
	}
	e.signIn()
	page := fmt.Sprintf("/sources/%d", src.ID)

	wantLacks(t, e.get(page), "WebSub", "push delivery")

	sub := &herald.Subscription{SourceID: src.ID, HubURL: "https://hub.example/", TopicURL: src.URL,
		Secret: "s3cret-never-shown", Token: "tok-never-shown", State: herald.SubscriptionPending}
	if err := e.store.UpsertSubscription(ctx, sub); err != nil {
		t.Fatal(err)
	}
	r := e.get(page)
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "Waiting for hub.example to confirm push delivery")
	wantLacks(t, r, "s3cret-never-shown", "tok-never-shown")

	if err := e.store.RecordVerification(ctx, sub.Token, herald.Verification{State: herald.SubscriptionActive, LeaseSeconds: 864000}); err != nil {
		t.Fatal(err)
	}
	if err := e.store.RecordPush(ctx, sub.Token, time.Now().Add(-2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	wantText(t, e.get(page), "New stories are pushed by hub.example (WebSub), last")

	if err := e.store.RecordVerification(ctx, sub.Token, herald.Verification{State: herald.SubscriptionDenied, Reason: "topic not allowed"}); err != nil {
		t.Fatal(err)
	}
	wantText(t, e.get(page), "hub.example refused push delivery: topic not allowed")
}
