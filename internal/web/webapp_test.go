package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// location is the redirect target of a response.
func location(t *testing.T, r response) string {
	t.Helper()
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s %s: status %d, want 303\n%s", r.Request.Method, r.Request.URL.Path, r.StatusCode, r.Body)
	}
	return r.Header.Get("Location")
}

// threeStories stores three stories, newest last, and returns their ids.
func (e *env) threeStories() [3]int64 {
	var ids [3]int64
	for i, title := range []string{"Storm Isolde reaches the coast", "Rates held at the Bank of Calderia", "Rovers win the derby"} {
		ids[i] = e.seedStory(herald.Story{Title: title, Summary: "<p>" + title + ", reports say.</p>",
			Section: []string{"World", "Business", "Sport"}[i], PublishedAt: time.Now().Add(-time.Duration(3-i) * time.Hour)},
			topic([]string{"isolde", "bank", "rovers"}[i], title, herald.KindOther, 0.5))
	}
	return ids
}

func TestStoryButtons(t *testing.T) {
	e := newEnv(t)
	ids := e.threeStories()
	e.signIn()
	story := "/stories/" + itoa(ids[0])
	if loc := location(t, e.post(story+"/save", url.Values{"next": {"/?view=latest#story-1"}})); loc != "/?view=latest#story-1" {
		t.Errorf("save went to %q", loc)
	}
	saved := e.get("/saved")
	wantText(t, saved, "Storm Isolde reaches the coast")
	wantLacks(t, saved, "Rovers win the derby")
	wantContains(t, saved, `action="`+story+`/unsave"`)

	scripted := e.post(story+"/read", nil, "X-Requested-With", "herald")
	wantStatus(t, scripted, http.StatusNoContent)
	latest := e.get("/?view=latest")
	wantContains(t, latest, `id="story-`+itoa(ids[0])+`"`, `class="card is-read"`, `action="`+story+`/unread"`)
	// The script flips a toggle to these: plain paths and labels (an
	// attribute named data-on… would be escaped as JavaScript, quotes and all).
	wantContains(t, latest, `data-action-set="`+story+`/unread"`, `data-action-unset="`+story+`/read"`, `data-label-set="Mark unread"`)
	wantLacks(t, latest, `="&#34;`)

	location(t, e.post("/stories/"+itoa(ids[1])+"/hide", nil))
	wantLacks(t, e.get("/?view=latest"), "Rates held")
	wantStatus(t, e.post(story+"/levitate", nil), http.StatusNotFound)
	wantStatus(t, e.post("/stories/999999/save", nil), http.StatusNotFound)
	location(t, e.post(story+"/less", nil))
}

func TestMarkAllReadAndUndo(t *testing.T) {
	e := newEnv(t)
	ids := e.threeStories()
	e.signIn()
	before := itoa(time.Now().Add(time.Minute).UnixMilli())
	loc := location(t, e.post("/read-all", url.Values{"before": {before}, "next": {"/?view=following"}}))
	u, _ := url.Parse(loc)
	if u.Path != "/" || u.Query().Get("marked") != "3" || u.Query().Get("undo") == "" || u.Query().Get("view") != "following" {
		t.Fatalf("mark all read went to %q", loc)
	}
	page := e.get(loc)
	wantText(t, page, "Marked 3 stories as read.")
	wantContains(t, page, `action="/read-all/undo"`, `name="next" value="/?view=following"`)
	states, _ := e.store.StoryStates(context.Background(), e.user.ID, ids[:])
	if len(states) != 3 || !states[ids[2]].Read {
		t.Fatalf("states after mark all read: %+v", states)
	}
	location(t, e.post("/read-all/undo", url.Values{"undo": {u.Query().Get("undo")}, "next": {"/"}}))
	states, _ = e.store.StoryStates(context.Background(), e.user.ID, ids[:])
	for id, st := range states {
		if st.Read {
			t.Errorf("story %d still read after undo", id)
		}
	}
	// A list (a section, a search) marks the stories it shows.
	loc = location(t, e.post("/read-all", url.Values{"list": {"1"}, "ids": {itoa(ids[0]) + "," + itoa(ids[1])}, "next": {"/search?q=x"}}))
	if !strings.Contains(loc, "marked=2") || !strings.Contains(loc, "undo=ids%3A") {
		t.Errorf("list mark went to %q", loc)
	}
	wantStatus(t, e.post("/read-all", url.Values{"list": {"1"}, "ids": {"1,abc"}}), http.StatusBadRequest)
	wantStatus(t, e.post("/read-all/undo", url.Values{"undo": {"garbage!"}}), http.StatusBadRequest)
}

