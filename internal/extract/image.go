package extract

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// LeadImage returns the first real image of an HTML fragment, resolved
// against base (http or https only; 1×1 tracking pixels skipped), and the
// text of its <figcaption> when the image sits in a <figure>. It returns
// empty strings when there is none. Lazy-loading attributes (data-src) are
// honoured when src is missing.
func LeadImage(htmlText, base string) (src, caption string) {
	if !strings.Contains(htmlText, "<img") && !strings.Contains(htmlText, "<IMG") {
		return "", ""
	}
	b := ParseBase(base)
	z := html.NewTokenizer(strings.NewReader(TruncateBytes(htmlText, MaxHTMLBytes)))
	figure, inCaption := 0, false
	var capText strings.Builder
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return src, InlineText(capText.String())
		case html.TextToken:
			if inCaption {
				capText.Write(z.Raw())
			}
			continue
		}
		tok := z.Token()
		switch {
		case tok.Data == "figure" && tt == html.StartTagToken:
			figure++
		case tok.Data == "figure" && tt == html.EndTagToken:
			if figure--; src != "" {
				return src, InlineText(capText.String())
			}
		case tok.Data == "figcaption":
			inCaption = tt == html.StartTagToken && src != ""
		case tok.Data == "img" && src == "" && tt != html.EndTagToken:
			src = imageSource(b, tok)
			if src != "" && figure == 0 {
				return src, ""
			}
		}
	}
}

// imageSource returns the resolved source of an <img> token, or "" for a
// missing, non-web or tracking-pixel image.
func imageSource(base *url.URL, tok html.Token) string {
	var src, lazy, w, h string
	for _, a := range tok.Attr {
		switch a.Key {
		case "src":
			src = a.Val
		case "data-src", "data-lazy-src", "data-original":
			lazy = a.Val
		case "width":
			w = strings.TrimSpace(a.Val)
		case "height":
			h = strings.TrimSpace(a.Val)
		}
	}
	if w == "1" || h == "1" || w == "0" || h == "0" {
		return ""
	}
	if src == "" || strings.HasPrefix(strings.TrimSpace(src), "data:") {
		src = lazy
	}
	return ResolveURL(base, src)
}
