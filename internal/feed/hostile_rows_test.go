package feed

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/heraldnews/herald/internal/extract"
)

// unsafeSchemes are the schemes hostile-cases A5 names, and two more.
var unsafeSchemes = []string{"file:", "data:", "javascript:", "gopher:", "ftp:", "mailto:"}

// assertWebURL fails unless u is "" or an absolute http(s) URL.
func assertWebURL(t *testing.T, field, u string) {
	t.Helper()
	if u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		t.Errorf("%s = %q: not http(s)", field, u)
	}
}

// TestHostileA5_MediaURLSchemes: links, enclosures, media thumbnails and
// contents, itunes images, JSON Feed images and attachments, and Atom
// enclosures that use file:, data:, javascript:, gopher: or ftp: never become
// an item's URL or image; a later http(s) candidate is used instead.
func TestHostileA5_MediaURLSchemes(t *testing.T) {
	rss := `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel><title>Schemes</title><link>javascript:alert(1)</link>
<item><title>file enclosure</title><guid>1</guid><link>javascript:alert(1)</link><enclosure url="file:///etc/passwd" type="image/jpeg" length="1"/></item>
<item><title>data thumbnail</title><guid>2</guid><link>data:text/html,x</link><media:thumbnail url="data:image/png;base64,AAAA"/></item>
<item><title>javascript media</title><guid>3</guid><link>file:///etc/passwd</link><media:content url="JavaScript:alert(1)" medium="image"/></item>
<item><title>gopher itunes</title><guid>4</guid><link>gopher://127.0.0.1:70/x</link><itunes:image href="gopher://127.0.0.1:70/x"/><description><![CDATA[<img src="ftp://x.example/a.jpg">]]></description></item>
<item><title>entity-encoded scheme</title><guid>5</guid><link>&#106;avascript:alert(1)</link><media:thumbnail url=" &#x09;javascript:alert(1)"/></item>
<item><title>unsafe first, safe later</title><guid>6</guid><media:content url="file:///etc/shadow" medium="image"/><enclosure url="https://safe.example/ok.jpg" type="image/jpeg"/></item>
</channel></rss>`
	json := `{"version":"https://jsonfeed.org/version/1.1","title":"Schemes","home_page_url":"file:///etc/passwd","items":[
{"id":"j1","url":"data:text/html,x","title":"json image","image":"file:///etc/passwd","banner_image":"javascript:alert(1)"},
{"id":"j2","url":"javascript:alert(1)","title":"json attachment","attachments":[{"url":"file:///etc/passwd","mime_type":"image/png"}],"content_html":"<img src=\"data:image/png;base64,AA\">"}]}`
	atom := `<feed xmlns="http://www.w3.org/2005/Atom"><title>Schemes</title><link href="file:///etc/passwd"/>
<entry><id>a1</id><title>atom enclosure</title><link href="javascript:alert(1)"/><link rel="enclosure" type="image/png" href="file:///etc/passwd"/></entry></feed>`

	for name, body := range map[string]string{"rss": rss, "json": json, "atom": atom} {
		t.Run(name, func(t *testing.T) {
			f, err := Parse(context.Background(), []byte(body), "", "https://feeds.example/feed", fetched)
			if err != nil {
				t.Fatal(err)
			}
			for _, field := range []struct{ name, u string }{{"SiteURL", f.SiteURL}, {"SelfURL", f.SelfURL}, {"HubURL", f.HubURL}} {
				assertWebURL(t, field.name, field.u)
			}
			for _, it := range f.Items {
				assertWebURL(t, it.Title+": URL", it.URL)
				assertWebURL(t, it.Title+": ImageURL", it.ImageURL)
				if it.Title == "unsafe first, safe later" && it.ImageURL != "https://safe.example/ok.jpg" {
					t.Errorf("%s: ImageURL = %q, want the safe enclosure", it.Title, it.ImageURL)
				}
				for _, scheme := range unsafeSchemes {
					if strings.Contains(strings.ToLower(extract.Sanitize(it.ContentHTML+it.SummaryHTML, f.SiteURL)), `="`+scheme) {
						t.Errorf("%s: sanitised HTML keeps a %s URL", it.Title, scheme)
					}
				}
			}
		})
	}
}

