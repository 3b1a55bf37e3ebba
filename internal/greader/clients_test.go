package greader_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// The request shapes below are those the apps send, written from their
// sources (NetNewsWire's ReaderAPICaller, ReadYou's GoogleReaderAPI, Fluent
// Reader's greader service, the Python google-reader library) and from the
// reference servers' notes on Reeder and FeedMe (FreshRSS accepts T=x from
// Reeder and no T from FeedMe).

// refIDs returns the ids of itemRefs.
func refIDs(t *testing.T, r itemRefs) []int64 {
	t.Helper()
	var out []int64
	for _, ref := range r.ItemRefs {
		id, err := strconv.ParseInt(ref.ID, 10, 64)
		if err != nil {
			t.Fatalf("itemRefs id %q: want a decimal (short) id", ref.ID)
		}
		out = append(out, id)
	}
	return out
}

// allIDs walks stream/items/ids through its continuations.
func (c client) allIDs(query string) []int64 {
	c.e.T.Helper()
	var out []int64
	cont := ""
	for range 100 {
		q := query
		if cont != "" {
			q += "&c=" + url.QueryEscape(cont)
		}
		var page itemRefs
		c.get("/reader/api/0/stream/items/ids?"+q).json(c.e.T, &page)
		out = append(out, refIDs(c.e.T, page)...)
		if cont = page.Continuation; cont == "" {
			return out
		}
	}
	c.e.T.Fatal("continuations do not end")
	return nil
}

const (
	readingList = "user/-/state/com.google/reading-list"
	readTag     = "user/-/state/com.google/read"
	starTag     = "user/-/state/com.google/starred"
)