func TestViewsAndSections(t *testing.T) {
	e := newEnv(t)
	e.threeStories()
	e.signIn()
	latest := e.get("/?view=latest")
	wantText(t, latest, "Latest", "Storm Isolde", "Rovers win the derby")
	wantContains(t, latest, "Mark these as read")
	wantContains(t, latest, `href="/?section=Sport"`, `aria-current="page">Latest`, `action="/topics/isolde/follow"`)
	wantLacks(t, latest, `href="/headlines"`) // this server has no ranked feed: no headlines
	sport := e.get("/?section=Sport")
	wantText(t, sport, "Rovers win the derby")
	wantLacks(t, sport, "Storm Isolde reaches")
	wantContains(t, sport, `aria-current="page">Sport`)
	foryou := e.get("/?view=foryou")
	wantText(t, foryou, "Your feed is empty")
	location(t, e.post("/topics/isolde/follow", url.Values{"next": {"/?view=latest"}}))
	wantLacks(t, e.get("/?view=latest"), `action="/topics/isolde/follow"`)
	wantText(t, e.get("/?view=foryou"), "Because you follow")
	if err := e.store.SetPreferences(context.Background(), e.user.ID, herald.Preferences{Theme: "dark", PageSize: 10, DefaultView: herald.ViewLatest}); err != nil {
		t.Fatal(err)
	}
	home := e.get("/")
	wantContains(t, home, `data-theme="dark"`, `aria-current="page">Latest`)
	unread := e.get("/?view=latest&unread=1")
	wantText(t, unread, "Show all stories")
}

func TestSearchPage(t *testing.T) {
	e := newEnv(t)
	e.threeStories()
	e.signIn()
	start := e.get("/search")
	wantStatus(t, start, http.StatusOK)
	wantText(t, start, "Search every story Herald has")
	r := e.get("/search?q=storm")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, "<mark>Storm</mark> Isolde reaches the coast", "Follow this search")
	wantLacks(t, r, "Rovers win")
	wantText(t, e.get("/search?q=rat*"), "Rates held")
	wantText(t, e.get("/search?q=storm+OR+derby&section=Sport"), "Rovers win")
	none := e.get("/search?q=volcano")
	wantText(t, none, "No stories match")
	bad := e.get("/search?q=storm&from=yesterday")
	wantStatus(t, bad, http.StatusBadRequest)
	wantText(t, bad, "The From date should look like 2026-03-01.")
	backwards := e.get("/search?q=storm&from=2026-03-02&to=2026-03-01")
	wantStatus(t, backwards, http.StatusBadRequest)

	loc := location(t, e.post("/searches", url.Values{"q": {"storm"}, "next": {"/search?q=storm"}}))
	if loc != "/search?q=storm" {
		t.Errorf("follow search went to %q", loc)
	}
	wantContains(t, e.get("/search?q=storm"), "Unfollow this search")
	following := e.get("/following")
	wantContains(t, following, `href="/search?q=storm"`)
	ss, _ := e.store.SavedSearches(context.Background(), e.user.ID)
	location(t, e.post("/searches/"+itoa(ss[0].ID)+"/delete", nil))
	wantText(t, e.get("/following"), "You follow no searches")
}

