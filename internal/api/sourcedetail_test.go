package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/heraldnews/herald"
)

func TestGetSourceShowsWebSub(t *testing.T) {
	e := newRouteEnv(t)
	path := fmt.Sprintf("/api/v1/sources/%d", e.alpha.ID)

	var plain map[string]any
	e.do(t, "GET", path, e.tokA, nil).decodeInto(t, http.StatusOK, &plain)
	if plain["url"] != e.alpha.URL || plain["websub"] != nil {
		t.Errorf("source without a hub = %v; want its fields and no websub", plain)
	}

	sub := &herald.Subscription{SourceID: e.alpha.ID, HubURL: "https://hub.example/", TopicURL: e.alpha.URL,
		Secret: "s3cret", Token: "tok3n", State: herald.SubscriptionPending}
	if err := e.store.UpsertSubscription(context.Background(), sub); err != nil {
		t.Fatal(err)
	}
	if err := e.store.RecordVerification(context.Background(), "tok3n", herald.Verification{State: herald.SubscriptionActive, LeaseSeconds: 3600}); err != nil {
		t.Fatal(err)
	}
	resp := e.do(t, "GET", path, e.tokA, nil)
	if strings.Contains(string(resp.body), "s3cret") || strings.Contains(string(resp.body), "tok3n") {
		t.Fatalf("source answer leaks the subscription's credentials: %s", resp.body)
	}
	var got struct {
		ID     int64 `json:"id"`
		WebSub struct {
			State     string `json:"state"`
			Hub       string `json:"hub"`
			ExpiresAt string `json:"expires_at"`
		} `json:"websub"`
	}
	resp.decodeInto(t, http.StatusOK, &got)
	if got.ID != e.alpha.ID || got.WebSub.State != "active" || got.WebSub.Hub != "https://hub.example/" || got.WebSub.ExpiresAt == "" {
		t.Errorf("source with an active subscription = %+v", got)
	}
}
