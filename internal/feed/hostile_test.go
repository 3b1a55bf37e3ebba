package feed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/extract"
)

// allText returns every text and HTML field of f, for assertions that must
// hold everywhere.
func allText(f *Feed) []string {
	out := []string{f.Title, f.SiteURL, f.Description, f.HubURL, f.SelfURL, f.Format}
	for _, it := range f.Items {
		out = append(out, it.ExternalID, it.URL, it.Title, it.SummaryHTML, it.ContentHTML, it.ImageURL, it.ImageCaption)
		out = append(out, it.Authors...)
		out = append(out, it.Categories...)
	}
	return out
}

func TestParseCharsets(t *testing.T) {
	tests := []struct {
		name, file, contentType string
		title, itemTitle        string
	}{
		{"windows-1252 without declaration", "windows-1252-nodecl.xml", "", "Café “news” – €5", "It’s open"},
		{"windows-1252 with a lying utf-8 header", "windows-1252-nodecl.xml", "application/rss+xml; charset=utf-8", "Café “news” – €5", "It’s open"},
		{"latin-1 prolog over utf-8 bytes", "latin1-prolog-utf8-bytes.xml", "", "Café – Zürich 日本", "Été ’ à Zürich"},
		{"latin-1 prolog and header over utf-8 bytes", "latin1-prolog-utf8-bytes.xml", "text/xml; charset=ISO-8859-1", "Café – Zürich 日本", "Été ’ à Zürich"},
		{"control characters removed", "control-chars.xml", "", "Ctrl feed", "Bad chars here"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse(context.Background(), readFixture(t, tc.file), tc.contentType, "", fetched)
			if err != nil {
				t.Fatal(err)
			}
			if f.Title != tc.title || f.Items[0].Title != tc.itemTitle {
				t.Errorf("titles %q / %q, want %q / %q", f.Title, f.Items[0].Title, tc.title, tc.itemTitle)
			}
			assertClean(t, f)
		})
	}
}

// assertClean checks that every field is valid UTF-8 without control
// characters other than tab and newline.
func assertClean(t *testing.T, f *Feed) {
	t.Helper()
	for _, s := range allText(f) {
		if !utf8.ValidString(s) {
			t.Errorf("invalid UTF-8: %q", s)
		}
		for _, r := range s {
			if unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' {
				t.Errorf("control character %U in %q", r, s)
			}
		}
	}
}

func TestParseOtherEncodings(t *testing.T) {
	doc := `<?xml version="1.0" encoding="%s"?><rss version="2.0"><channel><title>%s</title><link>https://x.example/</link></channel></rss>`
	tests := []struct {
		name, contentType string
		body              []byte
		want              string
	}{
		{"koi8-r prolog", "", []byte(fmt.Sprintf(doc, "koi8-r", "\xF0\xD2\xC9\xD7\xC5\xD4")), "Привет"},
		{"header charset when no prolog encoding", "text/xml; charset=windows-1251",
			[]byte("<rss version=\"2.0\"><channel><title>\xCF\xF0\xE8</title></channel></rss>"), "При"},
		{"utf-16le with bom", "", utf16LE("\uFEFF" + fmt.Sprintf(doc, "utf-16", "Grüße")), "Grüße"},
		{"utf-16be without bom", "", utf16BE(fmt.Sprintf(doc, "UTF-16", "Grüße")), "Grüße"},
		{"utf-7 label never interpreted", "text/xml; charset=utf-7", []byte(fmt.Sprintf(doc, "utf-7", "+ADw-script+AD4-")), "+ADw-script+AD4-"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse(context.Background(), tc.body, tc.contentType, "", fetched)
			if err != nil {
				t.Fatal(err)
			}
			if f.Title != tc.want {
				t.Errorf("title %q, want %q", f.Title, tc.want)
			}
		})
	}
}

func utf16LE(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func utf16BE(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r>>8), byte(r))
	}
	return b
}

func TestParseXXE(t *testing.T) {
	f := parseFixture(t, "xxe.xml")
	for _, s := range allText(f) {
		if strings.Contains(s, "root:") {
			t.Fatalf("external entity expanded: %q", s)
		}
	}
	if f.Title != "&x;" {
		t.Errorf("title %q, want the entity left unexpanded", f.Title)
	}
}

