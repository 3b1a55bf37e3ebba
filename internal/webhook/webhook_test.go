package webhook_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/fetch"
	"github.com/heraldnews/herald/internal/store"
	"github.com/heraldnews/herald/internal/webhook"
)

// receiver is a webhook endpoint that answers with the statuses it is
// given, in turn (200 once they run out), and keeps what it got.
type receiver struct {
	mu       sync.Mutex
	statuses []int
	got      []received
	srv      *httptest.Server
}

type received struct {
	header http.Header
	body   []byte
}

func newReceiver(t *testing.T, statuses ...int) *receiver {
	rc := &receiver{statuses: statuses}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.got = append(rc.got, received{r.Header.Clone(), body})
		status := http.StatusOK
		if len(rc.statuses) > 0 {
			status, rc.statuses = rc.statuses[0], rc.statuses[1:]
		}
		rc.mu.Unlock()
		if status == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", "3600")
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) received() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

// fixture is a store with a source, a reader's webhook on it, and a
// dispatcher whose clock the test moves.
type fixture struct {
	db   *store.DB
	src  *herald.Source
	hook *herald.Webhook
	now  time.Time
	d    *webhook.Dispatcher
}

func newFixture(t *testing.T, url string, allow bool) *fixture {
	t.Helper()
	ctx := t.Context()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{db: db, now: time.Now().UTC().Truncate(time.Second)}
	u := &herald.User{Name: "ada", PasswordHash: "unused"}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	f.src = &herald.Source{URL: "https://a.example/feed", Title: "A"}
	if err := db.CreateSource(ctx, f.src); err != nil {
		t.Fatal(err)
	}
	f.hook = &herald.Webhook{UserID: u.ID, URL: url, Secret: "whsec_test", SourceID: f.src.ID}
	if err := db.CreateWebhook(ctx, f.hook); err != nil {
		t.Fatal(err)
	}
	var opts fetch.Options
	if allow {
		opts.AllowNetworks = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	}
	f.d = &webhook.Dispatcher{Store: db, Client: fetch.New(opts), Settle: time.Minute, Now: func() time.Time { return f.now }}
	return f
}

// story stores a story of the source, stored two minutes before now.
func (f *fixture) story(t *testing.T, ext string) *herald.Story {
	t.Helper()
	st := &herald.Story{SourceID: f.src.ID, ExternalID: ext, URL: "https://a.example/" + ext, Title: "Story " + ext,
		PublishedAt: f.now.Add(-time.Hour), FetchedAt: f.now.Add(-2 * time.Minute)}
	if _, err := f.db.UpsertStory(t.Context(), st); err != nil {
		t.Fatal(err)
	}
	return st
}

