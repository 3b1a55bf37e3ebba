package feed

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/heraldnews/herald/internal/extract"
)

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.*")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil && len(b) < 8<<10 {
			f.Add(b, "")
		}
	}
	for _, s := range []string{
		`<rss/>`, `{"items":null}`, `<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="x"/></entry></feed>`,
		`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><item><title>t</title></item></rdf:RDF>`,
		"\xEF\xBB\xBF<rss><channel><item><pubDate>Mon, 01 Jan 0000 00:00:00 -0500</pubDate></item></channel></rss>",
	} {
		f.Add([]byte(s), "text/xml; charset=iso-8859-1")
	}
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		feed, err := Parse(context.Background(), body, contentType, "https://fuzz.example/feed", fetched)
		if err != nil {
			return
		}
		checkFeedInvariants(t, feed)
	})
}

// checkFeedInvariants asserts what every successful Parse promises.
func checkFeedInvariants(t *testing.T, f *Feed) {
	t.Helper()
	if len(f.Items) > MaxItems {
		t.Fatalf("%d items", len(f.Items))
	}
	for _, s := range allText(f) {
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			t.Fatalf("invalid UTF-8 or NUL in %q", s)
		}
	}
	for _, u := range []string{f.SiteURL, f.HubURL, f.SelfURL} {
		checkWebURL(t, u)
	}
	for _, it := range f.Items {
		checkWebURL(t, it.URL)
		checkWebURL(t, it.ImageURL)
		if it.ExternalID == "" {
			t.Fatal("empty ExternalID")
		}
		if utf8.RuneCountInString(it.Title) > MaxTitleRunes {
			t.Fatalf("title of %d runes", utf8.RuneCountInString(it.Title))
		}
		if it.PublishedAt.Year() < EarliestPlausibleYear || it.PublishedAt.After(fetched.Add(FutureTolerance)) {
			t.Fatalf("PublishedAt %v out of range", it.PublishedAt)
		}
		if _, err := json.Marshal(it); err != nil {
			t.Fatalf("item does not encode: %v", err)
		}
		extract.Sanitize(it.ContentHTML, f.SiteURL)
		extract.Sanitize(it.SummaryHTML, f.SiteURL)
	}
}

func checkWebURL(t *testing.T, u string) {
	t.Helper()
	if u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		t.Fatalf("URL %q is not http(s)", u)
	}
}
