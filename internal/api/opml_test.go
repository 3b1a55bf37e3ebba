package api_test

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/api"
	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/fetch"
	"github.com/heraldnews/herald/internal/ingest"
	"github.com/heraldnews/herald/internal/opml"
	"github.com/heraldnews/herald/internal/rank"
	"github.com/heraldnews/herald/internal/store"
)

// opmlEnv is an API server over a real SQLite store whose ImportSource is the
// ingest pipeline's (which refuses private networks), with an administrator
// (alice, tokA) and a reader (bob, tokB).
type opmlEnv struct {
	srv        *httptest.Server
	store      *store.DB
	tokA, tokB string
	alice, bob *herald.User
}

func newOPMLEnv(t *testing.T, withImport bool, opts ...func(*api.Deps)) *opmlEnv {
	t.Helper()
	store, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "herald.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { store.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	authSvc := auth.New(store, auth.Options{Log: log})
	pipe := ingest.New(store, fetch.New(fetch.Options{}), nil, log, ingest.Options{})
	e := &opmlEnv{store: store}
	e.alice, e.tokA = addUserAs(t, store, authSvc, "alice", true)
	e.bob, e.tokB = addUser(t, store, authSvc, "bob")
	d := api.Deps{Store: store, Feed: &rank.Service{Store: store}, Auth: authSvc, Log: log, AddSource: pipe.AddSource}
	if withImport {
		d.ImportSource = pipe.ImportSource
	}
	for _, o := range opts {
		o(&d)
	}
	mux := http.NewServeMux()
	api.Register(mux, d)
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	return e
}

