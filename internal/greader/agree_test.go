package greader_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// jsonAPI reads the JSON API as ada, with her bearer token.
func (e *env) jsonAPI(path string, v any) {
	e.T.Helper()
	r := client{e: e, auth: "Bearer " + e.Bearer}.get(path)
	if r.status != http.StatusOK {
		e.T.Fatalf("GET %s: %d %s", path, r.status, r.body)
	}
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		e.T.Fatal(err)
	}
}

// apiStories walks /api/v1/stories pages and returns the stories' ids.
func (e *env) apiStories(query string) []int64 {
	e.T.Helper()
	var out []int64
	cursor := ""
	for range 100 {
		var page herald.StoryPage
		e.jsonAPI("/api/v1/stories?limit=2&"+query+"&cursor="+url.QueryEscape(cursor), &page)
		for _, s := range page.Items {
			out = append(out, s.ID)
		}
		if cursor = page.NextCursor; cursor == "" {
			return out
		}
	}
	e.T.Fatal("stories pages do not end")
	return nil
}

// apiState returns the read and saved state of each story the JSON API
// lists.
func (e *env) apiState() map[int64][2]bool {
	e.T.Helper()
	var page herald.StoryPage
	e.jsonAPI("/api/v1/stories?limit=200", &page)
	out := map[int64][2]bool{}
	for _, s := range page.Items {
		out[s.ID] = [2]bool{s.Read, s.Saved}
	}
	return out
}

// unreadCounts returns unread-count by stream id.
func (c client) unreadCounts() map[string]int {
	c.e.T.Helper()
	var counts struct {
		UnreadCounts []struct {
			ID    string
			Count int
		} `json:"unreadcounts"`
	}
	c.get("/reader/api/0/unread-count?output=json").json(c.e.T, &counts)
	out := map[string]int{}
	for _, u := range counts.UnreadCounts {
		out[u.ID] = u.Count
	}
	return out
}

// TestAgreesWithJSONAPI: unread counts and item lists of the Google Reader
// API are what the JSON API lists for the same reader, before and after
// writes made through either.
func TestAgreesWithJSONAPI(t *testing.T) {
	e := newEnv(t)
	c := e.login()
	// The JSON API has no unread window: the story older than it ("old")
	// is left out of its side of the comparison.
	check := func(when string) {
		t.Helper()
		counts := c.unreadCounts()
		for _, src := range []*herald.Source{e.World, e.Sport} {
			api := e.apiStories(fmt.Sprintf("source=%d&unread=true", src.ID))
			api = slices.DeleteFunc(api, func(id int64) bool { return id == e.ID("old") })
			if got := counts[fmt.Sprintf("feed/%d", src.ID)]; got != len(api) {
				t.Errorf("%s: unread-count of %s = %d, JSON API lists %d unread", when, src.Title, got, len(api))
			}
			ids := c.allIDs(fmt.Sprintf("s=feed/%d&xt=%s&n=1", src.ID, readTag))
			if !slices.Equal(ids, api) {
				t.Errorf("%s: %s unread ids %v, JSON API %v", when, src.Title, e.Exts(ids), e.Exts(api))
			}
		}
		topic := e.apiStories("topic=north-korea&unread=true")
		if got := counts["user/-/label/North Korea"]; got != len(topic) {
			t.Errorf("%s: North Korea label counts %d, JSON API lists %d", when, got, len(topic))
		}
		// The reading list is the followed sources' and topics' stories.
		unreadAPI := map[int64]bool{}
		for _, q := range []string{fmt.Sprintf("source=%d", e.World.ID), fmt.Sprintf("source=%d", e.Sport.ID), "topic=north-korea"} {
			for _, id := range e.apiStories(q + "&unread=true") {
				if id != e.ID("old") {
					unreadAPI[id] = true
				}
			}
		}
		reading := c.allIDs("s=" + readingList + "&xt=" + readTag)
		if got := counts[readingList]; got != len(unreadAPI) || len(reading) != got {
			t.Errorf("%s: reading list counts %d and lists %d unread, the JSON API %d", when, got, len(reading), len(unreadAPI))
		}
		for _, id := range reading {
			if !unreadAPI[id] {
				t.Errorf("%s: the reading list's unread %v is no unread story of the JSON API", when, e.Exts([]int64{id}))
			}
		}
	}
	check("at first")

	// Writes through Google Reader show in the JSON API.
	tok := c.token()
	c.post("/reader/api/0/edit-tag", fmt.Sprintf("T=%s&i=%d&i=%d&a=%s", tok, e.ID("w1"), e.ID("o1"), readTag)).ok(t)
	c.post("/reader/api/0/edit-tag", fmt.Sprintf("T=%s&i=%d&a=%s", tok, e.ID("s2"), starTag)).ok(t)
	state := e.apiState()
	if !state[e.ID("w1")][0] || !state[e.ID("o1")][0] || !state[e.ID("s2")][1] || state[e.ID("s2")][0] {
		t.Errorf("JSON API after edit-tag: w1 %v, o1 %v, s2 %v; want read, read, saved", state[e.ID("w1")], state[e.ID("o1")], state[e.ID("s2")])
	}
	check("after edit-tag")
	var saved herald.StoryPage
	e.jsonAPI("/api/v1/stories?saved=true", &saved)
	if len(saved.Items) != 1 || saved.Items[0].ID != e.ID("s2") || !saved.Items[0].Saved {
		t.Errorf("JSON API saved stories = %+v, want s2", saved.Items)
	}

	// Writes through the JSON API show in Google Reader.
	if err := e.Store.SetRead(t.Context(), e.Ada.ID, []int64{e.ID("s1")}, true); err != nil {
		t.Fatal(err)
	}
	check("after a write elsewhere")
	var items contents
	c.post("/reader/api/0/stream/items/contents", fmt.Sprintf("i=%d", e.ID("s1"))).json(t, &items)
	if len(items.Items) != 1 || !items.Items[0].has(readTag) {
		t.Errorf("s1 marked read elsewhere has categories %v", items.Items[0].Categories)
	}
}

