package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

func TestSignInFollowTopicFeedExplains(t *testing.T) {
	e := newEnv(t)
	e.seedStory(herald.Story{Title: "Pyongyang tests a new missile", Summary: "<p>The launch came <b>hours</b> after talks.</p>"},
		topic("north-korea", "North Korea", herald.KindPlace, 0.9))

	r := e.get("/")
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/login" {
		t.Fatalf("anonymous feed redirects to %q, want /login", loc)
	}

	r = e.post("/login", url.Values{"name": {"ada"}, "password": {"wrong horse!"}})
	wantStatus(t, r, http.StatusUnauthorized)
	wantContains(t, r, "Wrong name or password.", `value="ada"`, `action="/login"`)

	e.signIn()
	r = e.get("/")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, "Your feed is empty", `action="/topics/north-korea/follow"`)

	r = e.post("/topics/north-korea/follow", url.Values{"next": {"/"}})
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/" {
		t.Fatalf("follow redirects to %q, want /", loc)
	}

	r = e.get("/")
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "Because you follow North Korea")
	wantContains(t, r,
		"Pyongyang tests a new missile",
		`Because you follow <a href="/topics/north-korea" tabindex="-1">North Korea</a>`,
		"The launch came hours after talks.", // the summary as a plain-text snippet
		"3 hours ago",
		"<time datetime=",
	)
	wantLacks(t, r, "Your feed is empty", "<b>hours</b>")
}

func TestEmptyFeedOffersNextSteps(t *testing.T) {
	for _, tc := range []struct {
		name       string
		opts       []envOption
		wantSource bool
	}{
		{"with add source", nil, true},
		{"without add source", []envOption{withoutAddSource()}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.opts...)
			for i, name := range []string{"Seoul", "Tokyo", "Jakarta"} {
				for j := 0; j <= i; j++ {
					e.seedStory(herald.Story{Title: name + " story " + string(rune('a'+j))},
						topic(strings.ToLower(name), name, herald.KindPlace, 0.8))
				}
			}
			e.signIn()
			r := e.get("/")
			wantStatus(t, r, http.StatusOK)
			wantContains(t, r, "Your feed is empty", "Topics with the most stories", `href="/topics"`)
			// Most stories first, each with a Follow button that comes back here.
			iJ, iT, iS := strings.Index(r.Body, ">Jakarta<"), strings.Index(r.Body, ">Tokyo<"), strings.Index(r.Body, ">Seoul<")
			if iJ < 0 || iT < iJ || iS < iT {
				t.Errorf("suggested topics not in story-count order (Jakarta %d, Tokyo %d, Seoul %d)", iJ, iT, iS)
			}
			wantContains(t, r, `action="/topics/jakarta/follow"`, `name="next" value="/#topic-jakarta"`, "3 stories")
			if got := strings.Contains(r.Body, `action="/sources"`); got != tc.wantSource {
				t.Errorf("add-source form shown = %v, want %v", got, tc.wantSource)
			}
		})
	}
}

func TestStoryPageEscapesAllButContent(t *testing.T) {
	e := newEnv(t)
	id := e.seedStory(herald.Story{
		Title:        `<script>alert("title")</script>Kim meets Moon`,
		URL:          "javascript:alert('url')",
		ContentHTML:  `<p>Sanitised <em>content</em> stays HTML.</p>`,
		Authors:      []string{`<b onmouseover="x()">Sue Ng</b>`},
		ImageURL:     "https://img.example/lead.jpg",
		ImageCaption: `<img src=x onerror="alert('caption')">Leaders shake hands`,
		Section:      "Asia",
	}, topic("kim-jong-un", "Kim <Jong-un>", herald.KindPerson, 0.9))
	if err := e.store.SaveImage(context.Background(), herald.StoryImage{StoryID: id, SourceURL: "https://img.example/lead.jpg",
		Width: 640, Height: 360, Lead: []byte("jpeg"), Thumb: []byte("jpeg")}); err != nil {
		t.Fatal(err)
	}
	e.signIn()
	r := e.get("/stories/" + itoa(id))
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r,
		"<p>Sanitised <em>content</em> stays HTML.</p>",
		"&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;Kim meets Moon",
		"&lt;b onmouseover=&#34;x()&#34;&gt;Sue Ng&lt;/b&gt;",
		"&lt;img src=x onerror=&#34;alert(&#39;caption&#39;)&#34;&gt;Leaders shake hands",
		`src="/images/`+itoa(id)+`/lead.jpg" alt="" width="640" height="360"`,
		"Kim &lt;Jong-un&gt;",
		`action="/topics/kim-jong-un/follow"`,
		"Example News", "Asia",
	)
	wantLacks(t, r, "<script>", "javascript:", "<b onmouseover", "<img src=x", "img.example")
}

