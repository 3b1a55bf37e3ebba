package opml

import (
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
)

// Parse reads an OPML document and returns its feeds in document order.
// Outlines with a feed URL are feeds; other outlines with a title are folders,
// and the path of folder titles ("News/Asia") becomes the category of the feeds
// inside. Named HTML entities are decoded; a DOCTYPE is ignored, so no entity
// it declares is expanded or fetched.
//
// It returns an error naming the problem (with its line) for a document that
// is not well-formed OPML, nests folders more than 32 deep, or breaks a limit;
// for the last, the error wraps ErrTooLarge.
func Parse(r io.Reader) ([]Feed, error) {
	dec := xml.NewDecoder(&capReader{r: r, left: MaxSize})
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = charset.NewReaderLabel
	p := &parser{dec: dec}
	if err := p.document(); err != nil {
		return nil, fmt.Errorf("parse OPML: %w", err)
	}
	return p.feeds, nil
}

// capReader reads at most left bytes of r and then fails with ErrTooLarge.
type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(b []byte) (int, error) {
	if c.left <= 0 {
		// One byte more tells a document of exactly MaxSize from a longer one.
		var one [1]byte
		n, err := io.ReadFull(c.r, one[:])
		switch {
		case n > 0:
			return 0, fmt.Errorf("%w: longer than %d bytes", ErrTooLarge, MaxSize)
		case err == io.EOF:
			return 0, io.EOF
		}
		return 0, err
	}
	if int64(len(b)) > c.left {
		b = b[:c.left]
	}
	n, err := c.r.Read(b)
	c.left -= int64(n)
	return n, err
}

// parser walks the token stream, so that a document never has to be held in
// memory as a tree and the limits apply as it is read.
type parser struct {
	dec   *xml.Decoder
	feeds []Feed
	seen  int // outlines so far
}

// document reads the root element, which must be <opml>, and the outlines in its <body>.
func (p *parser) document() error {
	for {
		tok, err := p.dec.Token()
		if err == io.EOF {
			return errors.New("the document is empty or has no <opml> element")
		}
		if err != nil {
			return err
		}
		if root, ok := tok.(xml.StartElement); ok {
			if !strings.EqualFold(root.Name.Local, "opml") {
				return fmt.Errorf("the root element is <%s>, not <opml>", root.Name.Local)
			}
			return p.children(func(el xml.StartElement) error {
				if strings.EqualFold(el.Name.Local, "body") {
					return p.outlines("", 0)
				}
				return p.dec.Skip()
			})
		}
	}
}

// children calls fn for each child element of the element just opened, up to
// its end. fn must consume the child it is given, end tag included.
func (p *parser) children(fn func(xml.StartElement) error) error {
	for {
		tok, err := p.dec.Token()
		if err == io.EOF {
			return io.ErrUnexpectedEOF
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := fn(t); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// outlines reads the outlines inside <body> or a folder, whose feeds get category.
func (p *parser) outlines(category string, depth int) error {
	return p.children(func(el xml.StartElement) error {
		if !strings.EqualFold(el.Name.Local, "outline") {
			return p.dec.Skip()
		}
		return p.outline(el, category, depth)
	})
}

// outline reads one outline and everything inside it.
func (p *parser) outline(el xml.StartElement, category string, depth int) error {
	if p.seen++; p.seen > MaxOutlines {
		return fmt.Errorf("%w: more than %d outlines", ErrTooLarge, MaxOutlines)
	}
	if depth >= maxDepth {
		line, _ := p.dec.InputPos()
		return fmt.Errorf("line %d: outlines nested more than %d deep", line, maxDepth)
	}
	a := attrsOf(el)
	title := text(firstNonEmpty(a["title"], a["text"]))
	inner := category
	switch u := a.feedURL(); {
	case u != "":
		if title == u {
			title = ""
		}
		if category == "" {
			category = a.category()
		}
		p.feeds = append(p.feeds, Feed{URL: u, Title: title, SiteURL: strings.TrimSpace(a["htmlurl"]), Category: category})
	case title != "":
		inner = joinPath(category, title)
	}
	return p.outlines(inner, depth+1)
}

// attrs are an outline's attributes by lower-case local name: exporters
// disagree on case (xmlUrl, xmlurl, xmlURL).
type attrs map[string]string

func attrsOf(el xml.StartElement) attrs {
	a := make(attrs, len(el.Attr))
	for _, at := range el.Attr {
		name := strings.ToLower(at.Name.Local)
		if _, seen := a[name]; !seen {
			a[name] = at.Value
		}
	}
	return a
}

// feedURL is xmlUrl, or url on an outline typed rss or atom, or untyped (as
// some OPML 1.0 exporters write it). A url on a link or include outline points
// to a page or another OPML file, not a feed.
func (a attrs) feedURL() string {
	if u := strings.TrimSpace(a["xmlurl"]); u != "" {
		return u
	}
	switch strings.ToLower(strings.TrimSpace(a["type"])) {
	case "", "rss", "atom":
		return strings.TrimSpace(a["url"])
	}
	return ""
}

// category is the first path of a category attribute ("/Tech/Gadgets,/Other"
// gives "Tech/Gadgets").
func (a attrs) category() string {
	c, _, _ := strings.Cut(a["category"], ",")
	return strings.Trim(text(c), "/ ")
}

// text cleans an attribute meant for people: entities escaped twice by the
// exporter ("&amp;eacute;") are decoded, and runs of white space become one space.
func text(s string) string {
	if strings.Contains(s, "&") && strings.Contains(s, ";") {
		s = html.UnescapeString(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

func joinPath(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "/" + name
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
