package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/opml"
)

// withImport gives the server an ImportSource that stands in for ingest's: it
// takes http(s) URLs on public-looking hosts only.
func withImport() envOption {
	return func(d *Deps) {
		st := d.Store
		d.ImportSource = func(ctx context.Context, src herald.Source) (*herald.Source, error) {
			u, err := url.Parse(src.URL)
			switch {
			case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
				return nil, herald.Errorf(herald.EINVALID, "url: %q is not an http or https address", src.URL)
			case u.Hostname() == "127.0.0.1":
				return nil, herald.Errorf(herald.EINVALID, "url: address 127.0.0.1 is in a private or reserved network")
			}
			if err := st.CreateSource(ctx, &src); err != nil {
				return nil, err
			}
			return &src, nil
		}
	}
}

// postFile submits the import form with content as the chosen file (no file
// chosen when name is ""); extra headers come in pairs.
func (e *env) postFile(name, content string, headers ...string) response {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		e.t.Fatal(err)
	}
	fw.Write([]byte(content))
	if err := mw.Close(); err != nil {
		e.t.Fatal(err)
	}
	req, err := http.NewRequest("POST", e.srv.URL+"/sources/import", &body)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return e.do(req)
}

// subscriptions is an export from another reader: nested folders, an entity,
// a feed without a title, refused feeds and a duplicate.
const subscriptions = `<?xml version="1.0"?>
<opml version="1.0"><body>
  <outline text="News"><outline text="Asia">
    <outline text="Korea &amp; Japan Daily" type="rss" xmlUrl="https://kj.example/feed"/>
  </outline></outline>
  <outline text="Tech">
    <outline type="rss" xmlUrl="https://untitled.example/feed"/>
    <outline text="Internal" type="rss" xmlUrl="http://127.0.0.1/feed"/>
    <outline text="Gopher hole" type="rss" xmlUrl="gopher://old.example/feed"/>
  </outline>
  <outline text="Same again" type="rss" xmlUrl="https://kj.example/feed"/>
</body></opml>`

func TestSourcesPageOffersImportAndExport(t *testing.T) {
	e := newEnv(t, withImport(), readersAddSources())
	e.signIn()
	r := e.get("/sources")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r,
		`action="/sources/import"`, `enctype="multipart/form-data"`, `method="post"`,
		`<label for="opml-file">`, `id="opml-file" name="file" type="file"`, "required",
		`<button type="submit" class="button">Import OPML</button>`,
		`href="/sources/export.opml"`, "Export OPML",
	)

	off := newEnv(t)
	off.signIn()
	r = off.get("/sources")
	wantLacks(t, r, `action="/sources/import"`)
	wantContains(t, r, `href="/sources/export.opml"`)
	wantStatus(t, off.postFile("a.opml", subscriptions), http.StatusNotFound)
}

func TestImportOPMLShowsEachFeedAndFollowsThem(t *testing.T) {
	e := newEnv(t, withImport(), readersAddSources())
	e.signIn()
	r := e.postFile("subscriptions.opml", subscriptions)
	wantStatus(t, r, http.StatusOK)
	wantText(t, r,
		"Imported 5 feeds: 2 added, 1 already here, 2 failed.",
		"Korea & Japan Daily", "News/Asia",
		"https://untitled.example/feed", "Tech",
		"Failed: url: address 127.0.0.1 is in a private or reserved network",
		`Failed: url: "gopher://old.example/feed" is not an http or https address`,
		"Same again", "Already here",
	)
	if n := strings.Count(r.Body, ">Added<"); n != 2 {
		t.Errorf("%d rows say Added, want 2", n)
	}
	wantContains(t, r, `<th scope="col">Result</th>`, `role="status"`)

	ctx := context.Background()
	kj, err := e.store.SourceByURL(ctx, "https://kj.example/feed")
	if err != nil {
		t.Fatal(err)
	}
	if kj.Category != "News/Asia" || kj.Title != "Korea & Japan Daily" {
		t.Errorf("stored source %+v, want the OPML title and category", kj)
	}
	wantContains(t, r, `<a href="/sources/`+itoa(kj.ID)+`">Korea &amp; Japan Daily</a>`)
	fs, err := e.store.Follows(ctx, e.user.ID)
	if err != nil || len(fs) != 2 {
		t.Fatalf("after the import the reader follows %d things (%v), want the 2 sources", len(fs), err)
	}

	// The same file again adds nothing and fails nothing new.
	r = e.postFile("subscriptions.opml", subscriptions)
	wantStatus(t, r, http.StatusOK)
	wantText(t, r, "Imported 5 feeds: 0 added, 3 already here, 2 failed.")
	if srcs, _ := e.store.Sources(ctx); len(srcs) != 2 {
		t.Errorf("after importing twice there are %d sources, want 2", len(srcs))
	}
}

