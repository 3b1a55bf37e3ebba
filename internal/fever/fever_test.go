package fever_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/fever"
	"github.com/heraldnews/herald/internal/readertest"
	"github.com/heraldnews/herald/internal/reading"
)

// env is the Fever API over the shared fixture.
type env struct {
	*readertest.Env
	srv *httptest.Server
	key string // ada's api_key
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{Env: readertest.New(t)}
	mux := http.NewServeMux()
	fever.Register(mux, fever.Deps{Store: e.Store, Auth: e.Auth, Reading: &reading.Service{Store: e.Store}})
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	e.key = auth.AppPasswordKey("ada", e.Password)
	return e
}

// call posts to /fever/?api…, the way Reeder and Fluent Reader do: the
// query names the parts, the body carries api_key and any mark.
func (e *env) call(query, body string) map[string]any {
	e.T.Helper()
	resp, err := e.srv.Client().Post(e.srv.URL+"/fever/?api"+query, "application/x-www-form-urlencoded",
		strings.NewReader("api_key="+e.key+body))
	if err != nil {
		e.T.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		e.T.Fatalf("fever %s: %d %s", query, resp.StatusCode, b)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		e.T.Fatalf("fever %s: %v in %s", query, err, b)
	}
	if out["api_version"] != float64(3) {
		e.T.Errorf("api_version = %v, want 3", out["api_version"])
	}
	return out
}

// ids reads a comma-separated id list.
func ids(t *testing.T, v any) []int64 {
	t.Helper()
	s, ok := v.(string)
	if !ok {
		t.Fatalf("id list %v (%T): want a string", v, v)
	}
	var out []int64
	for _, p := range strings.Split(s, ",") {
		if p == "" {
			continue
		}
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			t.Fatalf("id list %q", s)
		}
		out = append(out, n)
	}
	return out
}

// itemIDs returns the ids of an items answer, in order.
func itemIDs(t *testing.T, out map[string]any) []int64 {
	t.Helper()
	items, ok := out["items"].([]any)
	if !ok {
		t.Fatalf("items = %v: want an array", out["items"])
	}
	var got []int64
	for _, it := range items {
		got = append(got, int64(it.(map[string]any)["id"].(float64)))
	}
	return got
}

func sorted(ids []int64) []int64 {
	c := slices.Clone(ids)
	sort.Slice(c, func(i, j int) bool { return c[i] < c[j] })
	return c
}

func TestAuth(t *testing.T) {
	e := newEnv(t)
	if out := e.call("", ""); out["auth"] != float64(1) {
		t.Errorf("auth with the app password's key = %v", out["auth"])
	}
	for name, key := range map[string]string{
		"account password": auth.AppPasswordKey("ada", "account password"),
		"other name":       auth.AppPasswordKey("bob", e.Password),
		"no key":           "",
		"not hex":          "zz",
	} {
		t.Run(name, func(t *testing.T) {
			resp, err := e.srv.Client().PostForm(e.srv.URL+"/fever/?api&items", url.Values{"api_key": {key}})
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var out map[string]any
			json.NewDecoder(resp.Body).Decode(&out)
			if resp.StatusCode != http.StatusOK || out["auth"] != float64(0) || out["items"] != nil {
				t.Errorf("%d %v: want 200, auth 0 and nothing else", resp.StatusCode, out)
			}
		})
	}
	// The key in the query works too (some clients send it there).
	resp, err := e.srv.Client().Get(e.srv.URL + "/fever/?api&api_key=" + e.key)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	resp.Body.Close()
	if out["auth"] != float64(1) {
		t.Errorf("api_key in the query: auth %v", out["auth"])
	}
}

