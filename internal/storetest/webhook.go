package storetest

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

var webhookTests = []namedTest{
	{"CreateRules", testWebhookCreateRules},
	{"QueueAndDeliver", testWebhookQueueAndDeliver},
	{"Settle", testWebhookSettle},
	{"ListAndDelete", testWebhookListAndDelete},
}

func newWebhook(t *testing.T, s herald.Store, w herald.Webhook) *herald.Webhook {
	t.Helper()
	if w.URL == "" {
		w.URL = "https://hooks.example/h"
	}
	w.Secret = "s3cret"
	if err := s.CreateWebhook(t.Context(), &w); err != nil {
		t.Fatalf("CreateWebhook(%+v): %v", w, err)
	}
	return &w
}

func testWebhookCreateRules(t *testing.T, s herald.Store) {
	ctx := t.Context()
	u := newUser(t, s, "ada")
	src := newSource(t, s, "https://a.example/feed", "A")
	upsert(t, s, newStory(src.ID, "x", t0, topic("dprk", 0.5), topic("north-korea", 0.5)))
	if _, err := s.MergeTopic(ctx, "dprk", "north-korea"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		w    herald.Webhook
		code string
	}{
		{"no target", herald.Webhook{UserID: u.ID}, herald.EINVALID},
		{"two targets", herald.Webhook{UserID: u.ID, SourceID: src.ID, ClusterID: 3}, herald.EINVALID},
		{"unknown topic", herald.Webhook{UserID: u.ID, TopicSlug: "nowhere"}, herald.ENOTFOUND},
		{"unknown source", herald.Webhook{UserID: u.ID, SourceID: 999}, herald.ENOTFOUND},
		{"unknown user", herald.Webhook{UserID: 999, SourceID: src.ID}, herald.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.w.URL, tc.w.Secret = "https://hooks.example/h", "s"
			wantCode(t, s.CreateWebhook(ctx, &tc.w), tc.code)
		})
	}
	w := newWebhook(t, s, herald.Webhook{UserID: u.ID, TopicSlug: "dprk"})
	if w.TopicSlug != "north-korea" || w.ID == 0 || w.CreatedAt.IsZero() {
		t.Errorf("webhook on a merged topic = %+v; want it on north-korea", w)
	}
}