func TestStoryPageNotFound(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	for _, path := range []string{"/stories/999999", "/stories/abc", "/stories/-1", "/sources/424242", "/topics/no-such-topic"} {
		t.Run(path, func(t *testing.T) {
			r := e.get(path)
			wantStatus(t, r, http.StatusNotFound)
			wantContains(t, r, "Page not found", "Back to your feed")
		})
	}
}

func TestAnonymousReadersAreSentToLogin(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		method, path string
		next         string // the "next" form field, for POSTs
		want         string
	}{
		{"GET", "/", "", "/login"},
		{"GET", "/topics?q=kim", "", "/login?next=%2Ftopics%3Fq%3Dkim"},
		{"GET", "/stories/1", "", "/login?next=%2Fstories%2F1"},
		{"GET", "/following", "", "/login?next=%2Ffollowing"},
		{"POST", "/topics/kim/follow", "/topics/kim", "/login?next=%2Ftopics%2Fkim"},
		{"POST", "/sources", "", "/login"},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			var r response
			if tc.method == "GET" {
				r = e.get(tc.path)
			} else {
				r = e.post(tc.path, url.Values{"next": {tc.next}})
			}
			wantStatus(t, r, http.StatusSeeOther)
			if loc := r.Header.Get("Location"); loc != tc.want {
				t.Errorf("Location %q, want %q", loc, tc.want)
			}
		})
	}
	// After signing in, the reader lands where they were going.
	r := e.post("/login", url.Values{"name": {"ada"}, "password": {"correct horse"}, "next": {"/topics?q=kim"}})
	if loc := r.Header.Get("Location"); loc != "/topics?q=kim" {
		t.Errorf("after sign-in Location %q, want /topics?q=kim", loc)
	}
}

func TestCrossOriginPostsAreRejected(t *testing.T) {
	e := newEnv(t)
	e.seedStory(herald.Story{Title: "A story"}, topic("seoul", "Seoul", herald.KindPlace, 0.5))
	e.signIn()
	form := url.Values{"next": {"/"}}
	for _, tc := range []struct {
		name    string
		path    string
		headers []string
	}{
		{"sec-fetch-site cross-site", "/topics/seoul/follow", []string{"Sec-Fetch-Site", "cross-site"}},
		{"sec-fetch-site same-site", "/topics/seoul/follow", []string{"Sec-Fetch-Site", "same-site"}},
		{"origin of another host", "/topics/seoul/follow", []string{"Origin", "https://evil.example"}},
		{"cross-site logout", "/logout", []string{"Sec-Fetch-Site", "cross-site"}},
		{"cross-site login", "/login", []string{"Origin", "https://evil.example"}},
		{"cross-site add source", "/sources", []string{"Sec-Fetch-Site", "cross-site"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.post(tc.path, form, tc.headers...)
			wantStatus(t, r, http.StatusForbidden)
			wantContains(t, r, "sent from another site")
		})
	}
	fs, err := e.store.Follows(context.Background(), e.user.ID)
	if err != nil || len(fs) != 0 {
		t.Fatalf("after refused posts the reader follows %v (%v), want nothing", fs, err)
	}
	r := e.post("/topics/seoul/follow", form, "Sec-Fetch-Site", "same-origin", "Origin", e.srv.URL)
	wantStatus(t, r, http.StatusSeeOther)
	if fs, _ := e.store.Follows(context.Background(), e.user.ID); len(fs) != 1 {
		t.Errorf("same-origin follow left %d follows, want 1", len(fs))
	}
}