func TestNetNewsWireSync(t *testing.T) {
	e := newEnv(t)
	// validateCredentials: POST Email/Passwd, read the Auth line.
	c := e.login()
	tok := c.token()

	var tags struct {
		Tags []struct{ ID, Label, Type string }
	}
	c.get("/reader/api/0/tag/list?output=json").json(t, &tags)
	var tagIDs []string
	for _, tg := range tags.Tags {
		tagIDs = append(tagIDs, tg.ID+":"+tg.Type)
	}
	want := []string{starTag + ":", "user/-/label/For you:tag", "user/-/label/News:folder", "user/-/label/Sport:folder",
		"user/-/label/North Korea:tag"}
	if !slices.Equal(tagIDs, want) {
		t.Errorf("tag/list = %v\nwant %v", tagIDs, want)
	}

	var subs struct {
		Subscriptions []struct {
			ID, Title, URL, HTMLURL string
			Categories              []struct{ ID, Label string }
		}
	}
	c.get("/reader/api/0/subscription/list?output=json").json(t, &subs)
	var got []string
	for _, s := range subs.Subscriptions {
		cat := ""
		if len(s.Categories) > 0 {
			cat = s.Categories[0].Label
		}
		got = append(got, fmt.Sprintf("%s %s [%s]", s.ID, s.Title, cat))
	}
	wantSubs := []string{
		fmt.Sprintf("feed/%d Sport Page [Sport]", e.Sport.ID),
		fmt.Sprintf("feed/%d World Desk [News]", e.World.ID),
	}
	if !slices.Equal(got, wantSubs) {
		t.Errorf("subscription/list = %v\nwant %v", got, wantSubs)
	}

	// retrieveItemIDs(.allForAccount): n=1000, output=json, ot three months back.
	ot := strconv.FormatInt(e.Now.AddDate(0, -3, 0).Unix(), 10)
	all := c.allIDs("n=1000&output=json&ot=" + ot + "&s=" + readingList)
	if gotExt := e.Exts(all); !slices.Equal(gotExt, []string{"s2", "s1", "w3", "w2", "o1", "w1", "old"}) {
		t.Errorf("all ids = %v", gotExt)
	}
	unread := c.allIDs("n=1000&output=json&s=" + readingList + "&xt=" + readTag)
	if gotExt := e.Exts(unread); !slices.Equal(gotExt, []string{"s2", "s1", "w3", "w2", "o1", "w1"}) {
		t.Errorf("unread ids = %v (the story older than the unread window counts as read)", gotExt)
	}

	// retrieveEntries: POST T, output=json and unpadded hex long ids.
	body := "T=" + tok + "&output=json"
	for _, id := range unread[:3] {
		body += "&i=tag:google.com,2005:reader/item/" + strconv.FormatInt(id, 16)
	}
	var entries contents
	c.post("/reader/api/0/stream/items/contents", body).json(t, &entries)
	if len(entries.Items) != 3 || entries.Items[0].ID != fmt.Sprintf("tag:google.com,2005:reader/item/%016x", unread[0]) {
		t.Fatalf("contents = %+v", entries.Items)
	}
	first := entries.Items[0]
	if first.Origin.StreamID != fmt.Sprintf("feed/%d", e.Sport.ID) || first.Title != "Story s2 <&>" ||
		first.Summary.Content != "<p>Text of s2</p>" || first.Author != "Ann Writer" || first.has(readTag) || !first.has(readingList) {
		t.Errorf("first item = %+v", first)
	}

	// updateStateToEntries: padded hex ids, a= or r= a state.
	edit := func(ids []int64, action, state string) {
		t.Helper()
		b := "T=" + tok
		for _, id := range ids {
			b += fmt.Sprintf("&i=tag:google.com,2005:reader/item/%016x", id)
		}
		c.post("/reader/api/0/edit-tag", b+"&"+action+"="+state).ok(t)
	}
	edit(unread[:2], "a", readTag)
	edit(unread[1:2], "r", readTag)
	edit(unread[2:3], "a", starTag)
	after := c.allIDs("n=1000&output=json&s=" + readingList + "&xt=" + readTag)
	if len(after) != len(unread)-1 || slices.Contains(after, unread[0]) || !slices.Contains(after, unread[1]) {
		t.Errorf("unread after marking = %v", e.Exts(after))
	}
	starred := c.allIDs("n=1000&output=json&s=" + starTag)
	if !slices.Equal(starred, unread[2:3]) {
		t.Errorf("starred = %v, want %v", e.Exts(starred), e.Exts(unread[2:3]))
	}

	// createSubscription: quickadd, then find it in the list.
	var added struct {
		NumResults int    `json:"numResults"`
		StreamID   string `json:"streamId"`
	}
	c.post("/reader/api/0/subscription/quickadd", "T="+tok+"&quickadd="+url.QueryEscape("https://new.example/feed.xml")).json(t, &added)
	if added.NumResults != 1 || !strings.HasPrefix(added.StreamID, "feed/") {
		t.Fatalf("quickadd = %+v", added)
	}
	// moveSubscription / createTagging: ac=edit with r= and a=.
	c.post("/reader/api/0/subscription/edit", "T="+tok+"&s="+added.StreamID+"&ac=edit&a=user/-/label/Tech").ok(t)
	c.post("/reader/api/0/subscription/edit", fmt.Sprintf("T=%s&s=feed/%d&ac=edit&r=user/-/label/Sport&a=user/-/label/Games", tok, e.Sport.ID)).ok(t)
	// renameSubscription: ac=edit with t=.
	c.post("/reader/api/0/subscription/edit", fmt.Sprintf("T=%s&s=feed/%d&ac=edit&t=%s", tok, e.World.ID, url.QueryEscape("My World"))).ok(t)
	// renameTag and deleteTag.
	c.post("/reader/api/0/rename-tag", "T="+tok+"&s=user/-/label/Games&dest=user/-/label/Play").ok(t)
	c.post("/reader/api/0/disable-tag", "T="+tok+"&s=user/-/label/Tech").ok(t)
	subs.Subscriptions = nil
	c.get("/reader/api/0/subscription/list?output=json").json(t, &subs)
	got = got[:0]
	for _, s := range subs.Subscriptions {
		cat := ""
		if len(s.Categories) > 0 {
			cat = s.Categories[0].Label
		}
		got = append(got, fmt.Sprintf("%s [%s]", s.Title, cat))
	}
	wantSubs = []string{"Added https://new.example/feed.xml []", "My World [News]", "Sport Page [Play]"}
	if !slices.Equal(got, wantSubs) {
		t.Errorf("after edits subscription/list = %v\nwant %v", got, wantSubs)
	}
	// deleteSubscription.
	c.post("/reader/api/0/subscription/edit", "T="+tok+"&s="+added.StreamID+"&ac=unsubscribe").ok(t)
	follows, err := e.Store.Follows(t.Context(), e.Ada.ID)
	if err != nil || len(follows) != 3 {
		t.Errorf("follows after unsubscribing = %d, %v; want world, sport and the topic", len(follows), err)
	}
}

