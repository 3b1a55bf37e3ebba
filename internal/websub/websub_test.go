package websub_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/websub"
)

const topicURL = "https://news.example/feed.xml"

var hex64 = regexp.MustCompile(`^[0-9a-f]{64}$`)

func TestSubscribeRequest(t *testing.T) {
	e := newEnv(t, websub.Options{})
	h := newHub(t)
	src := e.source(t, topicURL)
	before := time.Now().Add(-time.Millisecond)
	if err := e.sub.Subscribe(t.Context(), src.ID, h.URL+"/hub", topicURL); err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
	sub := e.subscription(t, src.ID)
	if sub.State != herald.SubscriptionPending || sub.LastError != "" || sub.RequestedAt.Before(before) {
		t.Errorf("subscription = %s, error %q, requested %v; want pending, no error, requested now", sub.State, sub.LastError, sub.RequestedAt)
	}
	if !hex64.MatchString(sub.Token) || !hex64.MatchString(sub.Secret) || sub.Token == sub.Secret {
		t.Errorf("token and secret must be distinct 32-byte hex strings")
	}
	reqs := h.got()
	if len(reqs) != 1 {
		t.Fatalf("hub got %d requests, want 1", len(reqs))
	}
	want := url.Values{
		"hub.mode":          {"subscribe"},
		"hub.topic":         {topicURL},
		"hub.callback":      {e.public + "/websub/" + sub.Token},
		"hub.secret":        {sub.Secret},
		"hub.lease_seconds": {"864000"},
	}
	if d := cmp.Diff(want, reqs[0]); d != "" {
		t.Errorf("subscribe request (-want +got):\n%s", d)
	}

	// Subscribing again replaces the credentials.
	if err := e.sub.Subscribe(t.Context(), src.ID, h.URL+"/hub", topicURL); err != nil {
		t.Fatalf("Subscribe again: %v", err)
	}
	again := e.subscription(t, src.ID)
	if again.Token == sub.Token || again.Secret == sub.Secret {
		t.Error("a new subscription kept the old token or secret")
	}
}

func TestSubscribeHubRefuses(t *testing.T) {
	e := newEnv(t, websub.Options{})
	h := newHub(t)
	h.status = http.StatusInternalServerError
	src := e.source(t, topicURL)
	err := e.sub.Subscribe(t.Context(), src.ID, h.URL, topicURL)
	if herald.ErrorCode(err) != herald.EUNAVAILABLE {
		t.Fatalf("Subscribe to a failing hub = %v, want EUNAVAILABLE", err)
	}
	sub := e.subscription(t, src.ID)
	if sub.State != herald.SubscriptionPending || !strings.Contains(sub.LastError, "500") {
		t.Errorf("subscription = %s, error %q; want pending with the hub's 500 recorded", sub.State, sub.LastError)
	}
	if strings.Contains(sub.LastError, sub.Secret) {
		t.Error("the recorded error holds the secret")
	}
}

