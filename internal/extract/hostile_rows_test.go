package extract

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestHostileA5_PageURLSchemes: a scraped page whose og:image, canonical
// link, og:url and images use file:, data:, javascript: or gopher: yields no
// such URL: the image is dropped, the canonical URL falls back to the page.
func TestHostileA5_PageURLSchemes(t *testing.T) {
	page := `<!doctype html><html><head><title>Schemes</title>
<meta property="og:image" content="file:///etc/passwd">
<meta property="og:url" content="data:text/html,x">
<link rel="canonical" href="javascript:alert(1)">
</head><body><article><h1>Schemes</h1>
<p><img src="gopher://127.0.0.1:70/x" alt="g"> ` + strings.Repeat("The council met on Tuesday to discuss the harbour. ", 40) + `</p>
<p><a href="file:///etc/passwd">local</a> <a href="data:text/html,x">data</a> <img src="data:image/png;base64,AAAA"></p>
</article></body></html>`
	const pageURL = "https://news.example/schemes"
	a, err := ExtractArticle([]byte(page), pageURL)
	if err != nil {
		t.Fatal(err)
	}
	if a.ImageURL != "" {
		t.Errorf("ImageURL = %q, want none", a.ImageURL)
	}
	if a.CanonicalURL != pageURL {
		t.Errorf("CanonicalURL = %q, want the page URL", a.CanonicalURL)
	}
	for _, scheme := range []string{"file:", "data:", "javascript:", "gopher:"} {
		if strings.Contains(strings.ToLower(a.ContentHTML), `="`+scheme) {
			t.Errorf("content keeps a %s URL: %s", scheme, a.ContentHTML)
		}
	}
	if src, _ := LeadImage(`<img src="file:///etc/passwd"><img src="javascript:x"><img src="data:image/png,AA">`, pageURL); src != "" {
		t.Errorf("LeadImage = %q, want none", src)
	}
}

// TestHostileB6_SuperLinearHTML runs shapes of HTML that make naive parsers
// quadratic (the foreign-content end-tag scan of x/net/html CVE-2024-45338,
// misnested formatting elements, unclosed tables, mixed-case tag names, long
// runs of '&', a tag with 100,000 attributes) through every HTML path of
// ingest: Sanitize, PlainText, LeadImage and ExtractArticle. Each is sized so
// that quadratic work would take minutes; the test only guards against a hang
// (30 s per input), it asserts no timing. Output stays valid UTF-8 and bounded.
func TestHostileB6_SuperLinearHTML(t *testing.T) {
	long := strings.Repeat("a", 100)
	inputs := map[string]string{
		"foreign content end tags": "<svg>" + strings.Repeat("<"+long+"x>", 600) + strings.Repeat("</"+strings.ToUpper(long)+"y>", 20_000),
		"misnested formatting":     strings.Repeat("<b><i><u><a href=/x>", 5_000) + strings.Repeat("</b>x", 5_000),
		"unclosed tables":          strings.Repeat("<table><tr><td>", 5_000) + "cell",
		"mixed-case tags":          strings.Repeat("<DiV ClAsS=X><SpAn>word ", 20_000),
		"ampersands":               "<p>" + strings.Repeat("&", 200_000) + ";</p>",
		"attributes":               "<p " + strings.Repeat("a=1 ", 100_000) + ">x</p>",
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			done := make(chan []string, 1)
			go func() {
				clean := Sanitize(in, "https://news.example/")
				src, caption := LeadImage(in, "https://news.example/")
				out := []string{clean, PlainText(in), src, caption}
				if a, err := ExtractArticle([]byte("<html><body>"+in+"</body></html>"), "https://news.example/a"); err == nil {
					out = append(out, a.ContentHTML, a.TextContent)
				}
				done <- out
			}()
			select {
			case <-ctx.Done():
				t.Fatalf("%s: no result within 30 s", name)
			case out := <-done:
				for _, s := range out {
					if !utf8.ValidString(s) || len(s) > len(in)+MaxHTMLBytes {
						t.Errorf("output of %d bytes, valid UTF-8 %t", len(s), utf8.ValidString(s))
					}
				}
			}
		})
	}
}