func TestParseBillionLaughs(t *testing.T) {
	body := readFixture(t, "billion-laughs.xml")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	f, err := Parse(context.Background(), body, "", "", fetched)
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if elapsed > 100*time.Millisecond && !raceEnabled {
		t.Errorf("took %v, want < 100ms", elapsed)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("allocated %d bytes, want < 16 MiB", alloc)
	}
	for _, s := range allText(f) {
		if strings.Contains(s, "lollol") {
			t.Fatalf("entity expanded: %q", truncateRunes(s, 60))
		}
	}
}

func TestParseDeepNesting(t *testing.T) {
	const n = 1_000_000
	nested := strings.Repeat("<a>", n) + strings.Repeat("</a>", n)
	tests := []struct{ name, body string }{
		{"in description", `<rss version="2.0"><channel><title>t</title><item><description>` + nested + `</description></item></channel></rss>`},
		{"in an extension element", `<rss version="2.0" xmlns:x="http://x.example/"><channel><title>t</title><item><x:a>` + nested + `</x:a></item></channel></rss>`},
		{"in atom content", `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><content type="xhtml">` + nested + `</content></entry></feed>`},
		{"unclosed", `<rss version="2.0"><channel><title>t</title><item><description>` + strings.Repeat("<a>", n) + `</description></item></channel></rss>`},
		{"json arrays", `{"version":"https://jsonfeed.org/version/1.1","items":` + strings.Repeat("[", 5_000_000) + strings.Repeat("]", 5_000_000) + `}`},
		{"json objects", `{"version":"https://jsonfeed.org/version/1.1","title":` + strings.Repeat(`{"a":`, 1_000_000) + "1" + strings.Repeat("}", 1_000_000) + `}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := Parse(context.Background(), []byte(tc.body), "", "", fetched)
			if err == nil {
				t.Fatal("want an error")
			}
			if herald.ErrorCode(err) != herald.EINVALID {
				t.Errorf("code %q: %v", herald.ErrorCode(err), err)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestParseNestingWithinLimit(t *testing.T) {
	// Naked HTML with many unclosed void elements must not count as depth,
	// nor unclosed elements that a later end tag closes.
	body := `<rss version="2.0"><channel><title>t</title><item><title>x</title><description><p>` +
		strings.Repeat("line<br><img src=x>", 5000) + `</p>` + strings.Repeat("<p>para", 900) + `</description></item>` +
		strings.Repeat(`<item><title>y</title><description><p>a<b>b</description></item>`, 2000) + `</channel></rss>`
	if _, err := Parse(context.Background(), []byte(body), "", "", fetched); err != nil {
		t.Fatalf("unclosed elements counted as nesting: %v", err)
	}
	body = `<rss version="2.0"><channel><title>t</title><item><description>` +
		strings.Repeat("<a>", MaxDepth-10) + strings.Repeat("</a>", MaxDepth-10) + `</description></item></channel></rss>`
	if _, err := Parse(context.Background(), []byte(body), "", "", fetched); err != nil {
		t.Fatalf("nesting below the limit refused: %v", err)
	}
}

func TestParseBrokenInputs(t *testing.T) {
	tests := []struct {
		name, contentType string
		body              []byte
		wantErr           string // substring; "" means no error
	}{
		{"empty body", "", nil, "empty document"},
		{"whitespace only", "", []byte(" \n\t "), "empty document"},
		{"empty file", "", readFixture(t, "empty.xml"), "empty document"},
		{"rss self-closed", "", readFixture(t, "rss-selfclosed.xml"), "empty feed: no title, link or items"},
		{"rss without channel", "", []byte(`<rss version="2.0"></rss>`), "no title, link or items"},
		{"atom empty", "", []byte(`<feed xmlns="http://www.w3.org/2005/Atom"/>`), "no title, link or items"},
		{"json items null", "", readFixture(t, "items-null.json"), ""},
		{"json null entry", "", readFixture(t, "item-null-entry.json"), ""},
		{"json not a feed", "", []byte(`{"foo": 1}`), "not a feed"},
		{"json array", "", []byte(`[1,2]`), "not a feed"},
		{"json broken", "", []byte(`{"version": "https://jsonfeed.org/version/1", "items": [`), "malformed JSON feed"},
		{"json items wrong type", "", []byte(`{"version": "https://jsonfeed.org/version/1", "items": 5}`), "malformed JSON feed"},
		{"leading whitespace json", "", readFixture(t, "leading-whitespace.json"), ""},
		{"raw control characters in json strings", "", readFixture(t, "raw-control-in-json.json"), ""},
		{"html served as rss", "application/rss+xml", readFixture(t, "html-page.html"), "looks like an HTML page"},
		{"html without doctype", "text/xml", []byte("<html><body>x</body></html>"), "looks like an HTML page"},
		{"feed served as html", "text/html; charset=utf-8", readFixture(t, "rss091.xml"), ""},
		{"plain text", "text/plain", []byte("hello world"), "neither XML nor JSON"},
		{"unknown root", "", []byte(`<?xml version="1.0"?><opml version="2.0"><body/></opml>`), "root element <opml>"},
		{"garbage after root", "", []byte(`<rss version="2.0"><channel><title>t</title></channel></rss><<<>>>`), ""},
		{"bom and whitespace", "", append([]byte("\xEF\xBB\xBF  \n"), readFixture(t, "rss091.xml")...), ""},
		{"too large", "", bytes.Repeat([]byte(" "), MaxBodyBytes+1), "larger than"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse(context.Background(), tc.body, tc.contentType, "https://x.example/feed", fetched)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				assertClean(t, f)
				return
			}
			if err == nil {
				t.Fatalf("want an error containing %q, got a feed %q", tc.wantErr, f.Title)
			}
			if !strings.Contains(err.Error(), tc.wantErr) || herald.ErrorCode(err) != herald.EINVALID {
				t.Errorf("error %q (code %s), want EINVALID containing %q", err, herald.ErrorCode(err), tc.wantErr)
			}
		})
	}
}

func TestParseRepairsTruncated(t *testing.T) {
	tests := []struct{ name, body, title, itemTitle, content string }{
		{"missing final bracket", "<rss version=\"2.0\"><channel><title>t</title><item><title>x</title></item></channel></rss", "t", "x", ""},
		{"cut inside an item", `<rss version="2.0"><channel><title>t</title><item><title>x`, "t", "x", ""},
		{"cut inside a tag", `<rss version="2.0"><channel><title>t</title><item><title>x</title><descr`, "t", "x", ""},
		{"cut inside CDATA", `<rss version="2.0"><channel><title>t</title><item><title>x</title><description><![CDATA[<p>half`, "t", "x", "<p>half"},
		{"cut atom", `<feed xmlns="http://www.w3.org/2005/Atom"><title>a</title><entry><id>1</id><title>e</title></entry><entry><id>2`, "a", "e", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse(context.Background(), []byte(tc.body), "", "", fetched)
			if err != nil {
				t.Fatal(err)
			}
			if f.Title != tc.title || len(f.Items) == 0 || f.Items[0].Title != tc.itemTitle || f.Items[0].SummaryHTML != tc.content {
				t.Errorf("got %q with items %+v", f.Title, f.Items)
			}
		})
	}
}

func TestParseHTMLPageError(t *testing.T) {
	_, err := Parse(context.Background(), readFixture(t, "html-page.html"), "application/rss+xml", "https://daily.example/", fetched)
	if !errors.Is(err, ErrHTMLPage) {
		t.Fatalf("error %v is not ErrHTMLPage", err)
	}
	if got := herald.ErrorMessage(err); got != "not a feed: looks like an HTML page" {
		t.Errorf("message %q", got)
	}
}

func TestParseCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Parse(ctx, readFixture(t, "rss20.xml"), "", "", fetched); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

func TestParseItemCap(t *testing.T) {
	const n = 12_000
	var b strings.Builder
	b.WriteString(`<rss version="2.0"><channel><title>Big</title><link>https://big.example/</link>`)
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		// Dates are shuffled so that "most recent" differs from document order.
		d := base.Add(time.Duration((i*7919)%n) * time.Minute)
		fmt.Fprintf(&b, `<item><guid>%d</guid><title>t%d</title><pubDate>%s</pubDate></item>`, i, i, d.Format(time.RFC1123Z))
	}
	b.WriteString(`</channel></rss>`)
	f, err := Parse(context.Background(), []byte(b.String()), "", "", fetched)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != MaxItems {
		t.Fatalf("%d items, want %d", len(f.Items), MaxItems)
	}
	cutoff := base.Add(time.Duration(n-MaxItems) * time.Minute)
	for i, it := range f.Items {
		if it.PublishedAt.Before(cutoff) {
			t.Fatalf("item %s (%v) is not among the %d most recent", it.ExternalID, it.PublishedAt, MaxItems)
		}
		if i > 0 && atoi(t, it.ExternalID) <= atoi(t, f.Items[i-1].ExternalID) {
			t.Fatalf("items out of document order at %d", i)
		}
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestParseLongFieldsCapped(t *testing.T) {
	long := strings.Repeat("x", 3*MaxContentBytes)
	body := `<rss version="2.0"><channel><title>t</title><item>` +
		`<guid>` + strings.Repeat("g", 5000) + `</guid>` +
		`<link>https://l.example/` + strings.Repeat("p", MaxURLBytes) + `</link>` +
		`<description>` + long + `</description><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">` + long + `</content:encoded>` +
		`<author>` + "a@" + strings.Repeat("a.", 16000) + "!" + `</author>` +
		strings.Repeat("<category>c</category><category>d</category>", 100) + `</item></channel></rss>`
	start := time.Now()
	f, err := Parse(context.Background(), []byte(body), "", "", fetched)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second && !raceEnabled {
		t.Errorf("took %v", d)
	}
	it := f.Items[0]
	if len(it.SummaryHTML) > MaxSummaryBytes || len(it.ContentHTML) > MaxContentBytes {
		t.Errorf("summary %d bytes, content %d bytes", len(it.SummaryHTML), len(it.ContentHTML))
	}
	if !strings.HasPrefix(it.ExternalID, "sha256:") {
		t.Errorf("long GUID kept: %d bytes", len(it.ExternalID))
	}
	if it.URL != "" {
		t.Errorf("over-long URL kept: %d bytes", len(it.URL))
	}
	if len(it.Categories) != 2 {
		t.Errorf("categories %q, want de-duplicated c, d", it.Categories)
	}
	for _, a := range it.Authors {
		if utf8.RuneCountInString(a) > MaxNameRunes {
			t.Errorf("author of %d runes", utf8.RuneCountInString(a))
		}
	}
}

func TestParseSuperLinearInputs(t *testing.T) {
	amps := strings.Repeat("&amp;", 100_000) + strings.Repeat("&", 100_000) + ";"
	tests := []struct{ name, body string }{
		{"ampersands far from a semicolon", `<rss version="2.0"><channel><title>` + amps + `</title><item><title>` + amps + `</title><description>` + amps + `</description></item></channel></rss>`},
		{"email-like author", `<rss version="2.0"><channel><title>t</title><item><title>x</title><author>a@` + strings.Repeat("a.", 16000) + `!</author></item></channel></rss>`},
		{"many less-than signs", `<rss version="2.0"><channel><title>t</title><item><title>x</title><description>` + strings.Repeat("&lt;", 200_000) + `</description></item></channel></rss>`},
		{"many open tags", `<rss version="2.0"><channel><title>t</title>` + strings.Repeat(`<item><title>x</title><description>`+strings.Repeat("<p>", 500)+`</description></item>`, 400) + `</channel></rss>`},
		{"many dates", `<rss version="2.0"><channel><title>t</title>` + strings.Repeat(`<item><title>x</title><pubDate>`+strings.Repeat("Mon, ", 30)+`</pubDate></item>`, 5000) + `</channel></rss>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			f, err := Parse(context.Background(), []byte(tc.body), "", "", fetched)
			if d := time.Since(start); d > 2*time.Second && !raceEnabled {
				t.Errorf("took %v", d)
			}
			if err == nil {
				checkFeedInvariants(t, f)
			}
		})
	}
}

// TestParseParallel parses 200 feeds at once; run it with -race.
func TestParseParallel(t *testing.T) {
	files := []string{"rss090.rdf", "rss091.xml", "rss092.xml", "rss10.rdf", "rss20.xml", "atom03.xml", "atom10.xml",
		"jsonfeed10.json", "jsonfeed11.json", "windows-1252-nodecl.xml", "latin1-prolog-utf8-bytes.xml", "xxe.xml"}
	bodies := make([][]byte, len(files))
	want := make([]string, len(files))
	for i, f := range files {
		bodies[i] = readFixture(t, f)
		want[i] = parseFixture(t, f).Title
	}
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for g := 0; g < 200; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			i := g % len(files)
			f, err := Parse(context.Background(), bodies[i], "", "https://p.example/feed", fetched)
			switch {
			case err != nil:
				errs <- err
			case f.Title != want[i]:
				errs <- fmt.Errorf("%s: title %q, want %q", files[i], f.Title, want[i])
			default:
				for _, it := range f.Items {
					extract.Sanitize(it.ContentHTML, f.SiteURL)
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
