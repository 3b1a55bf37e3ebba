package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/heraldnews/herald"
)

// openServeApp opens the app as serve would with args, logging to logs.
func openServeApp(t *testing.T, logs io.Writer, args ...string) *app {
	t.Helper()
	args = append([]string{"--data", t.TempDir()}, args...)
	cfg, _, err := parseConfig(&env{getenv: noEnv, stderr: io.Discard}, newFlags(&env{stderr: io.Discard}, "serve"), args, serveFlags)
	if err != nil {
		t.Fatal(err)
	}
	a, err := openApp(t.Context(), &env{stderr: logs, getenv: noEnv}, cfg, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// pendingSubscription stores a source with a pending subscription and returns it.
func pendingSubscription(t *testing.T, a *app) *herald.Subscription {
	t.Helper()
	src := &herald.Source{URL: "https://news.example/feed.xml", Title: "News"}
	if err := a.store.CreateSource(t.Context(), src); err != nil {
		t.Fatal(err)
	}
	sub := &herald.Subscription{SourceID: src.ID, HubURL: "https://hub.example/", TopicURL: src.URL,
		Token: "t0k3n", Secret: "s3cr3t", State: herald.SubscriptionPending}
	if err := a.store.UpsertSubscription(t.Context(), sub); err != nil {
		t.Fatal(err)
	}
	return sub
}

func TestWebSubCallbacksMounted(t *testing.T) {
	a := openServeApp(t, io.Discard, "--public-url", "https://herald.example")
	sub := pendingSubscription(t, a)
	srv := httptest.NewServer(a.handler())
	defer srv.Close()

	q := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {sub.TopicURL}, "hub.challenge": {"ch4ll"}, "hub.lease_seconds": {"600"}}
	resp, err := http.Get(srv.URL + "/websub/" + sub.Token + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(body) != "ch4ll" {
		t.Errorf("verification through the app = %d %q, want 200 ch4ll (no sign-in asked)", resp.StatusCode, body)
	}
	// A hub's POST passes the cross-origin protection; unsigned, it is ignored.
	resp, err = http.Post(srv.URL+"/websub/"+sub.Token, "application/rss+xml", strings.NewReader("<rss/>"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Errorf("unsigned push through the app = %d, want 202", resp.StatusCode)
	}

}

func TestWebSubOffWithoutPublicURL(t *testing.T) {
	var logs syncBuffer
	a := openServeApp(t, &logs)
	sub := pendingSubscription(t, a)
	srv := httptest.NewServer(a.handler())
	defer srv.Close()
	q := url.Values{"hub.mode": {"subscribe"}, "hub.topic": {sub.TopicURL}, "hub.challenge": {"ch4ll"}, "hub.lease_seconds": {"600"}}
	resp, err := http.Get(srv.URL + "/websub/" + sub.Token + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK && string(body) == "ch4ll" {
		t.Error("callback answered although WebSub is off")
	}
	a.runWebSub(t.Context())
	if n := strings.Count(logs.String(), "WebSub off"); n != 1 {
		t.Errorf("log has %d 'WebSub off' lines, want 1:\n%s", n, logs.String())
	}
}

func TestPublicURLValidated(t *testing.T) {
	_, _, err := parseConfig(&env{getenv: noEnv, stderr: io.Discard}, newFlags(&env{stderr: io.Discard}, "serve"),
		[]string{"--data", t.TempDir(), "--public-url", "herald.example"}, serveFlags)
	if err == nil || !strings.Contains(err.Error(), "--public-url") {
		t.Errorf("parseConfig(--public-url herald.example) = %v, want an error naming --public-url", err)
	}
}
