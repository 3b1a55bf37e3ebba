package extract

import (
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is what an article page says about itself in <head>.
type pageMeta struct {
	canonical string // normalised with CanonicalURL
	title     string
	author    string
	image     string
	imageAlt  string
	siteName  string
	published time.Time
}

// metaTimeLayouts are the layouts article:published_time takes in practice.
var metaTimeLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00",
	"2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02",
}

// readMeta collects the <link rel=canonical> and <meta> values of doc.
func readMeta(doc *html.Node, base *url.URL) pageMeta {
	vals := map[string]string{}
	var canonical string
	walk(doc, func(n *html.Node) {
		switch n.DataAtom {
		case atom.Link:
			if hasToken(attr(n, "rel"), "canonical") && canonical == "" {
				canonical = ResolveURL(base, attr(n, "href"))
			}
		case atom.Meta:
			key := strings.ToLower(strings.TrimSpace(firstNonEmpty(attr(n, "property"), attr(n, "name"), attr(n, "itemprop"))))
			if _, seen := vals[key]; key != "" && !seen {
				vals[key] = strings.TrimSpace(attr(n, "content"))
			}
		}
	})
	m := pageMeta{
		title:    InlineText(firstNonEmpty(vals["og:title"], vals["twitter:title"])),
		author:   metaAuthor(vals),
		image:    ResolveURL(base, firstNonEmpty(vals["og:image:secure_url"], vals["og:image"], vals["og:image:url"], vals["twitter:image"])),
		imageAlt: InlineText(firstNonEmpty(vals["og:image:alt"], vals["twitter:image:alt"])),
		siteName: InlineText(vals["og:site_name"]),
	}
	m.published = metaTime(firstNonEmpty(vals["article:published_time"], vals["og:article:published_time"],
		vals["datepublished"], vals["date"], vals["dc.date.issued"], vals["parsely-pub-date"]))
	if canonical == "" {
		canonical = ResolveURL(base, vals["og:url"])
	}
	if canonical != "" {
		m.canonical, _ = CanonicalURL(canonical)
	}
	return m
}

// metaAuthor returns a person's name from the author meta tags; values that
// are URLs (article:author often holds a profile URL) are skipped.
func metaAuthor(vals map[string]string) string {
	for _, k := range []string{"author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl"} {
		v := InlineText(vals[k])
		if v != "" && !strings.Contains(v, "://") {
			return strings.TrimPrefix(strings.TrimPrefix(v, "By "), "by ")
		}
	}
	return ""
}

func metaTime(s string) time.Time {
	for _, layout := range metaTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return saneTime(t)
		}
	}
	return time.Time{}
}

// figureCaption returns the caption of the <figure> that holds the image at
// imageURL in the article (or of the first captioned figure when imageURL is
// ""), as plain text.
func figureCaption(root *html.Node, base *url.URL, imageURL string) string {
	var caption string
	walk(root, func(n *html.Node) {
		if caption != "" || n.DataAtom != atom.Figure {
			return
		}
		if imageURL != "" && !figureHasImage(n, base, imageURL) {
			return
		}
		walk(n, func(c *html.Node) {
			if caption == "" && c.DataAtom == atom.Figcaption {
				caption = InlineText(renderNode(c))
			}
		})
	})
	return caption
}

func figureHasImage(fig *html.Node, base *url.URL, imageURL string) bool {
	found := false
	walk(fig, func(n *html.Node) {
		if n.DataAtom == atom.Img && ResolveURL(base, attr(n, "src")) == imageURL {
			found = true
		}
	})
	return found
}

func renderNode(n *html.Node) string {
	var b strings.Builder
	_ = html.Render(&b, n)
	return b.String()
}

// walk calls fn for n and every node below it, in document order, without
// recursion.
func walk(n *html.Node, fn func(*html.Node)) {
	if n == nil {
		return
	}
	stack := []*html.Node{n}
	for len(stack) > 0 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		fn(cur)
		for c := cur.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// hasToken reports whether a space-separated attribute value such as rel
// contains tok, case-insensitively.
func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}