func TestRedirectsStayOnSite(t *testing.T) {
	e := newEnv(t)
	e.seedStory(herald.Story{Title: "A story"}, topic("seoul", "Seoul", herald.KindPlace, 0.5))
	for _, next := range []string{"//evil.com", "https://evil.com", "/\\evil.com", "\\\\evil.com",
		"javascript:alert(1)", "http:/evil.com", "/\t/evil.com", "evil.com", "///evil.com"} {
		t.Run(next, func(t *testing.T) {
			r := e.post("/login", url.Values{"name": {"ada"}, "password": {"correct horse"}, "next": {next}})
			wantStatus(t, r, http.StatusSeeOther)
			if loc := r.Header.Get("Location"); loc != "/" {
				t.Errorf("login with next=%q redirects to %q, want /", next, loc)
			}
			r = e.post("/topics/seoul/follow", url.Values{"next": {next}})
			wantStatus(t, r, http.StatusSeeOther)
			if loc := r.Header.Get("Location"); loc != "/topics/seoul" {
				t.Errorf("follow with next=%q redirects to %q, want /topics/seoul", next, loc)
			}
		})
	}
}

func TestSafeNext(t *testing.T) {
	for _, tc := range []struct{ next, want string }{
		{"/", "/"},
		{"/topics?q=kim%20jong", "/topics?q=kim%20jong"},
		{"/stories/12#top", "/stories/12#top"},
		{"", "/fallback"},
		{"//evil.com", "/fallback"},
		{"///evil.com", "/fallback"},
		{"/\\evil.com", "/fallback"},
		{"/ok\\..\\evil", "/fallback"},
		{"https://evil.com", "/fallback"},
		{"HTTPS://evil.com/", "/fallback"},
		{"javascript:alert(1)", "/fallback"},
		{"evil.com/x", "/fallback"},
		{"/\x00/evil.com", "/fallback"},
		{"/\n/evil.com", "/fallback"},
		{"/" + strings.Repeat("a", 3000), "/fallback"},
	} {
		if got := safeNext(tc.next, "/fallback"); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.next, got, tc.want)
		}
	}
}

func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/", "//evil.com", "/\\evil", "https://x", "/a?b=c#d", "/%2f%2fevil"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next, "/")
		u, err := url.Parse(got)
		if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(got, "//") || strings.ContainsRune(got, '\\') {
			t.Fatalf("safeNext(%q) = %q leaves the site", next, got)
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	for _, path := range []string{"/login", "/", "/topics", "/sources", "/following", "/stories/77", "/static/style.css"} {
		r := e.get(path)
		for k, want := range map[string]string{
			"Content-Security-Policy": contentSecurityPolicy,
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "same-origin",
		} {
			if got := r.Header.Get(k); got != want {
				t.Errorf("GET %s: %s = %q, want %q", path, k, got, want)
			}
		}
	}
	if !strings.Contains(contentSecurityPolicy, "frame-ancestors 'none'") || strings.Contains(contentSecurityPolicy, "unsafe") {
		t.Errorf("CSP %q is not strict", contentSecurityPolicy)
	}
}

func TestMuteAndFollowingPage(t *testing.T) {
	e := newEnv(t)
	e.seedStory(herald.Story{Title: "Election day"}, topic("elections", "Elections", herald.KindEvent, 0.7))
	e.signIn()
	wantStatus(t, e.post("/topics/elections/follow", nil), http.StatusSeeOther)
	r := e.post("/topics/elections/mute", url.Values{"for": {"week"}, "next": {"/following"}})
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/following" {
		t.Errorf("mute redirects to %q, want /following", loc)
	}
	r = e.get("/following")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, "Elections", "muted until", `action="/topics/elections/unmute"`, `action="/topics/elections/unfollow"`)
	r = e.get("/")
	wantLacks(t, r, "Election day")

	wantStatus(t, e.post("/topics/elections/mute", url.Values{"for": {"forever and ever"}}), http.StatusBadRequest)
	wantStatus(t, e.post("/topics/elections/unmute", nil), http.StatusSeeOther)
	r = e.get("/")
	wantContains(t, r, "Election day")
	wantText(t, r, "Because you follow Elections")
}