func TestReederShapes(t *testing.T) {
	e := newEnv(t)
	c := e.login()
	// Reeder sends T=x on writes, and reads stream/contents with the stream
	// in the path.
	var page contents
	c.get("/reader/api/0/stream/contents/"+url.PathEscape(readingList)+"?output=json&n=2&xt="+readTag+"&r=n").json(t, &page)
	if len(page.Items) != 2 || page.Continuation == "" || page.ID != readingList {
		t.Fatalf("first page = %d items, continuation %q, id %q", len(page.Items), page.Continuation, page.ID)
	}
	var next contents
	c.get("/reader/api/0/stream/contents/"+url.PathEscape(readingList)+"?output=json&n=2&xt="+readTag+
		"&c="+url.QueryEscape(page.Continuation)).json(t, &next)
	if len(next.Items) != 2 || next.Items[0].ID == page.Items[1].ID {
		t.Fatalf("second page = %+v", next.Items)
	}
	var feedPage contents
	c.get(fmt.Sprintf("/reader/api/0/stream/contents/feed/%d?output=json&n=20", e.World.ID)).json(t, &feedPage)
	if len(feedPage.Items) != 4 {
		t.Errorf("feed stream has %d items, want World's 4", len(feedPage.Items))
	}
	// mark-all-as-read of a feed, up to a timestamp in microseconds.
	ts := e.Stories["w2"].PublishedAt.UnixMicro()
	c.post("/reader/api/0/mark-all-as-read", fmt.Sprintf("T=x&s=feed/%d&ts=%d", e.World.ID, ts)).ok(t)
	unread := c.allIDs(fmt.Sprintf("output=json&s=feed/%d&xt=%s", e.World.ID, readTag))
	if got := e.Exts(unread); !slices.Equal(got, []string{"w3"}) {
		t.Errorf("World unread after mark-all-as-read up to w2 = %v, want [w3]", got)
	}
}

func TestFeedMeShapes(t *testing.T) {
	e := newEnv(t)
	c := e.login()
	// FeedMe posts no T, and short decimal ids.
	id := e.ID("w2")
	var got contents
	c.post("/reader/api/0/stream/items/contents", "output=json&i="+strconv.FormatInt(id, 10)).json(t, &got)
	if len(got.Items) != 1 || !strings.HasSuffix(got.Items[0].ID, fmt.Sprintf("%016x", id)) {
		t.Fatalf("contents by short id = %+v", got.Items)
	}
	if !got.Items[0].has("user/-/label/North Korea") || !got.Items[0].has("user/-/label/News") {
		t.Errorf("w2 categories = %v; want its folder and the followed topic it carries", got.Items[0].Categories)
	}
	c.post("/reader/api/0/edit-tag", "i="+strconv.FormatInt(id, 10)+"&a="+starTag).ok(t)
	if st, _ := e.Store.StoryStates(t.Context(), e.Ada.ID, []int64{id}); !st[id].Saved {
		t.Error("edit-tag without T did not star the story")
	}
}