func testWebhookQueueAndDeliver(t *testing.T, s herald.Store) {
	ctx := t.Context()
	u := newUser(t, s, "ada")
	a, b := newSource(t, s, "https://a.example/feed", "A"), newSource(t, s, "https://b.example/feed", "B")
	before := upsert(t, s, newStory(a.ID, "before", t0, topic("korea", 0.5)))
	byTopic := newWebhook(t, s, herald.Webhook{UserID: u.ID, TopicSlug: "korea"})
	bySource := newWebhook(t, s, herald.Webhook{UserID: u.ID, SourceID: b.ID})
	byCluster := newWebhook(t, s, herald.Webhook{UserID: u.ID, ClusterID: 42})
	stored := t0.Add(time.Hour)
	story := func(src int64, ext string, cluster int64, embargo time.Time, topics ...herald.StoryTopic) int64 {
		st := newStory(src, ext, t0.Add(30*time.Minute), topics...)
		st.FetchedAt, st.ClusterID, st.EmbargoUntil = stored, cluster, embargo
		return upsert(t, s, st).ID
	}
	kTopic := story(a.ID, "k", 0, time.Time{}, topic("korea", 0.8))
	kSource := story(b.ID, "bsrc", 42, time.Time{}, topic("korea", 0.8)) // matches all three
	story(a.ID, "none", 0, time.Time{}, topic("sport", 0.3))
	embargoed := story(a.ID, "emb", 0, stored.Add(3*time.Hour), topic("korea", 0.9))
	now := stored.Add(time.Minute)
	n, err := s.QueueDeliveries(ctx, now, time.Minute, 100)
	if err != nil || n != 5 {
		t.Fatalf("QueueDeliveries = %d, %v; want 5 (k→topic, bsrc→topic, source, cluster, emb→topic)", n, err)
	}
	if n, err := s.QueueDeliveries(ctx, now, time.Minute, 100); err != nil || n != 0 {
		t.Errorf("QueueDeliveries again = %d, %v; want nothing new", n, err)
	}
	due, err := s.DueDeliveries(ctx, now, 100)
	if err != nil {
		t.Fatal(err)
	}
	got := map[[2]int64]bool{}
	for _, d := range due {
		got[[2]int64{d.WebhookID, d.StoryID}] = true
		if d.Webhook == nil || d.Webhook.Secret != "s3cret" || d.Webhook.URL == "" || d.State != herald.DeliveryPending {
			t.Errorf("due delivery %+v lacks its webhook and secret", d)
		}
		if d.StoryID == before.ID {
			t.Error("a story stored before the webhook was made is delivered")
		}
	}
	want := map[[2]int64]bool{{byTopic.ID, kTopic}: true, {byTopic.ID, kSource}: true, {bySource.ID, kSource}: true, {byCluster.ID, kSource}: true}
	diff(t, "due deliveries (the embargoed story waits)", want, got)
	later, err := s.DueDeliveries(ctx, stored.Add(4*time.Hour), 100)
	if err != nil || len(later) != 5 || later[len(later)-1].StoryID != embargoed {
		t.Errorf("due after the embargo = %d deliveries, %v; want the embargoed one last", len(later), err)
	}

	// Outcomes: delivered, retried, given up.
	wantCode(t, s.RecordDelivery(ctx, herald.DeliveryOutcome{DeliveryID: due[0].ID, At: now, Status: 204}), "")
	retry := now.Add(5 * time.Minute)
	wantCode(t, s.RecordDelivery(ctx, herald.DeliveryOutcome{DeliveryID: due[1].ID, At: now, Status: 500, Err: "HTTP 500", Retry: retry}), "")
	wantCode(t, s.RecordDelivery(ctx, herald.DeliveryOutcome{DeliveryID: due[2].ID, At: now, Err: "connection refused"}), "")
	wantCode(t, s.RecordDelivery(ctx, herald.DeliveryOutcome{DeliveryID: 999999, At: now}), herald.ENOTFOUND)
	still, err := s.DueDeliveries(ctx, now, 100)
	if err != nil || len(still) != 1 {
		t.Errorf("due after recording = %d, %v; want the untouched one", len(still), err)
	}
	if again, _ := s.DueDeliveries(ctx, retry, 100); len(again) != 2 || again[1].ID != due[1].ID || again[1].Attempts != 1 {
		t.Errorf("due at the retry time = %+v; want the untouched one, then the retried one with one attempt", again)
	}
	w, err := s.Webhook(ctx, due[2].WebhookID)
	if err != nil {
		t.Fatal(err)
	}
	if w.LastStatus != 0 || w.LastError != "connection refused" || !w.LastAttemptAt.Equal(now) || w.Failed != 1 {
		t.Errorf("webhook after a failure = %+v", w)
	}
	ds, err := s.Deliveries(ctx, due[2].WebhookID, 10)
	if err != nil || len(ds) == 0 || ds[0].ID < ds[len(ds)-1].ID {
		t.Errorf("Deliveries = %+v, %v; want newest first", ds, err)
	}
}

func testWebhookSettle(t *testing.T, s herald.Store) {
	ctx := t.Context()
	u := newUser(t, s, "ada")
	a := newSource(t, s, "https://a.example/feed", "A")
	newWebhook(t, s, herald.Webhook{UserID: u.ID, SourceID: a.ID})
	st := newStory(a.ID, "fresh", t0)
	st.FetchedAt = t0
	upsert(t, s, st)
	if n, err := s.QueueDeliveries(ctx, t0.Add(10*time.Second), time.Minute, 100); err != nil || n != 0 {
		t.Errorf("before it settles: %d, %v; want nothing", n, err)
	}
	if n, err := s.QueueDeliveries(ctx, t0.Add(2*time.Minute), time.Minute, 100); err != nil || n != 1 {
		t.Errorf("once settled: %d, %v; want 1", n, err)
	}
}

func testWebhookListAndDelete(t *testing.T, s herald.Store) {
	ctx := t.Context()
	ada, bob := newUser(t, s, "ada"), newUser(t, s, "bob")
	src := newSource(t, s, "https://a.example/feed", "A")
	w1 := newWebhook(t, s, herald.Webhook{UserID: ada.ID, SourceID: src.ID})
	w2 := newWebhook(t, s, herald.Webhook{UserID: bob.ID, ClusterID: 7})
	mine, err := s.Webhooks(ctx, ada.ID)
	if err != nil || len(mine) != 1 || mine[0].ID != w1.ID || mine[0].Secret != "" || mine[0].SourceID != src.ID {
		t.Errorf("Webhooks(ada) = %+v, %v; want w1 without its secret", mine, err)
	}
	all, err := s.Webhooks(ctx, 0)
	if err != nil || len(all) != 2 || all[1].ID != w2.ID || all[1].ClusterID != 7 {
		t.Errorf("Webhooks(all) = %+v, %v", all, err)
	}
	wantCode(t, s.DeleteWebhook(ctx, w1.ID), "")
	wantCode(t, s.DeleteWebhook(ctx, w1.ID), herald.ENOTFOUND)
	_, err = s.Webhook(ctx, w1.ID)
	wantCode(t, err, herald.ENOTFOUND)
}