func TestTopicsPage(t *testing.T) {
	e := newEnv(t)
	e.seedStory(herald.Story{Title: "One"}, topic("seoul", "Seoul", herald.KindPlace, 0.5), topic("samsung", "Samsung", herald.KindOrganisation, 0.5))
	e.seedStory(herald.Story{Title: "Two"}, topic("samsung", "Samsung", herald.KindOrganisation, 0.5))
	e.signIn()
	wantStatus(t, e.post("/topics/seoul/follow", nil), http.StatusSeeOther)
	r := e.get("/topics")
	wantStatus(t, r, http.StatusOK)
	if f, o := strings.Index(r.Body, "You follow"), strings.Index(r.Body, "More topics"); f < 0 || o < f ||
		!strings.Contains(r.Body[f:o], ">Seoul<") || strings.Contains(r.Body[f:o], ">Samsung<") {
		t.Errorf("followed topics are not listed first, apart from the others")
	}
	wantContains(t, r, "2 stories", `action="/topics/seoul/unfollow"`, `action="/topics/samsung/follow"`)

	r = e.get("/topics?q=sams")
	wantContains(t, r, "Topics matching “sams”", ">Samsung<")
	wantLacks(t, r, ">Seoul<")

	r = e.get("/topics/samsung")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, "<h1>Samsung</h1>", ">One<", ">Two<", `action="/topics/samsung/mute"`)
	if strings.Index(r.Body, ">Two<") > strings.Index(r.Body, ">One<") {
		t.Errorf("topic stories are not newest first")
	}
}

func TestSourcesPage(t *testing.T) {
	e := newEnv(t, readersAddSources())
	e.signIn()
	r := e.post("/sources", url.Values{"url": {"ftp://files.example/feed"}})
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, `is not an http or https address`, `value="ftp://files.example/feed"`, `aria-invalid="true"`)

	r = e.post("/sources", url.Values{"url": {"https://blog.example/feed.xml"}})
	wantStatus(t, r, http.StatusSeeOther)
	loc := r.Header.Get("Location")
	if !strings.HasPrefix(loc, "/sources?added=") {
		t.Fatalf("add source redirects to %q", loc)
	}
	r = e.get(loc)
	wantContains(t, r, "Added <a", "blog.example", "waiting for its first fetch", "/unfollow")

	// Adding it again follows the existing source instead of failing.
	wantStatus(t, e.post("/sources/1/unfollow", nil), http.StatusSeeOther)
	r = e.post("/sources", url.Values{"url": {"https://blog.example/feed.xml"}})
	wantStatus(t, r, http.StatusSeeOther)
	if fs, _ := e.store.Follows(context.Background(), e.user.ID); len(fs) != 1 || fs[0].Source == nil {
		t.Errorf("follows after re-adding: %+v, want the source", fs)
	}

	off := newEnv(t, withoutAddSource(), readersAddSources())
	off.signIn()
	wantLacks(t, off.get("/sources"), `action="/sources"`)
	wantStatus(t, off.post("/sources", url.Values{"url": {"https://x.example/"}}), http.StatusNotFound)
}

// failingSources is a store whose source listing fails like a broken disk.
type failingSources struct{ herald.Store }

func (failingSources) Sources(context.Context) ([]*herald.Source, error) {
	return nil, errors.New("disk on fire")
}

func TestInternalErrorsAreLoggedOnceAndHidden(t *testing.T) {
	e := newEnv(t, withStore(func(s herald.Store) herald.Store { return failingSources{s} }))
	e.signIn()
	r := e.get("/sources")
	wantStatus(t, r, http.StatusInternalServerError)
	wantContains(t, r, "internal error")
	wantLacks(t, r, "disk on fire")
	if n := strings.Count(e.logs.String(), "disk on fire"); n != 1 {
		t.Errorf("the error was logged %d times, want once:\n%s", n, e.logs)
	}
}

func TestLogout(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	wantStatus(t, e.get("/"), http.StatusOK)
	r := e.post("/logout", nil)
	wantStatus(t, r, http.StatusSeeOther)
	wantStatus(t, e.get("/"), http.StatusSeeOther)
}