func TestReadYouShapes(t *testing.T) {
	e := newEnv(t)
	// ReadYou signs in with output=json and extra fields, and reads the JSON.
	r := client{e: e}.post("/accounts/ClientLogin", "output=json&Email=ada&Passwd="+url.QueryEscape(e.Password)+
		"&client=ReadYou&accountType=HOSTED_OR_GOOGLE&service=reader")
	var login struct{ Auth string }
	r.json(t, &login)
	c := client{e: e, auth: "GoogleLogin auth=" + login.Auth}
	tok := c.token()
	since := e.Now.Add(-time.Hour).Unix()
	// Items read since the last sync, then the contents by bare hex ids.
	c.post("/reader/api/0/edit-tag?output=json", fmt.Sprintf("i=tag:google.com,2005:reader/item/%016x&a=%s&T=%s", e.ID("s1"), readTag, tok)).ok(t)
	read := c.allIDs(fmt.Sprintf("output=json&s=%s&ot=%d&n=10000", readTag, since))
	if !slices.Equal(read, []int64{e.ID("s1")}) {
		t.Errorf("read since = %v, want [s1]", e.Exts(read))
	}
	var got contents
	c.post("/reader/api/0/stream/items/contents?output=json", fmt.Sprintf("i=%016x&i=%016x&T=%s", e.ID("s1"), e.ID("w1"), tok)).json(t, &got)
	if len(got.Items) != 2 || !got.Items[0].has(readTag) || got.Items[1].has(readTag) {
		t.Errorf("contents by bare hex ids = %+v", got.Items)
	}
	// quickadd sends the URL in the query and the form.
	u := url.QueryEscape("https://readyou.example/rss")
	var added struct{ NumResults int }
	c.post("/reader/api/0/subscription/quickadd?output=json&quickadd="+u, "quickadd="+u+"&T="+tok).json(t, &added)
	if added.NumResults != 1 {
		t.Errorf("quickadd = %+v", added)
	}
}

func TestFluentReaderShapes(t *testing.T) {
	e := newEnv(t)
	c := e.login()
	// Fluent Reader pages stream/contents (reading list by default) with ot,
	// and posts edits without T.
	var page contents
	c.get("/reader/api/0/stream/contents?output=json&n=125&ot="+strconv.FormatInt(e.Now.Add(-41*time.Minute).Unix(), 10)).json(t, &page)
	var exts []string
	for _, it := range page.Items {
		id, _ := strconv.ParseInt(it.ID[len("tag:google.com,2005:reader/item/"):], 16, 64)
		exts = append(exts, e.Exts([]int64{id})...)
		if it.Canonical[0].Href == "" || it.CrawlTimeMsec == "" {
			t.Errorf("item %s without canonical link or crawl time", it.ID)
		}
	}
	// Crawled within the last 41 minutes: w2 was published 40 minutes ago
	// and stored a minute later, w1 and o1 before.
	if !slices.Equal(exts, []string{"s2", "s1", "w3", "w2"}) {
		t.Errorf("stream/contents since ot = %v", exts)
	}
	c.post("/reader/api/0/edit-tag", fmt.Sprintf("i=tag:google.com,2005:reader/item/%016x&a=%s", e.ID("w3"), readTag)).ok(t)
	c.post("/reader/api/0/mark-all-as-read", fmt.Sprintf("s=feed/%d", e.Sport.ID)).ok(t)
	unread := c.allIDs("output=json&s=" + readingList + "&xt=" + readTag + "&n=1000")
	if got := e.Exts(unread); !slices.Equal(got, []string{"w2", "o1", "w1"}) {
		t.Errorf("unread = %v", got)
	}
}