func TestSettingsPage(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	page := e.get("/settings")
	wantStatus(t, page, http.StatusOK)
	wantText(t, page, "Signed-in browsers", "this browser", "You have no tokens.")
	location(t, e.post("/settings/reading", url.Values{"theme": {"dark"}, "page_size": {"50"}, "default_view": {"latest"}}))
	wantContains(t, e.get("/settings"), `data-theme="dark"`, `<option value="50" selected>`)
	bad := e.post("/settings/reading", url.Values{"theme": {"neon"}, "page_size": {"50"}, "default_view": {"latest"}})
	wantStatus(t, bad, http.StatusBadRequest)
	wantText(t, bad, "Choose system, light or dark.")
	location(t, e.post("/settings/profile", url.Values{"display_name": {"Ada L."}}))
	wantContains(t, e.get("/settings"), `value="Ada L."`)

	made := e.post("/settings/tokens", url.Values{"name": {"my reader app"}})
	wantStatus(t, made, http.StatusOK)
	wantText(t, made, "Copy it now")
	wantContains(t, made, `value="hrd_`)
	tokens, _ := e.auth.Tokens(context.Background(), e.user.ID)
	if len(tokens) != 1 {
		t.Fatalf("tokens: %+v", tokens)
	}
	wantLacks(t, e.get("/settings"), `value="hrd_`)
	location(t, e.post("/settings/tokens/"+itoa(tokens[0].ID)+"/revoke", nil))
	wantStatus(t, e.post("/settings/tokens/"+itoa(tokens[0].ID)+"/revoke", nil), http.StatusNotFound)
}

func TestPasswordChangeSignsOutOtherBrowsers(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	other := *e
	jar, _ := cookiejar.New(nil)
	c := *e.client
	c.Jar = jar
	other.client = &c
	other.signIn()
	wrong := e.post("/settings/password", url.Values{"current": {"not it"}, "new": {"a new passphrase"}, "confirm": {"a new passphrase"}})
	wantStatus(t, wrong, http.StatusBadRequest)
	wantText(t, wrong, "Current password: that is not your password.")
	differ := e.post("/settings/password", url.Values{"current": {"correct horse"}, "new": {"a new passphrase"}, "confirm": {"another"}})
	wantText(t, differ, "The new password and its repetition differ.")
	location(t, e.post("/settings/password", url.Values{"current": {"correct horse"}, "new": {"a new passphrase"}, "confirm": {"a new passphrase"}}))
	wantStatus(t, e.get("/settings"), http.StatusOK)
	if loc := location(t, other.get("/settings")); !strings.HasPrefix(loc, "/login") {
		t.Errorf("the other browser is still signed in (went to %q)", loc)
	}
	if _, err := e.auth.Login(context.Background(), "ada", "a new passphrase"); err != nil {
		t.Errorf("new password does not work: %v", err)
	}
}

func TestDeleteAccount(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	unconfirmed := e.post("/settings/delete", url.Values{"password": {"correct horse"}})
	wantText(t, unconfirmed, "Tick the box")
	wrong := e.post("/settings/delete", url.Values{"password": {"nope"}, "confirm": {"yes"}})
	wantText(t, wrong, "That is not your password.")
	if loc := location(t, e.post("/settings/delete", url.Values{"password": {"correct horse"}, "confirm": {"yes"}})); loc != "/login" {
		t.Errorf("delete went to %q", loc)
	}
	if _, err := e.store.UserByName(context.Background(), "ada"); !herald.IsNotFound(err) {
		t.Errorf("ada still exists: %v", err)
	}
	// The only administrator cannot delete themselves.
	e.signInAdmin()
	last := e.post("/settings/delete", url.Values{"password": {"admin password"}, "confirm": {"yes"}})
	wantStatus(t, last, http.StatusBadRequest)
	wantText(t, last, "You are the only administrator")
}

func TestExport(t *testing.T) {
	e := newEnv(t)
	ids := e.threeStories()
	e.signIn()
	location(t, e.post("/stories/"+itoa(ids[1])+"/save", nil))
	location(t, e.post("/topics/isolde/follow", nil))
	location(t, e.post("/stories/"+itoa(ids[0])+"/read", nil))
	src, _ := e.store.SourceByURL(context.Background(), "https://news.example/feed")
	location(t, e.post("/sources/"+itoa(src.ID)+"/follow", nil))
	r := e.get("/settings/export.json")
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.Header.Get("Content-Disposition"), "herald-ada.json") {
		t.Errorf("Content-Disposition %q", r.Header.Get("Content-Disposition"))
	}
	var got readerExport
	if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
		t.Fatal(err)
	}
	if got.User.Name != "ada" || len(got.Follows) != 2 || len(got.Saved) != 1 || got.Saved[0].ID != ids[1] ||
		len(got.History) != 1 || got.History[0].StoryID != ids[0] {
		t.Errorf("export = %+v", got)
	}
	o := e.get("/settings/export.opml")
	wantStatus(t, o, http.StatusOK)
	wantContains(t, o, `xmlUrl="https://news.example/feed"`)
}