// TestReederSync follows Fever's documented sync, as Reeder runs it: groups,
// feeds, unread and saved ids, then items by since_id until none are left.
func TestReederSync(t *testing.T) {
	e := newEnv(t)
	groups := e.call("&groups", "")
	gs := groups["groups"].([]any)
	if len(gs) != 2 || gs[0].(map[string]any)["title"] != "News" || gs[1].(map[string]any)["title"] != "Sport" {
		t.Errorf("groups = %v", gs)
	}
	feeds := e.call("&feeds", "")
	var feedIDs []int64
	for _, f := range feeds["feeds"].([]any) {
		feedIDs = append(feedIDs, int64(f.(map[string]any)["id"].(float64)))
	}
	if want := []int64{e.Other.ID, e.Sport.ID, e.World.ID}; !slices.Equal(feedIDs, want) {
		t.Errorf("feeds = %v, want Other, Sport, World %v", feedIDs, want)
	}
	fg := feeds["feeds_groups"].([]any)
	if len(fg) != 2 || fg[0].(map[string]any)["feed_ids"] != strconv.FormatInt(e.World.ID, 10) {
		t.Errorf("feeds_groups = %v", fg)
	}
	unread := ids(t, e.call("&unread_item_ids", "")["unread_item_ids"])
	if got := e.Exts(unread); !slices.Equal(got, []string{"s2", "s1", "w3", "w2", "o1", "w1"}) {
		t.Errorf("unread_item_ids = %v", got)
	}
	if saved := e.call("&saved_item_ids", "")["saved_item_ids"]; saved != "" {
		t.Errorf("saved_item_ids = %q, want an empty string", saved)
	}
	var all []int64
	since := int64(0)
	for range 10 {
		out := e.call(fmt.Sprintf("&items&since_id=%d", since), "")
		page := itemIDs(t, out)
		if len(page) == 0 {
			break
		}
		all = append(all, page...)
		since = page[len(page)-1]
	}
	want := sorted([]int64{e.ID("w1"), e.ID("w2"), e.ID("w3"), e.ID("s1"), e.ID("s2"), e.ID("o1"), e.ID("old")})
	if !slices.Equal(all, want) {
		t.Errorf("items by since_id = %v, want %v", e.Exts(all), e.Exts(want))
	}
	out := e.call("&items&with_ids="+fmt.Sprintf("%d,%d", e.ID("w2"), e.ID("old")), "")
	items := out["items"].([]any)
	w2 := items[0].(map[string]any)
	if w2["title"] != "Story w2 <&>" || w2["html"] != "<p>Text of w2</p>" || w2["is_read"] != float64(0) ||
		w2["feed_id"] != float64(e.World.ID) || w2["created_on_time"] != float64(e.Stories["w2"].PublishedAt.Unix()) {
		t.Errorf("w2 = %v", w2)
	}
	if old := items[1].(map[string]any); old["is_read"] != float64(1) {
		t.Errorf("a story older than the unread window has is_read %v, want 1", old["is_read"])
	}
	if out["total_items"] != float64(6) {
		t.Errorf("total_items = %v, want the 6 within the window", out["total_items"])
	}
}

// TestFluentReaderSync follows Fluent Reader: items by max_id from the
// largest safe integer down, then marks.
func TestFluentReaderSync(t *testing.T) {
	e := newEnv(t)
	var got []int64
	max := int64(9007199254740991)
	for range 10 {
		page := itemIDs(t, e.call(fmt.Sprintf("&items&max_id=%d", max), ""))
		got = append(got, page...)
		if len(page) < 50 {
			break
		}
		max = page[len(page)-1]
	}
	if len(got) != 7 || !slices.IsSortedFunc(got, func(a, b int64) int { return int(b - a) }) {
		t.Errorf("items by max_id = %v, want the 7 of the reading list newest id first", e.Exts(got))
	}
	out := e.call("", fmt.Sprintf("&mark=item&as=read&id=%d", e.ID("w1")))
	if slices.Contains(ids(t, out["unread_item_ids"]), e.ID("w1")) {
		t.Error("w1 still unread after mark=item as=read")
	}
	out = e.call("", fmt.Sprintf("&mark=item&as=saved&id=%d", e.ID("s1")))
	if got := ids(t, out["saved_item_ids"]); !slices.Equal(got, []int64{e.ID("s1")}) {
		t.Errorf("saved_item_ids after saving s1 = %v", got)
	}
	e.call("", fmt.Sprintf("&mark=item&as=unsaved&id=%d", e.ID("s1")))
	e.call("", fmt.Sprintf("&mark=item&as=unread&id=%d", e.ID("w1")))
	st, _ := e.Store.StoryStates(t.Context(), e.Ada.ID, []int64{e.ID("w1"), e.ID("s1")})
	if st[e.ID("w1")].Read || st[e.ID("s1")].Saved {
		t.Errorf("after unread and unsaved: %v", st)
	}
	// mark=feed as read before a time (Fluent adds a second).
	before := e.Stories["w2"].PublishedAt.Unix() + 1
	out = e.call("", fmt.Sprintf("&mark=feed&as=read&id=%d&before=%d", e.World.ID, before))
	if got := e.Exts(ids(t, out["unread_item_ids"])); !slices.Equal(got, []string{"s2", "s1", "w3", "o1"}) {
		t.Errorf("unread after marking World read up to w2 = %v", got)
	}
}

