package ingest

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/fetch"
	"github.com/heraldnews/herald/internal/topic"
)

// TestHostileB7_CharsetLies ingests the four charset lies of hostile-cases B7
// into SQLite: (a) a prolog claiming ISO-8859-1 over UTF-8 bytes, (b)
// windows-1252 with the byte 0x92 and no declaration, (c) an article page whose
// <meta charset> comes after byte 1024, (d) a UTF-7 declaration. Every story is
// stored, as valid UTF-8, decoded once (no double encoding), and UTF-7 is
// never interpreted.
func TestHostileB7_CharsetLies(t *testing.T) {
	latin1Prolog := `<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Café</title>` +
		`<item><guid>a</guid><title>Été à Zürich – “quoted”</title><description>Crème brûlée</description></item></channel></rss>`
	cp1252 := "<rss version=\"2.0\"><channel><title>Caf\xe9</title><item><guid>b</guid><title>It\x92s \x93open\x94 \x80 5</title>" +
		"<description>Caf\xe9 news</description></item></channel></rss>"
	utf7 := `<?xml version="1.0" encoding="utf-7"?><rss version="2.0"><channel><title>Seven</title>` +
		`<item><guid>d</guid><title>+ADw-script+AD4-alert(1)+ADw-/script+AD4-</title></item></channel></rss>`
	page := "<!doctype html><html><head><title>Quay</title><!--" + strings.Repeat(" ", 2000) + "-->" +
		`<meta charset="windows-1252"></head><body><article><h1>Quay</h1><p>` +
		strings.Repeat("The caf\xe9 on the quay reopened \x93to get it right\x94 on Saturday. ", 30) + "</p></article></body></html>"
	mux := http.NewServeMux()
	serve := func(path, ctype, body string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			w.Write([]byte(body))
		})
	}
	serve("/latin1", "application/rss+xml; charset=ISO-8859-1", latin1Prolog)
	serve("/cp1252", "application/rss+xml", cp1252)
	serve("/utf7", "text/xml; charset=utf-7", utf7)
	serve("/page", "text/html", page)
	origin := serveOn(t, "127.0.0.1:0", mux)
	serve("/article-feed", "application/rss+xml", rssFeed(rssItem("c", "Quay", origin.URL+"/page", "<description>Short.</description>")))

	p, st := hostilePipeline(t, fetch.Options{AllowNetworks: loopback}, nil)
	want := map[string]string{
		"/latin1":       "Été à Zürich – “quoted”",
		"/cp1252":       "It’s “open” € 5",
		"/utf7":         "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
		"/article-feed": "Quay",
	}
	for path, title := range want {
		src, err := p.AddSource(t.Context(), origin.URL+path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.RefreshSource(t.Context(), src); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		page, err := st.Stories(t.Context(), herald.StoryFilter{SourceID: src.ID})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("%s: stories %v, %v; want 1", path, page, err)
		}
		s := page.Items[0]
		if s.Title != title {
			t.Errorf("%s: title %q, want %q", path, s.Title, title)
		}
		for name, v := range map[string]string{"title": s.Title, "summary": s.Summary, "content": s.ContentHTML} {
			if !utf8.ValidString(v) || strings.ContainsRune(v, utf8.RuneError) || strings.Contains(v, "Ã") {
				t.Errorf("%s: %s %q is not cleanly decoded UTF-8", path, name, v)
			}
		}
		if path == "/article-feed" && !strings.Contains(s.ContentHTML, "The café on the quay reopened “to get it right”") {
			t.Errorf("article text not decoded from windows-1252: %q", s.ContentHTML)
		}
		if strings.Contains(s.Title+s.ContentHTML, "<script") {
			t.Errorf("%s: UTF-7 was interpreted: %q", path, s.Title)
		}
	}
}