func TestAdminPage(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	wantStatus(t, e.get("/admin"), http.StatusForbidden)
	wantStatus(t, e.post("/admin/users", url.Values{"name": {"eve"}}), http.StatusForbidden)
	location(t, e.post("/logout", nil))
	e.signInAdmin()
	page := e.get("/admin")
	wantStatus(t, page, http.StatusOK)
	wantText(t, page, "Users", "ada", "root", "Add a user")
	made := e.post("/admin/users", url.Values{"name": {"casey"}})
	wantStatus(t, made, http.StatusOK)
	wantText(t, made, "The password of casey")
	taken := e.post("/admin/users", url.Values{"name": {"casey"}, "password": {"long enough"}})
	wantStatus(t, taken, http.StatusBadRequest)
	wantText(t, taken, "is already taken")
	location(t, e.post("/admin/users/"+itoa(e.user.ID)+"/disable", nil))
	if u, _ := e.store.User(context.Background(), e.user.ID); !u.Disabled {
		t.Error("ada is not disabled")
	}
	location(t, e.post("/admin/users/"+itoa(e.user.ID)+"/admin", nil))
	reset := e.post("/admin/users/"+itoa(e.user.ID)+"/password", nil)
	wantText(t, reset, "New password for ada")
	root, _ := e.store.UserByName(context.Background(), "root")
	self := e.post("/admin/users/"+itoa(root.ID)+"/disable", nil)
	wantStatus(t, self, http.StatusBadRequest)
	wantText(t, self, "You cannot disable yourself")
	cat := e.get("/admin/topics")
	wantStatus(t, cat, http.StatusOK)
}

func TestSourceManagement(t *testing.T) {
	e := newEnv(t)
	ids := e.threeStories()
	src, _ := e.store.SourceByURL(context.Background(), "https://news.example/feed")
	path := "/sources/" + itoa(src.ID)
	e.signIn()
	wantLacks(t, e.get(path), "Manage this source")
	wantStatus(t, e.post(path+"/pause", nil), http.StatusForbidden)
	wantStatus(t, e.get(path+"/delete"), http.StatusForbidden)
	location(t, e.post("/stories/"+itoa(ids[0])+"/save", nil))
	location(t, e.post("/logout", nil))
	e.signInAdmin()
	wantText(t, e.get(path), "Manage this source", "Waiting for its first fetch")
	location(t, e.post(path+"/settings", url.Values{"title": {"Example Daily"}, "category": {"News/Asia"}, "full_text": {"never"},
		"min_minutes": {"30"}, "max_minutes": {"120"}}))
	got, _ := e.store.Source(context.Background(), src.ID)
	if got.Title != "Example Daily" || got.Category != "News/Asia" || got.FullText != herald.FullTextNever ||
		got.MinInterval != 30*time.Minute || got.MaxInterval != 2*time.Hour {
		t.Errorf("source after settings = %+v", got)
	}
	badMinutes := e.post(path+"/settings", url.Values{"full_text": {"auto"}, "min_minutes": {"soon"}})
	wantStatus(t, badMinutes, http.StatusBadRequest)
	location(t, e.post(path+"/pause", nil))
	wantText(t, e.get("/sources"), "News/Asia", "paused")
	location(t, e.post("/sources/folders/rename", url.Values{"from": {"News"}, "to": {"World"}}))
	if got, _ := e.store.Source(context.Background(), src.ID); got.Category != "World/Asia" {
		t.Errorf("folder after rename = %q", got.Category)
	}
	confirm := e.get(path + "/delete")
	wantStatus(t, confirm, http.StatusOK)
	wantText(t, confirm, "its 3 stories go with it", "including 1 story that readers saved")
	loc := location(t, e.post(path+"/delete", nil))
	if !strings.HasPrefix(loc, "/sources?deleted=") {
		t.Errorf("delete went to %q", loc)
	}
	wantText(t, e.get(loc), "Deleted Example Daily and its stories.")
	wantStatus(t, e.get(path), http.StatusNotFound)
}