func TestClusterIsOneItem(t *testing.T) {
	e := newEnv(t)
	// Three outlets cover one event: World and Sport (followed) and Other
	// (not followed). The clustering worker sets ClusterID in production.
	a := e.Story(e.World, "ca", 5*time.Minute, 77)
	b := e.Story(e.Sport, "cb", 4*time.Minute, 77)
	o := e.Story(e.Other, "co", 6*time.Minute, 77)
	c := e.login()
	unread := c.allIDs("s=" + readingList + "&xt=" + readTag)
	if !slices.Contains(unread, b.ID) || slices.Contains(unread, a.ID) || slices.Contains(unread, o.ID) {
		t.Fatalf("reading list %v: want cb (the cluster's newest followed story) alone", e.Exts(unread))
	}
	var items contents
	c.post("/reader/api/0/stream/items/contents", fmt.Sprintf("i=%d", b.ID)).json(t, &items)
	body := items.Items[0].Summary.Content
	if !strings.Contains(body, "More coverage") || !strings.Contains(body, a.URL) || !strings.Contains(body, o.URL) ||
		!strings.Contains(body, "Story ca &lt;&amp;&gt;") {
		t.Errorf("cluster item body %q: want links to the other stories, escaped", body)
	}
	// The others are reachable in their feeds.
	if world := c.allIDs(fmt.Sprintf("s=feed/%d", e.World.ID)); !slices.Contains(world, a.ID) {
		t.Errorf("World's stream %v lacks ca", e.Exts(world))
	}
	counts := c.unreadCounts()
	if counts[readingList] != len(unread) {
		t.Errorf("reading list count %d, list %d", counts[readingList], len(unread))
	}
	// Reading the item reads the cluster.
	c.post("/reader/api/0/edit-tag", fmt.Sprintf("i=%d&a=%s", b.ID, readTag)).ok(t)
	st, _ := e.Store.StoryStates(t.Context(), e.Ada.ID, []int64{a.ID, b.ID, o.ID})
	if !st[a.ID].Read || !st[b.ID].Read || !st[o.ID].Read {
		t.Errorf("after reading the cluster's item: %v; want all three read", st)
	}
}

