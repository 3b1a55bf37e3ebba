package websub_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/websub"
)

// publisher serves a feed that names a hub, and can change what it serves.
type publisher struct {
	*httptest.Server
	mu  sync.Mutex
	doc string
}

func newPublisher(t *testing.T) *publisher {
	p := &publisher{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		defer p.mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, p.doc)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *publisher) serve(doc string) {
	p.mu.Lock()
	p.doc = doc
	p.mu.Unlock()
}

// hubCall sends what a hub sends to a subscriber's callback and returns the
// status and body.
func hubCall(t *testing.T, method, callback string, q url.Values, header http.Header, body string) (int, string) {
	t.Helper()
	if q != nil {
		callback += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(t.Context(), method, callback, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestEndToEnd: a publisher's feed names a hub; a refresh subscribes; the hub
// verifies the intent on the callback URL Herald gave it and pushes content
// signed with the secret Herald gave it; the story appears; polling drops to
// the ceiling interval while the hub pushes.
func TestEndToEnd(t *testing.T) {
	e := newEnv(t, websub.Options{})
	h := newHub(t)
	pub := newPublisher(t)
	self := pub.URL + "/feed.xml"
	pub.serve(rss(pub.URL, h.URL+"/hub", self, item{"one", "Council meets"}))
	src, err := e.pipe.AddSource(t.Context(), self)
	if err != nil {
		t.Fatal(err)
	}

	// A refresh stores the polled story and asks the hub, in the background.
	if st, err := e.pipe.RefreshDue(t.Context(), true); err != nil || st.New != 1 {
		t.Fatalf("refresh = %+v, %v; want 1 new story", st, err)
	}
	e.sub.Wait()
	reqs := h.got()
	if len(reqs) != 1 || reqs[0].Get("hub.mode") != "subscribe" || reqs[0].Get("hub.topic") != self {
		t.Fatalf("hub got %v; want one subscribe to %s", reqs, self)
	}
	sub := e.subscription(t, src.ID)
	if sub.State != herald.SubscriptionPending || sub.HubURL != h.URL+"/hub" {
		t.Fatalf("after refresh: %s at %s; want pending at the feed's hub", sub.State, sub.HubURL)
	}

	// The hub verifies the intent, as WebSub has it: GET on hub.callback.
	callback, secret := reqs[0].Get("hub.callback"), reqs[0].Get("hub.secret")
	q := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {self}, "hub.challenge": {"e2e-challenge"}, "hub.lease_seconds": {"86400"}}
	if code, body := hubCall(t, http.MethodGet, callback, q, http.Header{}, ""); code != http.StatusOK || body != "e2e-challenge" {
		t.Fatalf("verification = %d %q, want 200 and the challenge", code, body)
	}
	if got := e.subscription(t, src.ID); got.State != herald.SubscriptionActive {
		t.Fatalf("after verification: %s, want active", got.State)
	}

	// The hub pushes a new entry, signed with the secret.
	doc := rss(pub.URL, h.URL+"/hub", self, item{"two", "Harbour reopens"})
	header := http.Header{"Content-Type": {"application/rss+xml"}, "X-Hub-Signature": {sign("sha256", secret, doc)}}
	if code, _ := hubCall(t, http.MethodPost, callback, nil, header, doc); code != http.StatusAccepted {
		t.Fatalf("push = %d, want 202", code)
	}
	if d := cmp.Diff([]string{"Council meets", "Harbour reopens"}, e.stories(t, src.ID), sortStrings); d != "" {
		t.Errorf("stories after the push (-want +got):\n%s", d)
	}

	// While the hub pushes, the next poll waits the ceiling (6 h by default),
	// not the feed's adaptive interval; no second subscribe goes out.
	if _, err := e.pipe.RefreshDue(t.Context(), true); err != nil {
		t.Fatal(err)
	}
	e.sub.Wait()
	got, err := e.store.Source(t.Context(), src.ID)
	if err != nil {
		t.Fatal(err)
	}
	if wait := time.Until(got.NextFetchAt); wait < 5*time.Hour {
		t.Errorf("next poll in %s while the hub pushes; want the 6h ceiling", wait.Round(time.Minute))
	}
	if n := len(h.got()); n != 1 {
		t.Errorf("hub got %d requests, want 1: an active subscription is not asked for again", n)
	}
}