func (f *fixture) step(t *testing.T) (int, int) {
	t.Helper()
	q, s, err := f.d.Step(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return q, s
}

func TestDeliverSigned(t *testing.T) {
	rc := newReceiver(t)
	f := newFixture(t, rc.srv.URL+"/hook?x=1", true)
	st := f.story(t, "one")
	if q, s := f.step(t); q != 1 || s != 1 {
		t.Fatalf("step queued %d, sent %d; want 1 and 1", q, s)
	}
	got := rc.received()
	if len(got) != 1 {
		t.Fatalf("receiver got %d posts", len(got))
	}
	h := got[0].header
	if err := webhook.Verify("whsec_test", h.Get("Herald-Signature"), got[0].body, f.now, 5*time.Minute); err != nil {
		t.Errorf("signature %q does not verify: %v", h.Get("Herald-Signature"), err)
	}
	if err := webhook.Verify("whsec_other", h.Get("Herald-Signature"), got[0].body, f.now, 5*time.Minute); err == nil {
		t.Error("a signature verifies with another secret")
	}
	if err := webhook.Verify("whsec_test", h.Get("Herald-Signature"), got[0].body, f.now.Add(time.Hour), 5*time.Minute); err == nil {
		t.Error("an old signature verifies (replay)")
	}
	if h.Get("Herald-Event") != webhook.Event || h.Get("Content-Type") != "application/json" || h.Get("Herald-Delivery") == "" {
		t.Errorf("headers %v", h)
	}
	var p webhook.Payload
	if err := json.Unmarshal(got[0].body, &p); err != nil {
		t.Fatal(err)
	}
	if p.Story == nil || p.Story.ID != st.ID || p.Story.Title != "Story one" || p.Match.SourceID != f.src.ID || p.WebhookID != f.hook.ID {
		t.Errorf("payload %+v", p)
	}
	w, _ := f.db.Webhook(t.Context(), f.hook.ID)
	if w.Delivered != 1 || w.LastStatus != 200 || w.LastError != "" || !w.LastAttemptAt.Equal(f.now) {
		t.Errorf("webhook after delivery %+v", w)
	}
	if q, s := f.step(t); q != 0 || s != 0 {
		t.Errorf("a second step queued %d and sent %d; want nothing", q, s)
	}
}

func TestRetryWithBackoff(t *testing.T) {
	rc := newReceiver(t, http.StatusInternalServerError, http.StatusServiceUnavailable)
	f := newFixture(t, rc.srv.URL, true)
	f.story(t, "one")
	f.step(t)
	ds, _ := f.db.Deliveries(t.Context(), f.hook.ID, 10)
	if len(ds) != 1 || ds[0].State != herald.DeliveryPending || ds[0].LastStatus != 500 || !ds[0].NextAttemptAt.Equal(f.now.Add(time.Minute)) {
		t.Fatalf("after a 500: %+v; want a retry in a minute", ds)
	}
	f.now = f.now.Add(30 * time.Second)
	if _, s := f.step(t); s != 0 {
		t.Error("retried before its back-off")
	}
	f.now = f.now.Add(time.Minute)
	f.step(t)
	ds, _ = f.db.Deliveries(t.Context(), f.hook.ID, 10)
	if ds[0].Attempts != 2 || ds[0].LastStatus != 503 || !ds[0].NextAttemptAt.Equal(f.now.Add(time.Hour)) {
		t.Fatalf("after a 503 with Retry-After: 3600: %+v; want the next try an hour on", ds[0])
	}
	f.now = f.now.Add(time.Hour)
	f.step(t)
	ds, _ = f.db.Deliveries(t.Context(), f.hook.ID, 10)
	if ds[0].State != herald.DeliveryDelivered || ds[0].Attempts != 3 || len(rc.received()) != 3 {
		t.Errorf("after the third attempt: %+v, %d posts", ds[0], len(rc.received()))
	}
}

func TestGiveUp(t *testing.T) {
	rc := newReceiver(t, 500, 500, 500)
	f := newFixture(t, rc.srv.URL, true)
	f.d.Backoff = []time.Duration{time.Minute, time.Minute}
	f.story(t, "one")
	for range 3 {
		f.step(t)
		f.now = f.now.Add(2 * time.Minute)
	}
	ds, _ := f.db.Deliveries(t.Context(), f.hook.ID, 10)
	if ds[0].State != herald.DeliveryFailed || ds[0].Attempts != 3 {
		t.Errorf("after the back-off is spent: %+v; want failed after 3 attempts", ds[0])
	}
	w, _ := f.db.Webhook(t.Context(), f.hook.ID)
	if w.Failed != 1 || w.LastStatus != 500 || !strings.Contains(w.LastError, "500") {
		t.Errorf("webhook = %+v", w)
	}
}

// A webhook on a private address is refused by the outbound guard unless
// the operator allows the network, and given up at once.
func TestPrivateAddressRefused(t *testing.T) {
	rc := newReceiver(t)
	f := newFixture(t, rc.srv.URL, false)
	f.story(t, "one")
	f.step(t)
	if len(rc.received()) != 0 {
		t.Fatal("posted to a loopback address without --allow-networks")
	}
	ds, _ := f.db.Deliveries(t.Context(), f.hook.ID, 10)
	if ds[0].State != herald.DeliveryFailed || !strings.Contains(ds[0].LastError, "private") {
		t.Errorf("delivery = %+v; want failed for good, naming the private network", ds[0])
	}
}

func TestSignFormat(t *testing.T) {
	at := time.Unix(1700000000, 0)
	got := webhook.Sign("k", at, []byte(`{"a":1}`))
	// HMAC-SHA256 of `1700000000.{"a":1}` under the key "k", computed apart
	// (Python's hmac module).
	want := "t=1700000000,v1=1b6ad1bc9bf48c52ce01939866d5877c6cc4e87ddad27e16673cb8c4964394a3"
	if got != want {
		t.Errorf("Sign = %q, want %q", got, want)
	}
	if err := webhook.Verify("k", got, []byte(`{"a":1}`), at, time.Minute); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{"", "t=x,v1=ab", "v1=ab", "t=1700000000"} {
		if webhook.Verify("k", bad, []byte(`{"a":1}`), at, time.Minute) == nil {
			t.Errorf("Verify(%q) succeeded", bad)
		}
	}
}

// FuzzVerify: no header makes Verify panic, and only the true signature
// verifies.
func FuzzVerify(f *testing.F) {
	at := time.Unix(1700000000, 0)
	body := []byte(`{"a":1}`)
	f.Add(webhook.Sign("k", at, body))
	f.Add("t=1700000000,v1=00")
	f.Add(",,=,t=")
	f.Fuzz(func(t *testing.T, header string) {
		err := webhook.Verify("k", header, body, at, time.Minute)
		if err == nil && header != webhook.Sign("k", at, body) && !strings.Contains(header, webhook.Sign("k", at, body)[16:]) {
			t.Fatalf("Verify accepted %q", header)
		}
	})
}
