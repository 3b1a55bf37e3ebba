package feed

import (
	"bytes"
	"strings"

	"github.com/heraldnews/herald/internal/extract"
	"golang.org/x/net/html"
)

// maxDiscovered bounds what DiscoverFeeds returns.
const maxDiscovered = 20

// feedTypes are the link types DiscoverFeeds recognises.
var feedTypes = map[string]bool{
	"application/rss+xml":   true,
	"application/atom+xml":  true,
	"application/feed+json": true,
	"application/rdf+xml":   true,
}

// DiscoverFeeds returns the feeds an HTML page advertises with
// <link rel="alternate" type="application/rss+xml|atom+xml|feed+json|rdf+xml"
// href="...">, resolved against pageURL (or the page's <base href>),
// restricted to http(s), without duplicates, in page order, at most 20. It
// reads the page's charset from <meta> and returns nil when there are none.
func DiscoverFeeds(body []byte, pageURL string) []string {
	body = extract.ToUTF8(truncateBody(body), extract.HTMLCharset(body))
	base := pageURL
	var found []string
	seen := map[string]bool{}
	z := html.NewTokenizer(bytes.NewReader(body))
	for len(found) < maxDiscovered {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		switch tok.Data {
		case "base":
			if b := extract.ResolveURL(extract.ParseBase(pageURL), attrValue(tok, "href")); b != "" {
				base = b
			}
		case "link":
			u := feedLink(tok, base)
			if u != "" && !seen[u] {
				seen[u] = true
				found = append(found, u)
			}
		}
	}
	return found
}

// feedLink returns the resolved href of a <link> that advertises a feed.
func feedLink(tok html.Token, base string) string {
	if !hasRel(attrValue(tok, "rel"), "alternate") {
		return ""
	}
	typ := strings.ToLower(strings.TrimSpace(attrValue(tok, "type")))
	if i := strings.IndexByte(typ, ';'); i >= 0 {
		typ = strings.TrimSpace(typ[:i])
	}
	if !feedTypes[typ] {
		return ""
	}
	return extract.ResolveURL(extract.ParseBase(base), attrValue(tok, "href"))
}

func attrValue(tok html.Token, key string) string {
	for _, a := range tok.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// truncateBody bounds the page DiscoverFeeds reads.
func truncateBody(b []byte) []byte {
	if len(b) > MaxBodyBytes {
		return b[:MaxBodyBytes]
	}
	return b
}