func TestVerification(t *testing.T) {
	tests := []struct {
		name      string
		query     func(sub *herald.Subscription) url.Values
		token     func(sub *herald.Subscription) string
		wantCode  int
		wantBody  string
		wantState herald.SubscriptionState
		wantLease int
	}{
		{
			name: "challenge echoed",
			query: func(sub *herald.Subscription) url.Values {
				return url.Values{"hub.mode": {"subscribe"}, "hub.topic": {sub.TopicURL}, "hub.challenge": {"xyz<b>"}, "hub.lease_seconds": {"3600"}}
			},
			wantCode: http.StatusOK, wantBody: "xyz<b>", wantState: herald.SubscriptionActive, wantLease: 3600,
		},
		{
			name: "lease capped at a year",
			query: func(sub *herald.Subscription) url.Values {
				return url.Values{"hub.mode": {"subscribe"}, "hub.topic": {sub.TopicURL}, "hub.challenge": {"c"}, "hub.lease_seconds": {"99999999999"}}
			},
			wantCode: http.StatusOK, wantBody: "c", wantState: herald.SubscriptionActive, wantLease: 366 * 86400,
		},
		{
			name: "wrong topic",
			query: func(sub *herald.Subscription) url.Values {
				return url.Values{"hub.mode": {"subscribe"}, "hub.topic": {"https://evil.example/feed"}, "hub.challenge": {"c"}, "hub.lease_seconds": {"3600"}}
			},
			wantCode: http.StatusNotFound, wantState: herald.SubscriptionPending,
		},
		{
			name: "unknown token",
			query: func(sub *herald.Subscription) url.Values {
				return url.Values{"hub.mode": {"subscribe"}, "hub.topic": {sub.TopicURL}, "hub.challenge": {"c"}, "hub.lease_seconds": {"3600"}}
			},
			token:    func(*herald.Subscription) string { return strings.Repeat("0", 64) },
			wantCode: http.StatusNotFound, wantState: herald.SubscriptionPending,
		},
		{
			name: "unsubscribe never asked for",
			query: func(sub *herald.Subscription) url.Values {
				return url.Values{"hub.mode": {"unsubscribe"}, "hub.topic": {sub.TopicURL}, "hub.challenge": {"c"}}
			},
			wantCode: http.StatusNotFound, wantState: herald.SubscriptionPending,
		},
		{
			name: "unknown mode",
			query: func(sub *herald.Subscription) url.Values {
				return url.Values{"hub.mode": {"publish"}, "hub.topic": {sub.TopicURL}, "hub.challenge": {"c"}}
			},
			wantCode: http.StatusNotFound, wantState: herald.SubscriptionPending,
		},
		{
			name: "no challenge",
			query: func(sub *herald.Subscription) url.Values {
				return url.Values{"hub.mode": {"subscribe"}, "hub.topic": {sub.TopicURL}, "hub.lease_seconds": {"3600"}}
			},
			wantCode: http.StatusBadRequest, wantState: herald.SubscriptionPending,
		},
		{
			name: "bad lease",
			query: func(sub *herald.Subscription) url.Values {
				return url.Values{"hub.mode": {"subscribe"}, "hub.topic": {sub.TopicURL}, "hub.challenge": {"c"}, "hub.lease_seconds": {"-5"}}
			},
			wantCode: http.StatusBadRequest, wantState: herald.SubscriptionPending,
		},
		{
			name: "denied",
			query: func(sub *herald.Subscription) url.Values {
				return url.Values{"hub.mode": {"denied"}, "hub.topic": {sub.TopicURL}, "hub.reason": {"topic not served here"}}
			},
			wantCode: http.StatusOK, wantState: herald.SubscriptionDenied,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, websub.Options{})
			h := newHub(t)
			src := e.source(t, topicURL)
			if err := e.sub.Subscribe(t.Context(), src.ID, h.URL, topicURL); err != nil {
				t.Fatal(err)
			}
			sub := e.subscription(t, src.ID)
			token := sub.Token
			if tc.token != nil {
				token = tc.token(sub)
			}
			before := time.Now().Add(-time.Millisecond)
			code, body := e.callback(t, http.MethodGet, token, tc.query(sub), nil, "")
			if code != tc.wantCode || (tc.wantBody != "" && body != tc.wantBody) {
				t.Errorf("GET callback = %d %q, want %d %q", code, body, tc.wantCode, tc.wantBody)
			}
			got := e.subscription(t, src.ID)
			if got.State != tc.wantState {
				t.Errorf("state = %s, want %s", got.State, tc.wantState)
			}
			switch tc.wantState {
			case herald.SubscriptionActive:
				lease := time.Duration(tc.wantLease) * time.Second
				if got.LeaseSeconds != tc.wantLease || got.ExpiresAt.Before(before.Add(lease)) || got.ExpiresAt.After(time.Now().Add(lease)) {
					t.Errorf("lease = %d s until %v, want %d s from now", got.LeaseSeconds, got.ExpiresAt, tc.wantLease)
				}
			case herald.SubscriptionDenied:
				if got.LastError != "denied by the hub: topic not served here" {
					t.Errorf("LastError = %q, want the hub's reason", got.LastError)
				}
			}
		})
	}
}

func TestChallengeIsPlainText(t *testing.T) {
	e := newEnv(t, websub.Options{})
	h := newHub(t)
	src := e.source(t, topicURL)
	if err := e.sub.Subscribe(t.Context(), src.ID, h.URL, topicURL); err != nil {
		t.Fatal(err)
	}
	sub := e.subscription(t, src.ID)
	q := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {topicURL}, "hub.challenge": {"<script>x</script>"}, "hub.lease_seconds": {"60"}}
	resp, err := http.Get(e.public + "/websub/" + sub.Token + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if ct, nosniff := resp.Header.Get("Content-Type"), resp.Header.Get("X-Content-Type-Options"); !strings.HasPrefix(ct, "text/plain") || nosniff != "nosniff" {
		t.Errorf("challenge served as %q (X-Content-Type-Options %q), want text/plain, nosniff", ct, nosniff)
	}
}

