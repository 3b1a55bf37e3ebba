package extract

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

const articleURL = "https://www.coastal-courier.example/region/2024/05/14/harbour-ferry-link.html"

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestExtractArticle(t *testing.T) {
	a, err := ExtractArticle(readFixture(t, "article.html"), articleURL)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ name, got, want string }{
		{"title", a.Title, "Harbour council approves new ferry link"},
		{"byline", a.Byline, "Priya Lindqvist"},
		{"site name", a.SiteName, "The Coastal Courier"},
		{"image", a.ImageURL, "https://www.coastal-courier.example/media/2024/05/ferry-lead.jpg"},
		{"caption", a.ImageCaption, "The ferry Mariner leaving the north pier at dawn."},
		{"canonical", a.CanonicalURL, "https://www.coastal-courier.example/region/2024/05/14/harbour-ferry-link.html"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if want := time.Date(2024, 5, 14, 7, 30, 0, 0, time.UTC); !a.PublishedAt.Equal(want) {
		t.Errorf("published %v, want %v", a.PublishedAt, want)
	}
	for _, keep := range []string{"year-round ferry link", "treating island families", "<table>", "heavier vessels",
		`href="https://www.coastal-courier.example/region/2024/04/budget-gap.html"`} {
		if !strings.Contains(a.ContentHTML, keep) {
			t.Errorf("content lacks %q", keep)
		}
	}
	for _, drop := range []string{"Subscribe for unlimited", "Post comment", "dataLayer", "onclick", "onerror", "javascript:", "Cookie settings", "Storm closes"} {
		if strings.Contains(a.ContentHTML, drop) || strings.Contains(a.TextContent, drop) {
			t.Errorf("content keeps %q", drop)
		}
	}
	if msg := unsafeMarkup(a.ContentHTML); msg != "" {
		t.Errorf("content unsafe: %s", msg)
	}
	if a.TextContent == "" || strings.Contains(a.TextContent, "<") {
		t.Errorf("text content empty or with markup: %q", a.TextContent)
	}
}

func TestExtractArticleWithoutPageURL(t *testing.T) {
	a, err := ExtractArticle(readFixture(t, "article.html"), "")
	if err != nil {
		t.Fatal(err)
	}
	if a.CanonicalURL != "https://www.coastal-courier.example/region/2024/05/14/harbour-ferry-link.html" {
		t.Errorf("canonical %q, want the page's rel=canonical", a.CanonicalURL)
	}
	if !strings.Contains(a.TextContent, "year-round ferry link") {
		t.Error("article text missing")
	}
	if msg := unsafeMarkup(a.ContentHTML); msg != "" {
		t.Errorf("content unsafe: %s", msg)
	}
}

func TestExtractArticleCaptionFromFigure(t *testing.T) {
	page := strings.Replace(string(readFixture(t, "article.html")), `<meta property="og:image:alt"`, `<meta property="x"`, 1)
	a, err := ExtractArticle([]byte(page), articleURL)
	if err != nil {
		t.Fatal(err)
	}
	if want := "The ferry Mariner leaving the north pier. Photo: Courier staff"; a.ImageCaption != want {
		t.Errorf("caption %q, want %q", a.ImageCaption, want)
	}
}

func TestExtractArticleCharsetMetaAfter1024Bytes(t *testing.T) {
	a, err := ExtractArticle(readFixture(t, "article-cp1252.html"), "https://quay.example/cafe")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.TextContent, "The café on the quay reopened on Saturday – its owner’s third attempt “to get it right”") {
		t.Errorf("text not decoded from windows-1252: %q", a.TextContent[:min(200, len(a.TextContent))])
	}
	if a.CanonicalURL != "https://quay.example/cafe" {
		t.Errorf("canonical %q, want the page URL", a.CanonicalURL)
	}
}

func TestExtractArticleErrors(t *testing.T) {
	deep := []byte("<html><body>" + strings.Repeat("<div>", 100_000) + "x" + strings.Repeat("</div>", 100_000) + "</body></html>")
	tests := []struct {
		name, url string
		body      []byte
	}{
		{"bad url", "javascript:alert(1)", []byte("<p>x</p>")},
		{"relative url", "/a", []byte("<p>x</p>")},
		{"file url", "file:///tmp/a.html", []byte("<p>x</p>")},
		{"empty page", articleURL, nil},
		{"no content", articleURL, []byte("<html><head><title>t</title></head><body></body></html>")},
		{"too deep", articleURL, deep},
		{"too large", articleURL, make([]byte, MaxPageBytes+1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			a, err := ExtractArticle(tc.body, tc.url)
			if err == nil {
				t.Fatalf("got %+v, want an error", a)
			}
			if herald.ErrorCode(err) != herald.EINVALID {
				t.Errorf("code %q (%v), want invalid", herald.ErrorCode(err), err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestFetchArticle(t *testing.T) {
	body := readFixture(t, "article-cp1252.html")
	var asked string
	fetch := func(ctx context.Context, u string) (Page, error) {
		asked = u
		return Page{Body: body, ContentType: "text/html; charset=windows-1252", URL: "https://quay.example/final"}, nil
	}
	a, err := FetchArticle(context.Background(), fetch, "https://quay.example/start")
	if err != nil {
		t.Fatal(err)
	}
	if asked != "https://quay.example/start" {
		t.Errorf("fetched %q", asked)
	}
	if a.CanonicalURL != "https://quay.example/final" {
		t.Errorf("canonical %q, want the final URL", a.CanonicalURL)
	}
	if !strings.Contains(a.TextContent, "café") {
		t.Error("charset from Content-Type not applied")
	}

	boom := errors.New("boom")
	_, err = FetchArticle(context.Background(), func(context.Context, string) (Page, error) { return Page{}, boom }, "https://quay.example/x")
	if !errors.Is(err, boom) {
		t.Errorf("fetch error not wrapped: %v", err)
	}
	_, err = FetchArticle(context.Background(), fetch, "file:///etc/passwd")
	if herald.ErrorCode(err) != herald.EINVALID {
		t.Errorf("non-http URL: %v", err)
	}
}

func TestNeedsFullText(t *testing.T) {
	long := "<p>" + strings.Repeat("A full paragraph of reporting with names and places. ", 20) + "</p>"
	tests := []struct {
		name             string
		mode             herald.FullTextMode
		summary, content string
		want             bool
	}{
		{"never", herald.FullTextNever, "", "", false},
		{"always", herald.FullTextAlways, long, long, true},
		{"auto nothing", herald.FullTextAuto, "", "", true},
		{"auto short summary", herald.FullTextAuto, "<p>A teaser.</p>", "", true},
		{"auto long content", herald.FullTextAuto, "", long, false},
		{"auto long summary no content", herald.FullTextAuto, long, "", false},
		{"auto long ellipsis", herald.FullTextAuto, "", strings.TrimSuffix(long, "</p>") + " and then…</p>", true},
		{"auto long read more", herald.FullTextAuto, "", long + `<p><a href="https://x.example/">Read more</a></p>`, true},
		{"auto long continue reading", herald.FullTextAuto, "", long + `<p>Continue reading »</p>`, true},
		{"auto markup-heavy short text", herald.FullTextAuto, "", `<div><img src="https://x.example/a.jpg"><p>Short.</p></div>` + strings.Repeat("<span></span>", 200), true},
		{"unknown mode acts as auto", herald.FullTextMode("weird"), "", long, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := NeedsFullText(tc.mode, tc.summary, tc.content); got != tc.want {
				t.Errorf("NeedsFullText = %v, want %v", got, tc.want)
			}
		})
	}
}
