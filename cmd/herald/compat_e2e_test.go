package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
)

// TestFeedReaderAPIsEndToEnd drives the whole handler the way the outside
// checks do: herald token create --app-password, Google Reader's ClientLogin
// with it (never the account password), Fever with its key, the feeds out
// with the reader's key, the OpenAPI description and /metrics.
func TestFeedReaderAPIsEndToEnd(t *testing.T) {
	data := t.TempDir()
	srv := feedServer(t)
	allow := []string{"--allow-networks", "127.0.0.0/8"}
	cli(t, "", append([]string{"source", "add", srv.URL + "/feed", "--data", data}, allow...)...)
	cli(t, "", append([]string{"refresh", "--data", data}, allow...)...)
	cli(t, "correct horse battery\n", "user", "add", "alice", "--data", data)
	appPW := lastLine(cli(t, "", "token", "create", "alice", "--app-password", "--name", "Reeder", "--data", data))
	token := lastLine(cli(t, "", "token", "create", "alice", "--data", data))
	if strings.HasPrefix(appPW, auth.TokenPrefix) || len(appPW) != 29 {
		t.Fatalf("token create --app-password printed %q: want an app password", appPW)
	}
	a := openTestApp(t, "--data", data)
	web := httptest.NewServer(a.handler())
	defer web.Close()
	c := client{t: t, base: web.URL, token: token}
	c.do("PUT", "/api/v1/follows/sources/1", http.StatusOK, nil)

	login := func(pw string) (int, string) {
		resp, err := http.PostForm(web.URL+"/accounts/ClientLogin", url.Values{"Email": {"alice"}, "Passwd": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if status, _ := login("correct horse battery"); status != http.StatusUnauthorized {
		t.Errorf("ClientLogin with the account password = %d, want 401", status)
	}
	status, body := login(appPW)
	_, authToken, ok := strings.Cut(body, "Auth=")
	if status != http.StatusOK || !ok {
		t.Fatalf("ClientLogin with the app password = %d %q", status, body)
	}
	req, _ := http.NewRequest("GET", web.URL+"/reader/api/0/stream/items/ids?s=user/-/state/com.google/reading-list&n=100", nil)
	req.Header.Set("Authorization", "GoogleLogin auth="+strings.TrimSpace(authToken))
	var ids struct {
		ItemRefs []struct{ ID string } `json:"itemRefs"`
	}
	getJSON(t, req, &ids)
	// The reading list shows each story cluster once (refresh clustered the stories).
	page, err := a.store.Stories(t.Context(), herald.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	clusters := map[int64]bool{}
	for _, s := range page.Items {
		clusters[s.ClusterID] = true
	}
	if len(ids.ItemRefs) != len(clusters) || len(page.Items) != 3 {
		t.Errorf("reading list has %d items, want one per story cluster (%d) of the feed's 3 stories", len(ids.ItemRefs), len(clusters))
	}

	fever, err := http.PostForm(web.URL+"/fever/?api&unread_item_ids", url.Values{"api_key": {auth.AppPasswordKey("alice", appPW)}})
	if err != nil {
		t.Fatal(err)
	}
	var fv struct {
		Auth   int    `json:"auth"`
		Unread string `json:"unread_item_ids"`
	}
	json.NewDecoder(fever.Body).Decode(&fv)
	fever.Body.Close()
	if fv.Auth != 1 || strings.Count(fv.Unread, ",") != 2 {
		t.Errorf("Fever = %+v, want auth and 3 unread ids", fv)
	}

	var me struct {
		FeedKey string `json:"feed_key"`
	}
	c.do("GET", "/api/v1/me", http.StatusOK, &me)
	for _, ext := range []string{"atom", "rss", "json"} {
		f, err := gofeed.NewParser().ParseURL(web.URL + "/feed." + ext + "?key=" + me.FeedKey)
		if err != nil || len(f.Items) != 3 {
			t.Errorf("/feed.%s: %v, %v", ext, f, err)
		}
	}
	doc, err := http.Get(web.URL + "/api/v1/openapi.json")
	if err != nil || doc.StatusCode != http.StatusOK {
		t.Fatalf("openapi.json: %v %v", doc, err)
	}
	doc.Body.Close()
	metrics, err := http.Get(web.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	mb, _ := io.ReadAll(metrics.Body)
	metrics.Body.Close()
	if metrics.StatusCode != http.StatusOK || !strings.Contains(string(mb), `herald_http_requests_total{method="GET",route="/api/v1/me",status="200"} 1`) {
		t.Errorf("/metrics = %d:\n%.2000s", metrics.StatusCode, mb)
	}
}

// getJSON sends req and decodes a 200 answer into v.
func getJSON(t *testing.T, req *http.Request, v any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s = %d %s", req.URL, resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}