func TestRegisterLeavesOtherRoutesAlone(t *testing.T) {
	e := newEnv(t)
	mux := http.NewServeMux()
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	mux.Handle("/api/", api)
	mux.Handle("GET /healthz", api)
	mux.Handle("GET /readyz", api)
	Register(mux, Deps{Store: e.store, Feed: nil, Auth: e.auth})
	for _, tc := range []struct {
		method, path string
		want         int
	}{
		{"GET", "/api/v1/feed", http.StatusTeapot},
		{"POST", "/api/v1/events", http.StatusTeapot},
		{"GET", "/healthz", http.StatusTeapot},
		{"GET", "/readyz", http.StatusTeapot},
		{"GET", "/favicon.ico", http.StatusNotFound},
		{"GET", "/login", http.StatusOK},
		{"PUT", "/topics/x/follow", http.StatusMethodNotAllowed},
	} {
		rec := httptestRecorder(mux, tc.method, tc.path)
		if rec != tc.want {
			t.Errorf("%s %s: status %d, want %d", tc.method, tc.path, rec, tc.want)
		}
	}
}

func TestStaticStylesheet(t *testing.T) {
	e := newEnv(t)
	r := e.get(stylesheet)
	wantStatus(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != "text/css; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("versioned stylesheet Cache-Control %q, want immutable", cc)
	}
	wantContains(t, r, "light-dark(", `[data-theme="dark"]`, ":focus-visible")
	wantStatus(t, e.get("/static/nope.css"), http.StatusNotFound)
	js := e.get(script)
	wantStatus(t, js, http.StatusOK)
	if ct := js.Header.Get("Content-Type"); ct != "text/javascript; charset=utf-8" {
		t.Errorf("script Content-Type %q", ct)
	}
}

func TestFeedPagination(t *testing.T) {
	e := newEnv(t)
	base := time.Now().Add(-time.Hour)
	for i := range pageSize + 5 {
		e.seedStory(herald.Story{Title: "Story " + itoa(int64(i)), PublishedAt: base.Add(-time.Duration(i) * time.Minute)},
			topic("seoul", "Seoul", herald.KindPlace, 0.5))
	}
	e.signIn()
	wantStatus(t, e.post("/topics/seoul/follow", nil), http.StatusSeeOther)
	r := e.get("/")
	wantContains(t, r, ">Story 0<", ">Story 29<", "More stories")
	wantLacks(t, r, ">Story 30<")
	i := strings.Index(r.Body, `href="/?cursor=`)
	if i < 0 {
		t.Fatal("no More stories link")
	}
	href := r.Body[i+len(`href="`):]
	href = strings.ReplaceAll(href[:strings.IndexByte(href, '"')], "&amp;", "&")
	r = e.get(href)
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, ">Story 30<", ">Story 34<")
	wantLacks(t, r, ">Story 29<", "Your feed is empty")

	wantStatus(t, e.get("/?cursor=garbage"), http.StatusBadRequest)
}

// TestSignInSlowsGuessing: repeated failures from one address for one
// account are slowed with 429, Retry-After and a message saying how long.
func TestSignInSlowsGuessing(t *testing.T) {
	e := newEnv(t)
	var r response
	for i := range 30 {
		r = e.post("/login", url.Values{"name": {"Ada"}, "password": {fmt.Sprint("guess ", i)}})
		if r.StatusCode != http.StatusUnauthorized {
			break
		}
	}
	wantStatus(t, r, http.StatusTooManyRequests)
	wantContains(t, r, "Too many failed attempts. Try again in ")
	if r.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After header on a throttled sign-in")
	}
}

// loginFrom posts the sign-in form from addr, without cookies, straight to
// the handler, as a client elsewhere on the network would.
func (e *env) loginFrom(addr, name, password string) int {
	e.t.Helper()
	req := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"name": {name}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = addr + ":50000"
	rec := httptest.NewRecorder()
	e.srv.Config.Handler.ServeHTTP(rec, req)
	return rec.Code
}