// TestHostileB5_NestedHTMLInContent: 100,000 nested <div>s inside
// content:encoded (CDATA, so not XML nesting) parse, and sanitising them gives
// bounded output that keeps the text.
func TestHostileB5_NestedHTMLInContent(t *testing.T) {
	const n = 100_000
	nested := strings.Repeat("<div>", n) + "deep text" + strings.Repeat("</div>", n)
	body := `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Deep</title>
<item><title>deep</title><guid>d</guid><content:encoded><![CDATA[` + nested + `]]></content:encoded></item></channel></rss>`
	f, err := Parse(context.Background(), []byte(body), "", "https://deep.example/feed", fetched)
	if err != nil {
		t.Fatal(err)
	}
	in := f.Items[0].ContentHTML
	out := extract.Sanitize(in, "https://deep.example/")
	if len(out) > len(in) || len(out) > extract.MaxHTMLBytes {
		t.Errorf("sanitised %d bytes into %d", len(in), len(out))
	}
	if !strings.Contains(out, "deep text") || !strings.Contains(extract.PlainText(out), "deep text") {
		t.Error("the text inside the nesting was lost")
	}
}

// TestHostileE9_RoundTrip: "&copy=2" in a URL is a query parameter, not the
// © entity, in links, in HTML attributes and in enclosures, escaped or not;
// two CDATA sections in one element are both kept.
func TestHostileE9_RoundTrip(t *testing.T) {
	body := `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Fidelity</title><link>https://site.example/</link>
<item><title><![CDATA[Fish ]]><![CDATA[& Chips]]></title><guid>escaped</guid>
<link>https://site.example/story?page=1&amp;copy=2</link>
<description><![CDATA[<p>First part.</p>]]><![CDATA[<p>Second part.</p>]]></description>
<content:encoded><![CDATA[<p>Body one <a href="/next?page=1&amp;copy=2">next</a></p>]]><![CDATA[<p>Body two <a href="/raw?page=1&copy=2">raw</a></p>]]></content:encoded>
<enclosure url="https://site.example/pic.jpg?page=1&amp;copy=2" type="image/jpeg"/></item>
<item><title>raw ampersand</title><guid>raw</guid><link>https://site.example/story?page=1&copy=2</link></item>
</channel></rss>`
	f, err := Parse(context.Background(), []byte(body), "", "https://site.example/feed", fetched)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 2 {
		t.Fatalf("%d items, want 2", len(f.Items))
	}
	it := f.Items[0]
	checks := []struct{ name, got, want string }{
		{"title", it.Title, "Fish & Chips"},
		{"link", it.URL, "https://site.example/story?page=1&copy=2"},
		{"raw link", f.Items[1].URL, "https://site.example/story?page=1&copy=2"},
		{"image", it.ImageURL, "https://site.example/pic.jpg?page=1&copy=2"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	for _, want := range []string{"First part.", "Second part."} {
		if !strings.Contains(it.SummaryHTML, want) {
			t.Errorf("summary %q lost CDATA section %q", it.SummaryHTML, want)
		}
	}
	clean := extract.Sanitize(it.ContentHTML, f.SiteURL)
	for _, want := range []string{"Body one", "Body two", `href="https://site.example/next?page=1&amp;copy=2"`, `href="https://site.example/raw?page=1&amp;copy=2"`} {
		if !strings.Contains(clean, want) {
			t.Errorf("sanitised content %q lacks %q", clean, want)
		}
	}
	if strings.Contains(clean+it.URL+it.ImageURL, "©") {
		t.Errorf("&copy became ©: %q", clean)
	}
}

// TestHostileB12_ParallelParsing parses 1,000 feeds of every format on as many
// goroutines and sanitises their items; run under -race (as CI does) it
// proves Parse and Sanitize share no unsynchronised state.
func TestHostileB12_ParallelParsing(t *testing.T) {
	files := []string{"rss090.rdf", "rss091.xml", "rss092.xml", "rss10.rdf", "rss20.xml", "atom03.xml", "atom10.xml",
		"jsonfeed10.json", "jsonfeed11.json", "windows-1252-nodecl.xml", "latin1-prolog-utf8-bytes.xml", "control-chars.xml"}
	bodies := make([][]byte, len(files))
	want := make([]string, len(files))
	for i, name := range files {
		bodies[i] = readFixture(t, name)
		f, err := Parse(context.Background(), bodies[i], "", "https://p.example/feed", fetched)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want[i] = fmt.Sprint(f.Title, len(f.Items))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 1000)
	for g := range 1000 {
		wg.Go(func() {
			i := g % len(files)
			f, err := Parse(context.Background(), bodies[i], "", "https://p.example/feed", fetched)
			if err != nil {
				errs <- fmt.Errorf("%s: %w", files[i], err)
				return
			}
			if got := fmt.Sprint(f.Title, len(f.Items)); got != want[i] {
				errs <- fmt.Errorf("%s: got %q, want %q", files[i], got, want[i])
			}
			for _, it := range f.Items {
				extract.Sanitize(it.ContentHTML, f.SiteURL)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