func TestPreviewBeforeAdding(t *testing.T) {
	preview := func(ctx context.Context, raw string) (*herald.FeedPreview, error) {
		if strings.Contains(raw, "nofeed") {
			return nil, herald.Errorf(herald.EINVALID, "url: %s is a web page, and Herald found no feed on it", raw)
		}
		return &herald.FeedPreview{URL: "https://site.example/feed.xml", Title: "Site News", Found: []string{"https://site.example/feed.xml"},
			Items: []herald.PreviewItem{{Title: "First story", PublishedAt: time.Now()}}}, nil
	}
	e := newEnv(t, readersAddSources(), func(d *Deps) { d.Preview = preview })
	e.signIn()
	sources := e.get("/sources")
	wantContains(t, sources, `action="/sources/preview"`, "Look for its feed")
	r := e.get("/sources/preview?url=https://site.example/")
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "Site News", "found 1 feed on it", "First story")
	wantContains(t, r, "Add this source and follow it")
	wantContains(t, r, `name="url" value="https://site.example/feed.xml"`)
	no := e.get("/sources/preview?url=https://nofeed.example/")
	wantText(t, no, "No feed there", "Herald found no feed on it")
}

func TestImages(t *testing.T) {
	e := newEnv(t)
	ids := e.threeStories()
	if err := e.store.SaveImage(context.Background(), herald.StoryImage{StoryID: ids[0], SourceURL: "https://img.example/a.jpg",
		Width: 640, Height: 360, Lead: []byte("lead bytes"), Thumb: []byte("thumb bytes")}); err != nil {
		t.Fatal(err)
	}
	img := "/images/" + itoa(ids[0]) + "/thumb.jpg"
	if loc := location(t, e.get(img)); !strings.HasPrefix(loc, "/login") {
		t.Errorf("anonymous image request went to %q", loc)
	}
	e.signIn()
	r := e.get(img)
	wantStatus(t, r, http.StatusOK)
	if r.Body != "thumb bytes" || r.Header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("thumb = %q %q", r.Body, r.Header.Get("Content-Type"))
	}
	wantStatus(t, e.get("/images/"+itoa(ids[1])+"/lead.jpg"), http.StatusNotFound)
	wantStatus(t, e.get("/images/"+itoa(ids[0])+"/huge.jpg"), http.StatusNotFound)
	latest := e.get("/?view=latest")
	wantContains(t, latest, `src="`+img+`" alt="" width="104" height="104"`)
}

func TestTopicsByKindAndPage(t *testing.T) {
	e := newEnv(t)
	for i := range topicsPageSize + 5 {
		kind := herald.KindPlace
		if i%2 == 0 {
			kind = herald.KindPerson
		}
		e.seedStory(herald.Story{Title: "Story " + itoa(int64(i))}, topic("t-"+itoa(int64(1000+i)), "Topic "+itoa(int64(1000+i)), kind, 0.5))
	}
	e.signIn()
	first := e.get("/topics")
	wantContains(t, first, `href="/topics?page=2"`, `id="topic-t-1000"`, `name="next" value="/topics#topic-t-1000"`)
	second := e.get("/topics?page=2")
	wantContains(t, second, `href="/topics"`)
	people := e.get("/topics?kind=person")
	wantContains(t, people, `aria-current="page">People`)
	wantLacks(t, people, "Topic 1001<")
}

func TestUnknownAddresses(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	r := e.get("/no-such-page")
	wantStatus(t, r, http.StatusNotFound)
	wantText(t, r, "Page not found", "There is no page at /no-such-page")
	wantContains(t, r, `<html lang="en"`)
	wantStatus(t, e.post("/topics", nil), http.StatusMethodNotAllowed)
	wantStatus(t, e.get("/shortcuts"), http.StatusOK)
}

// The settings page makes, lists and revokes app passwords, the passwords
// feed reader apps (Google Reader API, Fever) sign in with.
func TestAppPasswords(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	page := e.get("/settings")
	wantContains(t, page, `id="app-passwords"`, "You have no app passwords.")
	made := e.post("/settings/app-passwords", url.Values{"name": {"Reeder"}})
	wantStatus(t, made, http.StatusOK)
	wantText(t, made, "The app password for “Reeder”")
	wantLacks(t, e.get("/settings"), "You have no app passwords.")
}

func TestTokenKind(t *testing.T) {
	if got := tokenKind(herald.Token{Name: "x"}); got != "api" {
		t.Errorf("tokenKind of a token without a kind = %q, want api", got)
	}
}