func TestUnsubscribe(t *testing.T) {
	e := newEnv(t, websub.Options{})
	h := newHub(t)
	src := e.source(t, topicURL)
	if err := e.sub.Subscribe(t.Context(), src.ID, h.URL, topicURL); err != nil {
		t.Fatal(err)
	}
	sub := e.subscription(t, src.ID)
	e.verify(t, sub, "3600")
	if err := e.sub.Unsubscribe(t.Context(), src.ID); err != nil {
		t.Fatalf("Unsubscribe: %v", err)
	}
	reqs := h.got()
	want := url.Values{"hub.mode": {"unsubscribe"}, "hub.topic": {topicURL}, "hub.callback": {e.public + "/websub/" + sub.Token}}
	if d := cmp.Diff(want, reqs[len(reqs)-1]); d != "" {
		t.Errorf("unsubscribe request (-want +got):\n%s", d)
	}
	if got := e.subscription(t, src.ID); got.State != herald.SubscriptionUnsubscribing {
		t.Errorf("state = %s, want unsubscribing until the hub verifies", got.State)
	}
	q := url.Values{"hub.mode": {"unsubscribe"}, "hub.topic": {topicURL}, "hub.challenge": {"bye"}}
	if code, body := e.callback(t, http.MethodGet, sub.Token, q, nil, ""); code != http.StatusOK || body != "bye" {
		t.Errorf("unsubscribe verification = %d %q, want 200 bye", code, body)
	}
	if _, err := e.store.Subscription(t.Context(), src.ID); !herald.IsNotFound(err) {
		t.Errorf("after verified unsubscribe, Subscription = %v; want ENOTFOUND", err)
	}
	if err := e.sub.Unsubscribe(t.Context(), src.ID); !herald.IsNotFound(err) {
		t.Errorf("Unsubscribe without a subscription = %v, want ENOTFOUND", err)
	}
}

func TestRenew(t *testing.T) {
	e := newEnv(t, websub.Options{})
	h := newHub(t)
	now := time.Now().UTC()
	mk := func(name string, expires, requested time.Time) *herald.Subscription {
		src := e.source(t, "https://"+name+".example/feed")
		sub := &herald.Subscription{
			SourceID: src.ID, HubURL: h.URL, TopicURL: src.URL, Token: name + "-token", Secret: name + "-secret",
			State: herald.SubscriptionActive, LeaseSeconds: 10 * 86400, ExpiresAt: expires, RequestedAt: requested,
		}
		if err := e.store.UpsertSubscription(t.Context(), sub); err != nil {
			t.Fatal(err)
		}
		return sub
	}
	soon := mk("soon", now.Add(time.Hour), now.Add(-10*24*time.Hour))
	tried := mk("tried", now.Add(time.Hour), now.Add(-5*time.Minute)) // a renewal went out just now
	far := mk("far", now.Add(5*24*time.Hour), now.Add(-5*24*time.Hour))
	lapsed := mk("lapsed", now.Add(-time.Minute), now.Add(-10*24*time.Hour))

	n, err := e.sub.Renew(t.Context())
	if err != nil || n != 1 {
		t.Fatalf("Renew = %d, %v; want 1 renewal", n, err)
	}
	reqs := h.got()
	if len(reqs) != 1 {
		t.Fatalf("hub got %d requests, want 1 (the renewal of soon)", len(reqs))
	}
	if reqs[0].Get("hub.callback") != e.public+"/websub/soon-token" || reqs[0].Get("hub.secret") != "soon-secret" || reqs[0].Get("hub.mode") != "subscribe" {
		t.Errorf("renewal request = %v; want a subscribe with soon's callback and secret", reqs[0])
	}
	got := e.subscription(t, soon.SourceID)
	if got.State != herald.SubscriptionActive || !got.RequestedAt.After(now.Add(-time.Second)) {
		t.Errorf("renewed = %s, requested %v; want still active, requested now", got.State, got.RequestedAt)
	}
	for _, sub := range []*herald.Subscription{tried, far} {
		if got := e.subscription(t, sub.SourceID); got.State != herald.SubscriptionActive {
			t.Errorf("%s: state = %s, want active", sub.Token, got.State)
		}
	}
	if got := e.subscription(t, lapsed.SourceID); got.State != herald.SubscriptionExpired {
		t.Errorf("lapsed: state = %s, want expired", got.State)
	}

	// The hub's verification of the renewal extends the lease.
	e.verify(t, got, "864000")
	if got := e.subscription(t, soon.SourceID); got.ExpiresAt.Before(now.Add(9 * 24 * time.Hour)) {
		t.Errorf("after the renewal's verification the lease ends %v; want ten days on", got.ExpiresAt)
	}
}