func TestMarkGroups(t *testing.T) {
	e := newEnv(t)
	out := e.call("&groups", "")
	var sport int64
	for _, g := range out["groups"].([]any) {
		if g.(map[string]any)["title"] == "Sport" {
			sport = int64(g.(map[string]any)["id"].(float64))
		}
	}
	out = e.call("", fmt.Sprintf("&mark=group&as=read&id=%d&before=%d", sport, time.Now().Unix()))
	if got := e.Exts(ids(t, out["unread_item_ids"])); !slices.Equal(got, []string{"w3", "w2", "o1", "w1"}) {
		t.Errorf("unread after marking the Sport group read = %v", got)
	}
	e.call("", "&mark=group&as=read&id=-1") // Sparks: nothing
	out = e.call("", fmt.Sprintf("&mark=group&as=read&id=0&before=%d", time.Now().Unix()))
	if got := ids(t, out["unread_item_ids"]); len(got) != 0 {
		t.Errorf("unread after marking Kindling read = %v", e.Exts(got))
	}
	out = e.call("&unread_recently_read=1&unread_item_ids", "")
	if got := ids(t, out["unread_item_ids"]); len(got) != 6 {
		t.Errorf("after unread_recently_read %d unread, want the 6 read just now", len(got))
	}
}

func TestLinksAreClusters(t *testing.T) {
	e := newEnv(t)
	e.Story(e.World, "ca", 5*time.Minute, 77)
	b := e.Story(e.Other, "cb", 4*time.Minute, 77, e.Stories["w2"].Topics...)
	cc := e.Story(e.Sport, "cc", 3*time.Minute, 77)
	e.Story(e.Sport, "d1", 6*time.Minute, 78)
	e.Story(e.World, "d2", 2*time.Minute, 78)
	e.Story(e.Other, "lone", 2*time.Minute, 79, e.Stories["w2"].Topics...)
	links := e.call("&links", "")["links"].([]any)
	if len(links) != 2 {
		t.Fatalf("links = %v, want clusters 77 and 78", links)
	}
	first := links[0].(map[string]any)
	if first["id"] != float64(77) || first["item_id"] != float64(cc.ID) || first["temperature"] != float64(3) ||
		first["is_item"] != float64(1) || first["title"] != cc.Title {
		t.Errorf("first link = %v", first)
	}
	if got := ids(t, first["item_ids"]); !slices.Contains(got, b.ID) || len(got) != 3 {
		t.Errorf("item_ids = %v", got)
	}
	if out := e.call("&links&page=2", ""); len(out["links"].([]any)) != 0 {
		t.Errorf("page 2 = %v", out["links"])
	}
}

func TestFavicons(t *testing.T) {
	e := newEnv(t)
	icons := e.call("&favicons", "")["favicons"].([]any)
	if len(icons) != 3 {
		t.Fatalf("favicons = %d, want one per feed", len(icons))
	}
	data := icons[0].(map[string]any)["data"].(string)
	raw, ok := strings.CutPrefix(data, "image/png;base64,")
	if !ok {
		t.Fatalf("favicon data %q: want image/png;base64,…", data[:20])
	}
	b, err := base64.StdEncoding.DecodeString(raw)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(strings.NewReader(string(b)))
	if err != nil || img.Bounds().Dx() != 16 {
		t.Errorf("favicon is no 16-pixel PNG: %v", err)
	}
}

func TestBadCalls(t *testing.T) {
	e := newEnv(t)
	for _, body := range []string{"&mark=item&as=flagged&id=1", "&mark=story&as=read&id=1", "&mark=feed&as=unread&id=1"} {
		resp, err := e.srv.Client().Post(e.srv.URL+"/fever/?api", "application/x-www-form-urlencoded", strings.NewReader("api_key="+e.key+body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", body, resp.StatusCode)
		}
	}
	resp, err := e.srv.Client().Post(e.srv.URL+"/fever/?api&items&since_id=x", "application/x-www-form-urlencoded",
		strings.NewReader("api_key="+e.key))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("since_id=x: %d, want 400", resp.StatusCode)
	}
}