// TestPythonGoogleReaderShapes follows the Python google-reader library
// (the client an outside check uses): login, token, user info,
// subscriptions, tags, ids with every parameter, contents, edit_tags,
// mark_all_as_read.
func TestPythonGoogleReaderShapes(t *testing.T) {
	e := newEnv(t)
	c := e.login()
	tok := c.token()
	var info struct{ UserID, UserName, UserProfileID, UserEmail string }
	c.get("/reader/api/0/user-info").json(t, &info)
	if info.UserName != "ada" || info.UserID != strconv.FormatInt(e.Ada.ID, 10) {
		t.Errorf("user-info = %+v", info)
	}
	q := url.Values{"s": {readingList}, "n": {"3"}, "r": {"o"}, "xt": {readTag}, "output": {"json"}}
	var first itemRefs
	c.get("/reader/api/0/stream/items/ids?"+q.Encode()).json(t, &first)
	if got := e.Exts(refIDs(t, first)); !slices.Equal(got, []string{"w1", "o1", "w2"}) || first.Continuation == "" {
		t.Errorf("oldest first, 3 = %v (continuation %q)", got, first.Continuation)
	}
	q.Set("c", first.Continuation)
	var second itemRefs
	c.get("/reader/api/0/stream/items/ids?"+q.Encode()).json(t, &second)
	if got := e.Exts(refIDs(t, second)); !slices.Equal(got, []string{"w3", "s1", "s2"}) {
		t.Errorf("second page = %v", got)
	}
	form := url.Values{"T": {tok}, "i": {fmt.Sprintf("tag:google.com,2005:reader/item/%016x", e.ID("o1")),
		fmt.Sprintf("tag:google.com,2005:reader/item/%016x", e.ID("w1"))}, "a": {readTag, starTag}}
	c.post("/reader/api/0/edit-tag", form.Encode()).ok(t)
	var items contents
	c.post("/reader/api/0/stream/items/contents", url.Values{"T": {tok}, "i": form["i"]}.Encode()).json(t, &items)
	for _, it := range items.Items {
		if !it.has(readTag) || !it.has(starTag) {
			t.Errorf("item %s categories %v, want read and starred", it.ID, it.Categories)
		}
	}
	c.post("/reader/api/0/mark-all-as-read", url.Values{"T": {tok}, "s": {"user/-/label/North Korea"},
		"ts": {strconv.FormatInt(e.Now.UnixMicro(), 10)}}.Encode()).ok(t)
	var counts struct {
		Max          int
		UnreadCounts []struct {
			ID    string
			Count int
		} `json:"unreadcounts"`
	}
	c.get("/reader/api/0/unread-count?output=json").json(t, &counts)
	byID := map[string]int{}
	for _, u := range counts.UnreadCounts {
		byID[u.ID] = u.Count
	}
	if byID["user/-/label/North Korea"] != 0 || byID[readingList] != 3 || counts.Max != 3 {
		t.Errorf("unread counts = %v (max %d); want North Korea 0 and the reading list's s2, s1, w3", byID, counts.Max)
	}
}

func TestStatusCodes(t *testing.T) {
	e := newEnv(t)
	c := e.login()
	anon := client{e: e}
	for _, tc := range []struct {
		name   string
		c      client
		method string
		path   string
		body   string
		status int
		header string
	}{
		{"no credentials", anon, "GET", "/reader/api/0/subscription/list", "", http.StatusUnauthorized, "Google-Bad-Token"},
		{"bearer token", client{e: e, auth: "Bearer " + e.Bearer}, "GET", "/reader/api/0/user-info", "", http.StatusUnauthorized, ""},
		{"wrong key", client{e: e, auth: "GoogleLogin auth=ada/0123456789abcdef0123456789abcdef"}, "GET", "/reader/api/0/user-info", "",
			http.StatusUnauthorized, "Google-Bad-Token"},
		{"wrong T", c, "POST", "/reader/api/0/edit-tag", fmt.Sprintf("T=nope&i=%d&a=%s", e.ID("w1"), readTag), http.StatusUnauthorized,
			"X-Reader-Google-Bad-Token"},
		{"write as GET", c, "GET", "/reader/api/0/edit-tag?i=1&a=" + readTag, "", http.StatusMethodNotAllowed, "Allow"},
		{"unknown call", c, "GET", "/reader/api/0/nonsense", "", http.StatusNotFound, ""},
		{"unknown stream", c, "GET", "/reader/api/0/stream/items/ids?s=splice/1", "", http.StatusBadRequest, ""},
		{"unknown label", c, "GET", "/reader/api/0/stream/items/ids?s=user/-/label/Nope", "", http.StatusNotFound, ""},
		{"malformed item id", c, "POST", "/reader/api/0/stream/items/contents", "i=tag:google.com,2005:reader/item/xyz",
			http.StatusBadRequest, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.c.do(tc.method, tc.path, tc.body)
			if r.status != tc.status || tc.header != "" && r.header.Get(tc.header) == "" {
				t.Errorf("%s %s = %d (headers %v) %q; want %d with %s", tc.method, tc.path, r.status, r.header, r.body, tc.status, tc.header)
			}
		})
	}
	if st, _ := e.Store.StoryStates(t.Context(), e.Ada.ID, []int64{e.ID("w1")}); st[e.ID("w1")].Read {
		t.Error("a refused edit-tag changed the story")
	}
}

