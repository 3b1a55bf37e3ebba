package extract

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/heraldnews/herald"
	"golang.org/x/net/html"
)

// MaxPageBytes is the largest article page ExtractArticle accepts.
const MaxPageBytes = 8 << 20

// maxPageElements bounds the elements readability scores.
const maxPageElements = 100_000

// Article is the readable part of an article page.
type Article struct {
	Title        string // plain text
	ContentHTML  string // sanitised with Sanitize
	TextContent  string // PlainText of ContentHTML
	Byline       string // plain text
	ImageURL     string // absolute http(s), or ""
	ImageCaption string // plain text
	SiteName     string // plain text
	CanonicalURL string // rel=canonical, else og:url, else the page URL (or ""); normalised by CanonicalURL
	PublishedAt  time.Time
}

// Page is a fetched article page.
type Page struct {
	Body        []byte
	ContentType string // the Content-Type header, for its charset
	URL         string // the final URL after redirects; "" means the requested one
}

// FetchFunc fetches a page. Ingest passes the shared HTTP client here, with
// its size limits and private-network guard; extract never dials by itself.
type FetchFunc func(ctx context.Context, pageURL string) (Page, error)

// FetchArticle fetches pageURL with fetch and extracts its article. It
// returns EINVALID for a URL that is not absolute http(s) and whatever
// ExtractArticle returns for the page; fetch errors are wrapped.
func FetchArticle(ctx context.Context, fetch FetchFunc, pageURL string) (*Article, error) {
	if ParseBase(pageURL) == nil {
		return nil, herald.Errorf(herald.EINVALID, "fetch article: %q is not an http(s) URL", TruncateBytes(pageURL, 200))
	}
	page, err := fetch(ctx, pageURL)
	if err != nil {
		return nil, fmt.Errorf("fetch article: %w", err)
	}
	if page.URL != "" {
		pageURL = page.URL
	}
	body := ToUTF8(page.Body, ContentTypeCharset(page.ContentType), HTMLCharset(page.Body))
	return ExtractArticle(body, pageURL)
}

// ExtractArticle finds the article in an HTML page with readability and
// returns it sanitised, with metadata from rel=canonical, og:url, og:image
// (and og:image:alt or the image's figcaption), og:site_name,
// article:published_time and the author meta tags. The body's charset comes
// from a byte-order mark or <meta charset>, else valid UTF-8 is assumed and
// windows-1252 used when it is not. pageURL is the base for relative links; it
// may be "" for a page of unknown origin (a local file), and then relative
// links are dropped and CanonicalURL comes only from the page's own metadata.
// It returns EINVALID when pageURL is neither "" nor an absolute http(s) URL,
// the page is larger than MaxPageBytes, cannot be parsed (for example nested
// deeper than 512 elements) or holds no readable content.
func ExtractArticle(body []byte, pageURL string) (*Article, error) {
	base := ParseBase(pageURL)
	if base == nil && pageURL != "" {
		return nil, herald.Errorf(herald.EINVALID, "extract article: %q is not an http(s) URL", TruncateBytes(pageURL, 200))
	}
	if len(body) > MaxPageBytes {
		return nil, herald.Errorf(herald.EINVALID, "extract article: page larger than %d bytes", MaxPageBytes)
	}
	body = ToUTF8(body, HTMLCharset(body))
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, herald.Errorf(herald.EINVALID, "extract article: unparseable page: %v", err)
	}
	meta := readMeta(doc, base)
	parser := readability.NewParser()
	parser.MaxElemsToParse = maxPageElements
	ra, err := parser.ParseAndMutate(doc, base)
	if err != nil {
		return nil, herald.Errorf(herald.EINVALID, "extract article: %v", err)
	}
	if ra.Node == nil {
		return nil, herald.Errorf(herald.EINVALID, "extract article: no readable content")
	}
	return buildArticle(ra, meta, base)
}

// buildArticle merges readability's result with the page metadata.
func buildArticle(ra readability.Article, meta pageMeta, base *url.URL) (*Article, error) {
	var raw strings.Builder
	if err := ra.RenderHTML(&raw); err != nil {
		return nil, fmt.Errorf("extract article: render: %w", err)
	}
	baseURL := ""
	if base != nil {
		baseURL = base.String()
	}
	a := &Article{
		Title:        firstNonEmpty(InlineText(ra.Title()), meta.title),
		ContentHTML:  Sanitize(raw.String(), baseURL),
		Byline:       firstNonEmpty(meta.author, InlineText(ra.Byline())),
		ImageURL:     firstNonEmpty(meta.image, ResolveURL(base, ra.ImageURL())),
		SiteName:     firstNonEmpty(InlineText(ra.SiteName()), meta.siteName),
		CanonicalURL: meta.canonical,
		PublishedAt:  meta.published,
	}
	a.TextContent = PlainText(a.ContentHTML)
	if a.TextContent == "" {
		return nil, herald.Errorf(herald.EINVALID, "extract article: no readable content")
	}
	a.ImageCaption = meta.imageAlt
	if a.ImageCaption == "" {
		a.ImageCaption = figureCaption(ra.Node, base, a.ImageURL)
	}
	if a.PublishedAt.IsZero() {
		if t, err := ra.PublishedTime(); err == nil {
			a.PublishedAt = saneTime(t)
		}
	}
	if a.CanonicalURL == "" && base != nil {
		a.CanonicalURL, _ = CanonicalURL(baseURL)
	}
	return a, nil
}

// saneTime returns t in UTC, or the zero time when t is before 1995 or more
// than a day in the future (a page cannot be published later than it is read).
func saneTime(t time.Time) time.Time {
	t = t.UTC()
	if t.Year() < 1995 || t.After(time.Now().Add(24*time.Hour)) {
		return time.Time{}
	}
	return t
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// FullTextMinChars is the text length under which NeedsFullText, in auto
// mode, asks for the article page.
const FullTextMinChars = 500

// truncationMarks end the text of feeds that carry only a teaser.
var truncationMarks = []string{
	"…", "...", "[…]", "[...]", "(…)", "(...)", "read more", "continue reading",
	"read the full story", "read the full article",
	"(more…)", "more »", "lire la suite", "weiterlesen", "seguir leyendo",
}

// NeedsFullText reports whether ingest should fetch the article page for a
// story: always for FullTextAlways, never for FullTextNever, and in auto mode
// (or an unknown mode) when the feed's text (content, else summary) is
// shorter than FullTextMinChars characters or ends like a teaser ("…",
// "Read more", "Continue reading", ...).
func NeedsFullText(mode herald.FullTextMode, summaryHTML, contentHTML string) bool {
	switch mode {
	case herald.FullTextAlways:
		return true
	case herald.FullTextNever:
		return false
	}
	text := PlainText(contentHTML)
	if text == "" {
		text = PlainText(summaryHTML)
	}
	if utf8.RuneCountInString(text) < FullTextMinChars {
		return true
	}
	return looksTruncated(text)
}

// looksTruncated reports whether the last line of text ends with (or, for
// short last lines, is) a teaser mark.
func looksTruncated(text string) bool {
	last := text
	if i := strings.LastIndexByte(text, '\n'); i >= 0 {
		last = text[i+1:]
	}
	last = strings.ToLower(strings.TrimSpace(last))
	for _, m := range truncationMarks {
		if strings.HasSuffix(last, m) || (len(last) < 200 && strings.HasPrefix(last, m)) {
			return true
		}
	}
	return false
}