// post sends body with Content-Type ct to POST /api/v1/sources/opml.
func (e *opmlEnv) post(t *testing.T, tok, ct string, body []byte) response {
	t.Helper()
	req, err := http.NewRequest("POST", e.srv.URL+"/api/v1/sources/opml", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	return send(t, e.srv.Client(), req)
}

// postChunked is post with a body of unknown length.
func (e *opmlEnv) postChunked(t *testing.T, tok, ct, body string) response {
	t.Helper()
	req, err := http.NewRequest("POST", e.srv.URL+"/api/v1/sources/opml", io.MultiReader(strings.NewReader(body)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", ct)
	return send(t, e.srv.Client(), req)
}

func (e *opmlEnv) get(t *testing.T, tok string) response {
	t.Helper()
	req, err := http.NewRequest("GET", e.srv.URL+"/api/v1/sources/opml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	return send(t, e.srv.Client(), req)
}

// importBody mirrors the answer to POST /api/v1/sources/opml.
type importBody struct {
	Added    int          `json:"added"`
	Existing int          `json:"existing"`
	Failed   int          `json:"failed"`
	Items    []importItem `json:"items"`
}

type importItem struct {
	URL      string         `json:"url"`
	Title    string         `json:"title"`
	Category string         `json:"category"`
	Status   string         `json:"status"`
	Error    string         `json:"error"`
	Source   *herald.Source `json:"source"`
}

// multipartBody returns a form with the given fields, each a file when its
// name is "file", and the form's Content-Type.
func multipartBody(t *testing.T, fields ...[2]string) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range fields {
		var w io.Writer
		var err error
		if f[0] == "file" {
			w, err = mw.CreateFormFile("file", "subscriptions.opml")
		} else {
			w, err = mw.CreateFormField(f[0])
		}
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, f[1])
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), mw.FormDataContentType()
}

// subscriptions is an OPML 1.0 export from another reader: nested folders,
// entities, a missing title, a url attribute, a duplicate and refused feeds.
const subscriptions = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
<head><title>My feeds</title></head>
<body>
  <outline text="News">
    <outline text="Asia">
      <outline text="Korea &amp; Japan Daily" type="rss" xmlUrl="https://kj.example/feed" htmlUrl="https://kj.example/"/>
      <outline text="Seoul Times" type="rss" url="https://seoul.example/rss"/>
    </outline>
    <outline text="Europe"><outline title="Le Caf&amp;eacute;" text="cafe" type="rss" xmlUrl="https://cafe.example/atom"/></outline>
  </outline>
  <outline text="Tech">
    <outline type="rss" xmlUrl="https://untitled.example/feed"/>
    <outline text="Internal" type="rss" xmlUrl="http://127.0.0.1:8080/feed"/>
    <outline text="Gopher" type="rss" xmlUrl="gopher://old.example/feed"/>
  </outline>
  <outline text="Loose" type="rss" xmlUrl="https://loose.example/rss"/>
  <outline text="Korea &amp; Japan again" type="rss" xmlUrl="https://kj.example/feed"/>
</body>
</opml>`

func TestOPMLImportThenExportRoundTrips(t *testing.T) {
	e := newOPMLEnv(t, true)
	var got importBody
	e.post(t, e.tokA, "text/x-opml", []byte(subscriptions)).decodeInto(t, http.StatusOK, &got)

	want := importBody{Added: 5, Existing: 1, Failed: 2, Items: []importItem{
		{URL: "https://kj.example/feed", Title: "Korea & Japan Daily", Category: "News/Asia", Status: "added"},
		{URL: "https://seoul.example/rss", Title: "Seoul Times", Category: "News/Asia", Status: "added"},
		{URL: "https://cafe.example/atom", Title: "Le Café", Category: "News/Europe", Status: "added"},
		{URL: "https://untitled.example/feed", Category: "Tech", Status: "added"},
		{URL: "http://127.0.0.1:8080/feed", Title: "Internal", Category: "Tech", Status: "failed"},
		{URL: "gopher://old.example/feed", Title: "Gopher", Category: "Tech", Status: "failed"},
		{URL: "https://loose.example/rss", Title: "Loose", Status: "added"},
		{URL: "https://kj.example/feed", Title: "Korea & Japan again", Status: "exists"},
	}}
	ignore := gocmpOpts()
	if diff := gocmp.Diff(want, got, ignore...); diff != "" {
		t.Fatalf("import (-want +got):\n%s", diff)
	}
	for _, it := range got.Items {
		switch it.Status {
		case "added", "exists":
			if it.Source == nil || it.Source.ID == 0 || it.Source.URL != it.URL {
				t.Errorf("%s: source = %+v, want the stored source", it.URL, it.Source)
			}
			if it.Error != "" {
				t.Errorf("%s: error %q on a feed that did not fail", it.URL, it.Error)
			}
		case "failed":
			if it.Source != nil || it.Error == "" {
				t.Errorf("%s: source %+v, error %q; want no source and a reason", it.URL, it.Source, it.Error)
			}
		}
	}
	if it := got.Items[4]; !strings.Contains(it.Error, "private") {
		t.Errorf("refused private address: error %q does not say why", it.Error)
	}
	if it := got.Items[5]; !strings.Contains(it.Error, "http and https") {
		t.Errorf("refused scheme: error %q does not say why", it.Error)
	}
	if src := got.Items[7].Source; src == nil || src.ID != got.Items[0].Source.ID || src.Title != "Korea & Japan Daily" {
		t.Errorf("duplicate feed: source = %+v, want the first one, unchanged", src)
	}

	// The same file again changes nothing: every feed exists or fails again.
	var again importBody
	e.post(t, e.tokA, "text/x-opml", []byte(subscriptions)).decodeInto(t, http.StatusOK, &again)
	if again.Added != 0 || again.Existing != 6 || again.Failed != 2 {
		t.Errorf("second import: added %d, existing %d, failed %d; want 0, 6, 2", again.Added, again.Existing, again.Failed)
	}

	r := e.get(t, e.tokB)
	if r.status != http.StatusOK {
		t.Fatalf("export: status %d: %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "text/x-opml; charset=utf-8" {
		t.Errorf("export Content-Type = %q", ct)
	}
	if cd := r.header.Get("Content-Disposition"); cd != `attachment; filename="herald-sources.opml"` {
		t.Errorf("export Content-Disposition = %q", cd)
	}
	exported, err := opml.Parse(bytes.NewReader(r.body))
	if err != nil {
		t.Fatalf("parse export: %v\n%s", err, r.body)
	}
	imported, err := opml.Parse(strings.NewReader(subscriptions))
	if err != nil {
		t.Fatal(err)
	}
	wantFeeds := slices.DeleteFunc(imported[:7], func(f opml.Feed) bool { return !strings.HasPrefix(f.URL, "https://") })
	byURL := func(a, b opml.Feed) int { return cmp.Compare(a.URL, b.URL) }
	slices.SortFunc(wantFeeds, byURL)
	slices.SortFunc(exported, byURL)
	if diff := gocmp.Diff(wantFeeds, exported); diff != "" {
		t.Errorf("export of the import (-want +got):\n%s", diff)
	}
	if !bytes.Contains(r.body, []byte(`<opml version="2.0">`)) {
		t.Errorf("export is not OPML 2.0:\n%s", r.body)
	}
}

// gocmpOpts compares import answers on everything but the stored sources and
// the wording of errors, which the test checks separately.
func gocmpOpts() []gocmp.Option {
	return []gocmp.Option{gocmp.Transformer("item", func(it importItem) importItem {
		it.Source, it.Error = nil, ""
		return it
	})}
}

func TestOPMLExportSkipsPushOnlySourcesAndKeepsCategories(t *testing.T) {
	e := newOPMLEnv(t, true)
	ctx := context.Background()
	for _, s := range []*herald.Source{
		{URL: "https://a.example/feed", Title: "A", Category: "World/Asia", SiteURL: "https://a.example/"},
		{URL: "https://b.example/feed", Title: "B & B"},
		{Title: "Newsroom push"},
	} {
		if err := e.store.CreateSource(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	r := e.get(t, e.tokA)
	got, err := opml.Parse(bytes.NewReader(r.body))
	if r.status != http.StatusOK || err != nil {
		t.Fatalf("export: status %d, parse %v\n%s", r.status, err, r.body)
	}
	want := []opml.Feed{
		{URL: "https://a.example/feed", Title: "A", SiteURL: "https://a.example/", Category: "World/Asia"},
		{URL: "https://b.example/feed", Title: "B & B"},
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("export (-want +got):\n%s", diff)
	}
}

// oneFeed is an OPML document with one feed.
const oneFeed = `<opml version="2.0"><body><outline text="F" xmlUrl="https://f.example/feed"/></body></opml>`

func TestOPMLImportBodies(t *testing.T) {
	form, formCT := multipartBody(t, [2]string{"note", "first"}, [2]string{"file", oneFeed})
	for _, tc := range []struct {
		name string
		ct   string
		body []byte
	}{
		{"text/x-opml", "text/x-opml", []byte(oneFeed)},
		{"text/x-opml with charset", "text/x-opml; charset=utf-8", []byte(oneFeed)},
		{"application/xml", "application/xml", []byte(oneFeed)},
		{"text/xml", "text/xml", []byte(oneFeed)},
		{"multipart file after another field", formCT, form},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newOPMLEnv(t, true)
			var got importBody
			e.post(t, e.tokA, tc.ct, tc.body).decodeInto(t, http.StatusOK, &got)
			if got.Added != 1 || len(got.Items) != 1 || got.Items[0].URL != "https://f.example/feed" {
				t.Errorf("import = %+v, want the one feed added", got)
			}
		})
	}
}

func TestOPMLImportRefusesBadBodies(t *testing.T) {
	huge := `<opml><body><!--` + strings.Repeat("x", opml.MaxSize) + `--></body></opml>`
	var many strings.Builder
	many.WriteString("<opml><body>")
	for i := range opml.MaxOutlines + 1 {
		fmt.Fprintf(&many, `<outline xmlUrl="https://f%d.example/"/>`, i)
	}
	many.WriteString("</body></opml>")
	noFile, noFileCT := multipartBody(t, [2]string{"note", "no file here"})
	hugeForm, hugeFormCT := multipartBody(t, [2]string{"note", strings.Repeat("x", opml.MaxSize+128<<10)})
	for _, tc := range []struct {
		name    string
		ct      string
		body    string
		status  int
		code    string
		substr  []string
		chunked bool // no Content-Length: the size shows only as the body is read
	}{
		{"broken XML", "text/x-opml", "<opml><body>\n<outline text=\"A\" xmlUrl=\"https://a.example/\">", 400, herald.EINVALID, []string{"line 2", "unexpected EOF"}, false},
		{"not OPML", "application/xml", `<rss version="2.0"><channel/></rss>`, 400, herald.EINVALID, []string{"<rss>", "<opml>"}, false},
		{"empty", "text/xml", "", 400, herald.EINVALID, []string{"no <opml> element"}, false},
		{"form without a file", noFileCT, string(noFile), 400, herald.EINVALID, []string{`"file"`}, false},
		{"form without a boundary", "multipart/form-data", "--x\r\n", 400, herald.EINVALID, []string{"request body"}, false},
		{"JSON", "application/json", `{"url":"https://x.example/"}`, 415, "unsupported_media_type", []string{"text/x-opml", "multipart/form-data"}, false},
		{"no Content-Type", "", oneFeed, 415, "unsupported_media_type", []string{"text/x-opml"}, false},
		{"document too long", "text/x-opml", huge, 413, "too_large", []string{"10485760 bytes"}, false},
		{"form too long", hugeFormCT, string(hugeForm), 413, "too_large", []string{"larger than"}, false},
		{"form too long, chunked", hugeFormCT, string(hugeForm), 413, "too_large", []string{"larger than"}, true},
		{"too many outlines", "text/x-opml", many.String(), 413, "too_large", []string{"10000 outlines"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newOPMLEnv(t, true)
			var r response
			if tc.chunked {
				r = e.postChunked(t, e.tokA, tc.ct, tc.body)
			} else {
				r = e.post(t, e.tokA, tc.ct, []byte(tc.body))
			}
			r.wantError(t, tc.status, tc.code, tc.substr...)
			srcs, err := e.store.Sources(context.Background())
			if err != nil || len(srcs) != 0 {
				t.Errorf("a refused document stored %d sources (%v)", len(srcs), err)
			}
		})
	}
}

// TestOPMLImportIsForAdminsAndFollows: importing adds sources for the whole
// install, so a reader may only when the operator allows it; whoever imports
// follows every feed the import added or found (the web app's behaviour).
func TestOPMLImportIsForAdminsAndFollows(t *testing.T) {
	e := newOPMLEnv(t, true)
	e.get(t, "").wantError(t, http.StatusUnauthorized, herald.EUNAUTHORIZED)
	e.post(t, "", "text/x-opml", []byte(oneFeed)).wantError(t, http.StatusUnauthorized, herald.EUNAUTHORIZED)
	e.post(t, e.tokB, "text/x-opml", []byte(oneFeed)).wantError(t, http.StatusForbidden, herald.EFORBIDDEN, "--readers-add-sources")
	if srcs, _ := e.store.Sources(t.Context()); len(srcs) != 0 {
		t.Fatalf("a refused import stored %d sources", len(srcs))
	}
	var got importBody
	e.post(t, e.tokA, "text/x-opml", []byte(oneFeed)).decodeInto(t, http.StatusOK, &got)
	if got.Added != 1 {
		t.Fatalf("the administrator imported %+v, want the feed added", got)
	}
	wantFollows(t, e.store, e.alice.ID, 1)

	open := newOPMLEnv(t, true, func(d *api.Deps) { d.ReadersAddSources = true })
	open.post(t, open.tokB, "text/x-opml", []byte(oneFeed)).decodeInto(t, http.StatusOK, &got)
	if got.Added != 1 {
		t.Errorf("with readers allowed, a reader imported %+v, want the feed added", got)
	}
	wantFollows(t, open.store, open.bob.ID, 1)
	// Importing again finds the source and follows it still.
	open.post(t, open.tokA, "text/x-opml", []byte(oneFeed)).decodeInto(t, http.StatusOK, &got)
	if got.Existing != 1 {
		t.Errorf("second import = %+v, want the feed existing", got)
	}
	wantFollows(t, open.store, open.alice.ID, 1)
}

// wantFollows fails unless user follows n sources.
func wantFollows(t *testing.T, store herald.Store, user int64, n int) {
	t.Helper()
	fs, err := store.Follows(t.Context(), user)
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	for _, f := range fs {
		if f.Source != nil {
			got++
		}
	}
	if got != n {
		t.Errorf("user %d follows %d sources, want %d", user, got, n)
	}
}

func TestOPMLImportDisabled(t *testing.T) {
	e := newOPMLEnv(t, false)
	e.post(t, e.tokA, "text/x-opml", []byte(oneFeed)).wantError(t, http.StatusServiceUnavailable, herald.EUNAVAILABLE, "not enabled")
	if r := e.get(t, e.tokA); r.status != http.StatusOK {
		t.Errorf("export without ImportSource: status %d, want 200", r.status)
	}
}

func TestOPMLRouteMethods(t *testing.T) {
	e := newOPMLEnv(t, true)
	req, _ := http.NewRequest("PUT", e.srv.URL+"/api/v1/sources/opml", nil)
	req.Header.Set("Authorization", "Bearer "+e.tokA)
	r := send(t, e.srv.Client(), req)
	// DELETE /api/v1/sources/{id} matches this path too (and refuses "opml" as an id).
	if r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "GET, POST, DELETE" {
		t.Errorf("PUT: status %d, Allow %q; want 405 and GET, POST, DELETE", r.status, r.header.Get("Allow"))
	}
}
