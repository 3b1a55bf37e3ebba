package extract

import (
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
)

// MaxHTMLBytes caps the HTML that Sanitize reads; longer input is cut (on a
// rune boundary) before sanitising, so output size and time stay bounded.
const MaxHTMLBytes = 2 << 20

// policy is built once; a bluemonday Policy is safe for concurrent use once
// built.
var policy = sync.OnceValue(newPolicy)

var (
	srcsetPattern = regexp.MustCompile(`^https?://\S+[^\s,](\s[0-9.]+[wx])?(, https?://\S+[^\s,](\s[0-9.]+[wx])?)*$`)
	sizesPattern  = regexp.MustCompile(`^[a-zA-Z0-9 ().,:%-]*$`)
	langPattern   = regexp.MustCompile(`^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$`)
	dirPattern    = regexp.MustCompile(`^(?i)(ltr|rtl|auto)$`)
	datePattern   = regexp.MustCompile(`^[0-9TZ:+. -]{4,40}$`)
	numberPattern = regexp.MustCompile(`^[0-9]{1,6}%?$`)
	spanPattern   = regexp.MustCompile(`^[0-9]{1,3}$`)
)

// newPolicy allows the markup of articles: text formatting, headings, lists,
// quotes, code, tables, figures, images and links. Everything else, including
// script, style, iframe, object, embed, forms, svg, math, event handlers,
// class, id and style attributes, is removed; script, style, iframe, svg,
// math, template, select, textarea and button lose their content too. URLs
// must be absolute http or https (Sanitize resolves relative ones first).
// Links get rel="noopener noreferrer" and target="_blank".
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.RequireParseableURLs(true)
	p.AllowURLSchemes("http", "https")
	p.AllowRelativeURLs(false)
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)

	p.AllowAttrs("title").Globally()
	p.AllowAttrs("lang").Matching(langPattern).Globally()
	p.AllowAttrs("dir").Matching(dirPattern).Globally()

	p.AllowElements("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
		"b", "i", "em", "strong", "u", "s", "strike", "sub", "sup", "small", "big", "mark",
		"cite", "dfn", "abbr", "code", "pre", "kbd", "samp", "var", "tt", "wbr", "bdi", "bdo",
		"ul", "ol", "li", "dl", "dt", "dd",
		"div", "span", "section", "article", "header", "footer", "aside", "address", "main",
		"figure", "figcaption", "picture", "details", "summary", "center",
		"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("cite").OnElements("blockquote", "q", "del", "ins")
	p.AllowElements("blockquote", "q", "del", "ins")
	p.AllowAttrs("datetime").Matching(datePattern).OnElements("time", "del", "ins")
	p.AllowElements("time")
	p.AllowAttrs("start").Matching(spanPattern).OnElements("ol")
	p.AllowAttrs("colspan", "rowspan", "span").Matching(spanPattern).OnElements("td", "th", "col", "colgroup")
	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^(?i)(row|col|rowgroup|colgroup)$`)).OnElements("th")

	p.AllowAttrs("src").OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowAttrs("width", "height").Matching(numberPattern).OnElements("img")
	p.AllowAttrs("srcset").Matching(srcsetPattern).OnElements("img", "source")
	p.AllowAttrs("sizes").Matching(sizesPattern).OnElements("img", "source")
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^image/[a-z0-9.+-]+$`)).OnElements("source")
	p.AllowAttrs("media").Matching(sizesPattern).OnElements("source")

	p.SkipElementsContent("script", "style", "iframe", "frame", "frameset", "object", "embed",
		"noscript", "noembed", "noframes", "svg", "math", "template", "select", "textarea",
		"button", "title", "head", "applet", "audio", "video", "canvas", "map")
	return p
}

// Sanitize makes untrusted publisher HTML safe to serve under Herald's
// origin. Relative URLs are resolved against baseURL first (and dropped when
// baseURL is not an absolute http(s) URL); srcset candidates are filtered the
// same way. The allow-list is described at newPolicy. Input beyond
// MaxHTMLBytes is cut. Sanitize is idempotent: Sanitize(Sanitize(x, b), b) ==
// Sanitize(x, b). It is safe for concurrent use.
func Sanitize(htmlText, baseURL string) string {
	if strings.TrimSpace(htmlText) == "" {
		return ""
	}
	htmlText = TruncateBytes(htmlText, MaxHTMLBytes)
	base := ParseBase(baseURL)
	prepared := rewriteTags(htmlText, func(t *html.Token) bool { return cleanTagURLs(base, t) })
	out := policy().Sanitize(prepared)
	// bluemonday writes rel="noreferrer noopener"; no input rel survives the
	// policy and text cannot contain a raw quote, so this rewrites exactly
	// the attributes bluemonday added into the conventional order.
	out = strings.ReplaceAll(out, `rel="noreferrer noopener"`, `rel="noopener noreferrer"`)
	return strings.TrimSpace(out)
}

// cleanTagURLs resolves every URL attribute of t against base and removes the
// ones that are not http(s) afterwards. It always reports a change, so the tag
// is re-serialised from the tokenizer's normalised view.
func cleanTagURLs(base *url.URL, t *html.Token) bool {
	kept := t.Attr[:0]
	for _, a := range t.Attr {
		key := strings.ToLower(a.Key)
		switch {
		case key == "srcset":
			a.Val = resolveSrcset(base, a.Val)
		case urlAttrs[key]:
			a.Val = ResolveURL(base, a.Val)
		}
		if (key == "srcset" || urlAttrs[key]) && a.Val == "" {
			continue
		}
		kept = append(kept, a)
	}
	t.Attr = kept
	return true
}

// TruncateBytes cuts s to at most n bytes without splitting a rune.
func TruncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 { // a continuation byte: back up to the rune's start
		n--
	}
	return s[:n]
}