// TestHostileB10_EmptyAndNullFeeds: an empty body, <rss/>, a JSON Feed with
// "items": null and an item without a date each fail (or succeed) alone, with
// the outcome recorded on their source; the good feed beside them is stored.
func TestHostileB10_EmptyAndNullFeeds(t *testing.T) {
	mux := http.NewServeMux()
	bodies := map[string]string{
		"/empty":      "",
		"/selfclosed": `<?xml version="1.0"?><rss/>`,
		"/itemsnull":  `{"version":"https://jsonfeed.org/version/1.1","title":"Null","items":null}`,
		"/nulls":      `{"version":"https://jsonfeed.org/version/1.1","title":"Nulls","items":[null,{"id":"n1","title":null,"content_text":"Text only"}]}`,
		"/nodate":     rssFeed(`<item><guid>nd</guid><title>No date</title></item>`),
	}
	for path, body := range bodies {
		mux.HandleFunc(path, feedHandler(body))
	}
	srv := serveOn(t, "127.0.0.1:0", mux)
	p, st := hostilePipeline(t, fetch.Options{AllowNetworks: loopback}, nil)
	for path := range bodies {
		addStored(t, st, &herald.Source{URL: srv.URL + path})
	}
	if _, err := p.RefreshDue(t.Context(), true); err != nil {
		t.Fatal(err)
	}
	srcs, err := st.Sources(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	wantErr := map[string]string{"/empty": "empty document", "/selfclosed": "empty feed"}
	for _, s := range srcs {
		path := strings.TrimPrefix(s.URL, srv.URL)
		if want := wantErr[path]; !strings.Contains(s.LastError, want) || (want == "") != (s.LastError == "") {
			t.Errorf("%s: error %q, want %q", path, s.LastError, want)
		}
	}
	page, err := st.Stories(t.Context(), herald.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 {
		t.Errorf("%d stories, want the undated item and the JSON text-only item", len(page.Items))
	}
	for _, s := range page.Items {
		if s.PublishedAt.IsZero() || s.PublishedAt.After(time.Now()) {
			t.Errorf("%q published at %v, want the fetch time", s.Title, s.PublishedAt)
		}
	}
}

// panicFinder is an entity finder that panics on text holding "PANIC", the
// stand-in for any bug deep in the analysis of one hostile item.
type panicFinder struct{}

func (panicFinder) Mentions(text string) []topic.Mention {
	if strings.Contains(text, "PANIC") {
		panic("entity finder bug")
	}
	return nil
}

const b10ChildEnv = "HERALD_TEST_B10_CHILD"

// TestHostileB10_PanicFailsOneFeed: a panic while one feed's item is analysed
// fails that feed alone: the process survives, the error is recorded on that
// source, and the other feed is stored. The scenario runs in a child process
// (this test binary, re-executed) so that a crash fails the test instead of
// killing the test binary.
func TestHostileB10_PanicFailsOneFeed(t *testing.T) {
	if os.Getenv(b10ChildEnv) != "" {
		b10Child(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHostileB10_PanicFailsOneFeed$", "-test.v")
	cmd.Env = append(os.Environ(), b10ChildEnv+"=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err != nil || !strings.Contains(out.String(), "--- PASS: TestHostileB10_PanicFailsOneFeed") {
		t.Fatalf("child: %v\n%s", err, out.String())
	}
}

func b10Child(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/bad", feedHandler(rssFeed(rssItem("x", "PANIC here", "https://gazette.example/x", ""))))
	mux.HandleFunc("/good", feedHandler(rssFeed(rssItem("g", "All quiet", "https://gazette.example/g", ""))))
	srv := serveOn(t, "127.0.0.1:0", mux)
	p, st := hostilePipeline(t, fetch.Options{AllowNetworks: loopback}, panicFinder{})
	bad := addStored(t, st, &herald.Source{URL: srv.URL + "/bad", FullText: herald.FullTextNever})
	good := addStored(t, st, &herald.Source{URL: srv.URL + "/good", FullText: herald.FullTextNever})
	if _, err := p.RefreshDue(t.Context(), true); err != nil {
		t.Fatal(err)
	}
	if got := sourceNow(t, st, bad.ID); storyCount(t, st, bad.ID) != 0 && got.LastError == "" {
		t.Errorf("the panicking item was stored and nothing recorded: %+v", got)
	}
	if n := storyCount(t, st, good.ID); n != 1 {
		t.Errorf("the good feed stored %d stories, want 1", n)
	}
	fmt.Println("child survived")
}

// TestHostileE3_DuplicateAndReplayedItems: one GUID twice in a feed is one
// story; a re-fetch of the same items (no validators, as after a crash) adds
// nothing; another feed using the same GUID gets its own story and cannot
// overwrite the first feed's.
func TestHostileE3_DuplicateAndReplayedItems(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/a", feedHandler(rssFeed(
		rssItem("dup", "First telling", "https://a.example/dup-1", "<description>The first telling of the story.</description>"),
		rssItem("dup", "Second telling", "https://a.example/dup-2", "<description>The second telling of the story.</description>"),
		rssItem("other", "Another story", "https://a.example/other", "<description>Something else entirely.</description>"))))
	mux.HandleFunc("/b", feedHandler(rssFeed(
		rssItem("dup", "Hijack attempt", "https://b.example/dup", "<description>A different feed's item that reuses the GUID.</description>"))))
	srv := serveOn(t, "127.0.0.1:0", mux)
	p, st := hostilePipeline(t, fetch.Options{AllowNetworks: loopback}, nil)
	a := addStored(t, st, &herald.Source{URL: srv.URL + "/a", FullText: herald.FullTextNever})
	b := addStored(t, st, &herald.Source{URL: srv.URL + "/b", FullText: herald.FullTextNever})
	for round := range 3 {
		if _, err := p.RefreshDue(t.Context(), true); err != nil {
			t.Fatal(err)
		}
		if na, nb := storyCount(t, st, a.ID), storyCount(t, st, b.ID); na != 2 || nb != 1 {
			t.Fatalf("round %d: %d stories of feed a and %d of feed b, want 2 and 1", round, na, nb)
		}
	}
	pa, err := st.Stories(t.Context(), herald.StoryFilter{SourceID: a.ID})
	if err != nil {
		t.Fatal(err)
	}
	pb, err := st.Stories(t.Context(), herald.StoryFilter{SourceID: b.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range pa.Items {
		if s.Title == "Hijack attempt" || s.ID == pb.Items[0].ID {
			t.Errorf("feed b's item reached feed a's story %d (%q)", s.ID, s.Title)
		}
	}
	if got := pb.Items[0]; got.Title != "Hijack attempt" || got.ExternalID != "dup" {
		t.Errorf("feed b's story = %q (%q)", got.Title, got.ExternalID)
	}
}

// TestHostileE9_StoredFidelity: a link with "&copy=2" is stored as such, and
// content split over two CDATA sections is stored whole.
func TestHostileE9_StoredFidelity(t *testing.T) {
	body := rssFeed(`<item><guid>f</guid><title>Fidelity</title><link>https://site.example/story?page=1&amp;copy=2</link>` +
		`<description><![CDATA[<p>First part of the story, which is long enough to stand as the content here.</p>]]>` +
		`<![CDATA[<p>Second part, with <a href="https://site.example/next?page=2&amp;copy=3">a link</a>.</p>]]></description></item>`)
	srv := serveOn(t, "127.0.0.1:0", feedHandler(body))
	p, st := hostilePipeline(t, fetch.Options{AllowNetworks: loopback}, nil)
	src := addStored(t, st, &herald.Source{URL: srv.URL + "/feed", FullText: herald.FullTextNever})
	if _, err := p.RefreshSource(t.Context(), src); err != nil {
		t.Fatal(err)
	}
	page, err := st.Stories(t.Context(), herald.StoryFilter{SourceID: src.ID})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("stories %v, %v", page, err)
	}
	s := page.Items[0]
	if s.URL != "https://site.example/story?page=1&copy=2" {
		t.Errorf("URL = %q", s.URL)
	}
	for _, want := range []string{"First part", "Second part", `href="https://site.example/next?page=2&amp;copy=3"`} {
		if !strings.Contains(s.ContentHTML, want) {
			t.Errorf("content %q lacks %q", s.ContentHTML, want)
		}
	}
	if strings.Contains(s.URL+s.ContentHTML, "©") {
		t.Errorf("&copy became ©")
	}
}