func TestImportOPMLRefusesBadFiles(t *testing.T) {
	var many strings.Builder
	many.WriteString("<opml><body>")
	for i := range opml.MaxOutlines + 1 {
		fmt.Fprintf(&many, `<outline xmlUrl="https://f%d.example/"/>`, i)
	}
	many.WriteString("</body></opml>")
	for _, tc := range []struct {
		name, file, content string
		status              int
		want                string
	}{
		{"no file chosen", "", "", http.StatusBadRequest, "Choose an OPML file to import."},
		{"broken XML", "a.opml", "<opml><body>\n<outline text=\"A\" xmlUrl=\"https://a.example/\">", http.StatusBadRequest,
			"That file is not an OPML subscription list Herald can read: XML syntax error on line 2: unexpected EOF."},
		{"another format", "feed.xml", `<rss version="2.0"><channel/></rss>`, http.StatusBadRequest, "the root element is <rss>, not <opml>"},
		{"too many outlines", "big.opml", many.String(), http.StatusRequestEntityTooLarge, "That file is too large to import"},
		{"too many bytes", "huge.opml", strings.Repeat(" ", maxUploadBytes), http.StatusRequestEntityTooLarge, "up to 10 MB and 10000 feeds"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, withImport(), readersAddSources())
			e.signIn()
			r := e.postFile(tc.file, tc.content)
			wantStatus(t, r, tc.status)
			wantText(t, r, tc.want)
			wantContains(t, r, `aria-invalid="true" aria-describedby="opml-error"`, `id="opml-error" role="alert"`)
			if srcs, _ := e.store.Sources(context.Background()); len(srcs) != 0 {
				t.Errorf("a refused file stored %d sources", len(srcs))
			}
		})
	}
}

func TestImportOPMLNeedsSessionAndSameOrigin(t *testing.T) {
	e := newEnv(t, withImport(), readersAddSources())
	r := e.postFile("a.opml", subscriptions)
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/login?next=%2Fsources" {
		t.Errorf("anonymous import redirects to %q, want /login?next=%%2Fsources", loc)
	}
	e.signIn()
	r = e.postFile("a.opml", subscriptions, "Sec-Fetch-Site", "cross-site")
	wantStatus(t, r, http.StatusForbidden)
	wantContains(t, r, "sent from another site")
	if srcs, _ := e.store.Sources(context.Background()); len(srcs) != 0 {
		t.Errorf("refused imports stored %d sources", len(srcs))
	}
}

func TestExportOPML(t *testing.T) {
	e := newEnv(t)
	r := e.get("/sources/export.opml")
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/login?next=%2Fsources%2Fexport.opml" {
		t.Errorf("anonymous export redirects to %q", loc)
	}

	ctx := context.Background()
	for _, s := range []*herald.Source{
		{URL: "https://a.example/feed", Title: "A <&> A", SiteURL: "https://a.example/", Category: "News/Asia"},
		{URL: "https://b.example/feed"},
		{Title: "Push only"},
	} {
		if err := e.store.CreateSource(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	e.signIn()
	r = e.get("/sources/export.opml")
	wantStatus(t, r, http.StatusOK)
	for h, want := range map[string]string{
		"Content-Type":        "text/x-opml; charset=utf-8",
		"Content-Disposition": `attachment; filename="herald-sources.opml"`,
		"Cache-Control":       "no-store",
	} {
		if got := r.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	got, err := opml.Parse(strings.NewReader(r.Body))
	if err != nil {
		t.Fatalf("parse export: %v\n%s", err, r.Body)
	}
	want := []opml.Feed{ // in the store's order, by title
		{URL: "https://b.example/feed"},
		{URL: "https://a.example/feed", Title: "A <&> A", SiteURL: "https://a.example/", Category: "News/Asia"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("export (-want +got):\n%s", diff)
	}
}