// TestEveryFieldStrictClientsRead: the keys a client that indexes the JSON
// strictly (as the Python library and ReadYou's DTOs do) reads are always
// there, even when empty.
func TestEveryFieldStrictClientsRead(t *testing.T) {
	e := newEnv(t)
	c := e.login()
	need := func(what string, v any, keys ...string) {
		t.Helper()
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%s = %v: want an object", what, v)
		}
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				t.Errorf("%s lacks %q: %v", what, k, m)
			}
		}
	}
	var info map[string]any
	c.get("/reader/api/0/user-info").json(t, &info)
	need("user-info", info, "userId", "userName", "userEmail", "userProfileId")
	var subs map[string]any
	c.get("/reader/api/0/subscription/list?output=json").json(t, &subs)
	for _, s := range subs["subscriptions"].([]any) {
		need("subscription", s, "id", "title", "url", "htmlUrl", "iconUrl", "categories")
		for _, cat := range s.(map[string]any)["categories"].([]any) {
			need("category", cat, "id", "label")
		}
	}
	var tags map[string]any
	c.get("/reader/api/0/tag/list?output=json").json(t, &tags)
	for _, tg := range tags["tags"].([]any) {
		need("tag", tg, "id")
	}
	// A story without authors or image: the keys are there all the same.
	if _, err := e.Store.UpsertStory(t.Context(), &herald.Story{SourceID: e.World.ID, ExternalID: "bare2", Title: "Bare",
		PublishedAt: e.Now}); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	c.get("/reader/api/0/stream/contents/"+url.PathEscape(readingList)+"?n=50").json(t, &doc)
	need("stream contents", doc, "direction", "id", "title", "self", "updated", "items", "author")
	for _, it := range doc["items"].([]any) {
		need("item", it, "id", "categories", "title", "crawlTimeMsec", "timestampUsec", "published", "updated", "author",
			"alternate", "summary", "content", "origin", "enclosure", "canonical")
		m := it.(map[string]any)
		need("item summary", m["summary"], "direction", "content")
		need("item origin", m["origin"], "streamId", "title", "htmlUrl")
		for _, a := range m["alternate"].([]any) {
			need("item alternate", a, "href", "type")
		}
	}
	var ids map[string]any
	c.get("/reader/api/0/stream/items/ids?s="+readingList).json(t, &ids)
	for _, ref := range ids["itemRefs"].([]any) {
		need("itemRef", ref, "id")
	}
	var counts map[string]any
	c.get("/reader/api/0/unread-count?output=json").json(t, &counts)
	need("unread-count", counts, "max", "unreadcounts")
	for _, u := range counts["unreadcounts"].([]any) {
		need("unread count", u, "id", "count", "newestItemTimestampUsec")
	}
	var added map[string]any
	c.post("/reader/api/0/subscription/quickadd", "quickadd="+url.QueryEscape("ftp://nowhere.example/")).json(t, &added)
	need("failed quickadd", added, "query", "numResults", "streamId", "streamName")
}