func TestEnsure(t *testing.T) {
	e := newEnv(t, websub.Options{})
	h := newHub(t)
	src := e.source(t, topicURL)
	e.sub.Ensure(t.Context(), src.ID, h.URL, topicURL)
	e.sub.Wait()
	if n := len(h.got()); n != 1 {
		t.Fatalf("hub got %d requests after Ensure, want 1", n)
	}
	e.sub.Ensure(t.Context(), src.ID, h.URL, topicURL)
	e.sub.Wait()
	if n := len(h.got()); n != 1 {
		t.Errorf("a second Ensure while pending sent a request (%d in all); want none", n)
	}
	other := newHub(t)
	e.sub.Ensure(t.Context(), src.ID, other.URL, topicURL)
	e.sub.Wait()
	if n := len(other.got()); n != 1 {
		t.Errorf("Ensure with a new hub: it got %d requests, want 1", n)
	}
	if got := e.subscription(t, src.ID); got.HubURL != other.URL {
		t.Errorf("hub = %s, want the new one %s", got.HubURL, other.URL)
	}
}

func TestNewChecksOptions(t *testing.T) {
	for _, u := range []string{"", "example.com", "ftp://example.com", "https://", "https://h.example/?a=1", "https://u:p@h.example"} {
		if err := websub.CheckPublicURL(u); herald.ErrorCode(err) != herald.EINVALID {
			t.Errorf("CheckPublicURL(%q) = %v, want EINVALID", u, err)
		}
	}
	for _, u := range []string{"https://news.example", "http://10.0.0.2:8080/herald/"} {
		if err := websub.CheckPublicURL(u); err != nil {
			t.Errorf("CheckPublicURL(%q) = %v, want nil", u, err)
		}
	}
	if _, err := websub.New(nil, nil, nil, websub.Options{PublicURL: "https://news.example"}); herald.ErrorCode(err) != herald.EINVALID {
		t.Errorf("New without Ingest = %v, want EINVALID", err)
	}
}

// TestRenewalFailureEndsCover: a hub that refuses the renewal leaves the
// error on the subscription, and the source goes back to adaptive polling.
func TestRenewalFailureEndsCover(t *testing.T) {
	e := newEnv(t, websub.Options{})
	h := newHub(t)
	src := e.source(t, topicURL)
	if err := e.sub.Subscribe(t.Context(), src.ID, h.URL, topicURL); err != nil {
		t.Fatal(err)
	}
	e.verify(t, e.subscription(t, src.ID), "864000")
	// Nine days on: the lease ends within the renewal margin.
	sub := e.subscription(t, src.ID)
	sub.ExpiresAt, sub.RequestedAt = time.Now().Add(time.Hour), time.Now().Add(-9*24*time.Hour)
	if err := e.store.UpsertSubscription(t.Context(), sub); err != nil {
		t.Fatal(err)
	}
	if !e.sub.Pushing(t.Context(), src.ID, time.Now(), 6*time.Hour) {
		t.Fatal("a freshly verified subscription does not cover its source")
	}
	h.status = http.StatusServiceUnavailable
	if n, err := e.sub.Renew(t.Context()); err != nil || n != 0 {
		t.Fatalf("Renew = %d, %v; want no renewal accepted", n, err)
	}
	got := e.subscription(t, src.ID)
	if got.State != herald.SubscriptionActive || !strings.Contains(got.LastError, "503") {
		t.Errorf("after a refused renewal: %s, error %q; want still active with the 503 recorded", got.State, got.LastError)
	}
	if e.sub.Pushing(t.Context(), src.ID, time.Now(), 6*time.Hour) {
		t.Error("a subscription whose renewal failed still covers its source")
	}
}