// TestUsualBrowserSignsInDuringAnAttack is the probe's lockout (issue 10
// item 1): while attackers fail for ada from many addresses and from her own,
// her usual browser still signs in with the right password.
func TestUsualBrowserSignsInDuringAnAttack(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	wantStatus(t, e.post("/logout", nil), http.StatusSeeOther)
	for i := range 60 {
		if code := e.loginFrom(fmt.Sprintf("203.0.113.%d", i), "ada", "wrong guess"); code != http.StatusUnauthorized && code != http.StatusTooManyRequests {
			t.Fatalf("attacker's sign-in: status %d", code)
		}
	}
	for range 12 {
		e.loginFrom("127.0.0.1", "ada", "wrong guess")
	}
	e.signIn()
	wantContains(t, e.get("/"), "ada")
}

// TestSharedAddressDoesNotLockOutOthers: fifty failures from one address
// (a shared proxy) leave the other readers behind it free to sign in.
func TestSharedAddressDoesNotLockOutOthers(t *testing.T) {
	e := newEnv(t)
	if _, err := e.auth.CreateUser(context.Background(), "bob", "battery staple", false); err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		if code := e.loginFrom("127.0.0.1", fmt.Sprint("user", i), "wrong guess"); code != http.StatusUnauthorized {
			t.Fatalf("failure %d: status %d, want 401", i, code)
		}
	}
	r := e.post("/login", url.Values{"name": {"bob"}, "password": {"battery staple"}})
	wantStatus(t, r, http.StatusSeeOther)
}

// TestAddingSourcesIsForAdmins: sources are the whole install's; a reader
// neither sees the add and import forms nor may post them unless the
// operator allows readers to (issue 10 item 6).
func TestAddingSourcesIsForAdmins(t *testing.T) {
	e := newEnv(t, withImport())
	e.signIn()
	wantLacks(t, e.get("/sources"), `action="/sources"`, `action="/sources/import"`)
	r := e.post("/sources", url.Values{"url": {"https://blog.example/feed.xml"}})
	wantStatus(t, r, http.StatusForbidden)
	wantContains(t, r, "only an administrator may add sources")
	wantStatus(t, e.postFile("a.opml", subscriptions), http.StatusForbidden)
	if srcs, _ := e.store.Sources(context.Background()); len(srcs) != 0 {
		t.Fatalf("a reader added %d sources", len(srcs))
	}

	admin := newEnv(t, withImport())
	u, err := admin.store.UserByName(context.Background(), "ada")
	if err != nil {
		t.Fatal(err)
	}
	root := &herald.User{Name: "root", PasswordHash: u.PasswordHash, IsAdmin: true}
	if err := admin.store.CreateUser(context.Background(), root); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, admin.post("/login", url.Values{"name": {"root"}, "password": {"correct horse"}}), http.StatusSeeOther)
	wantContains(t, admin.get("/sources"), `action="/sources"`, `action="/sources/import"`)
	wantStatus(t, admin.post("/sources", url.Values{"url": {"https://blog.example/feed.xml"}}), http.StatusSeeOther)
}

// canceledSources is a store whose source listing fails the way a query does
// when the client has hung up: with the request's context error.
type canceledSources struct{ herald.Store }

func (canceledSources) Sources(ctx context.Context) ([]*herald.Source, error) {
	<-ctx.Done()
	return nil, fmt.Errorf("list sources: %w", ctx.Err())
}

// TestClientGoneIsNotAnError: a reader who leaves mid-request is logged at
// debug level and gets no 500 (issue 10 item 7).
func TestClientGoneIsNotAnError(t *testing.T) {
	e := newEnv(t, withStore(func(s herald.Store) herald.Store { return canceledSources{s} }))
	e.signIn()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", e.srv.URL+"/sources", nil)
	for _, c := range e.client.Jar.Cookies(req.URL) {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	go cancel()
	e.srv.Config.Handler.ServeHTTP(rec, req.WithContext(ctx))
	if rec.Code == http.StatusInternalServerError || strings.Contains(rec.Body.String(), "internal error") {
		t.Errorf("a client that went away got %d %q", rec.Code, rec.Body)
	}
	if logs := e.logs.String(); strings.Contains(logs, "level=ERROR") {
		t.Errorf("a client that went away was logged as an error:\n%s", logs)
	}
}