func TestForYouLabel(t *testing.T) {
	e := newEnv(t)
	c := e.login()
	var feed struct {
		Items []herald.FeedItem `json:"items"`
	}
	e.jsonAPI("/api/v1/feed?limit=200", &feed)
	var want []int64
	for _, it := range feed.Items {
		want = append(want, it.Story.ID)
	}
	got := c.allIDs("s=" + url.QueryEscape("user/-/label/For you") + "&n=2")
	if !slices.Equal(got, want) || len(want) == 0 {
		t.Errorf("For you label = %v, JSON API feed = %v", e.Exts(got), e.Exts(want))
	}
	c.post("/reader/api/0/mark-all-as-read", "s="+url.QueryEscape("user/-/label/For you")).ok(t)
	if left := c.allIDs("s=" + url.QueryEscape("user/-/label/For you") + "&xt=" + readTag); len(left) != 0 {
		t.Errorf("For you unread after marking all read = %v", e.Exts(left))
	}
}

func TestOwnLabels(t *testing.T) {
	e := newEnv(t)
	c := e.login()
	c.post("/reader/api/0/edit-tag", fmt.Sprintf("i=%d&i=%d&a=user/-/label/Later", e.ID("o2"), e.ID("s1"))).ok(t)
	if got := c.allIDs("s=user/-/label/Later"); !slices.Equal(got, []int64{e.ID("s1"), e.ID("o2")}) {
		t.Errorf("label stream = %v", e.Exts(got))
	}
	if n := c.unreadCounts()["user/-/label/Later"]; n != 2 {
		t.Errorf("Later counts %d unread, want 2", n)
	}
	// The label shows in the JSON API, and a label given there shows here.
	var labels struct{ Items []struct{ Name string } }
	e.jsonAPI("/api/v1/labels", &labels)
	if len(labels.Items) != 1 || labels.Items[0].Name != "Later" {
		t.Errorf("JSON API labels = %+v, want Later", labels.Items)
	}
	var page herald.StoryPage
	e.jsonAPI("/api/v1/labels/Later/stories", &page)
	if len(page.Items) != 2 || page.Items[0].ID != e.ID("s1") {
		t.Errorf("JSON API Later stories = %+v", page.Items)
	}
	if r := (client{e: e, auth: "Bearer " + e.Bearer}).do("PUT", fmt.Sprintf("/api/v1/labels/Later/stories/%d", e.ID("w1")), ""); r.status != http.StatusNoContent {
		t.Fatalf("PUT label = %d %s", r.status, r.body)
	}
	if got := c.allIDs("s=user/-/label/Later"); len(got) != 3 {
		t.Errorf("after labelling through the JSON API the label stream = %v", e.Exts(got))
	}
	c.post("/reader/api/0/rename-tag", "s=user/-/label/Later&dest=user/-/label/Weekend").ok(t)
	var items contents
	c.post("/reader/api/0/stream/items/contents", fmt.Sprintf("i=%d", e.ID("s1"))).json(t, &items)
	if !items.Items[0].has("user/-/label/Weekend") || items.Items[0].has("user/-/label/Later") {
		t.Errorf("s1 categories after rename = %v", items.Items[0].Categories)
	}
	c.post("/reader/api/0/disable-tag", "s=user/-/label/Weekend").ok(t)
	if labels, _ := e.Store.Labels(t.Context(), e.Ada.ID); len(labels) != 0 {
		t.Errorf("labels after disable-tag = %v", labels)
	}
	// Removing a followed topic's label stops following it.
	c.post("/reader/api/0/disable-tag", "s="+url.QueryEscape("user/-/label/North Korea")).ok(t)
	follows, _ := e.Store.Follows(t.Context(), e.Ada.ID)
	for _, f := range follows {
		if f.Topic != nil {
			t.Errorf("still follows %s after disabling its label", f.Topic.Name)
		}
	}
	// A topic's name cannot be changed.
	if r := c.post("/reader/api/0/rename-tag", "s=user/-/label/News2&dest=user/-/label/X"); r.status != http.StatusBadRequest {
		t.Errorf("renaming an unknown label = %d", r.status)
	}
}
