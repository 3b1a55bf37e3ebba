// Package opml reads and writes OPML 2.0 subscription lists, keeping each feed's
// category (the folder it sits in, or its category attribute).
package opml

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// maxSize caps an OPML document.
const maxSize = 10 << 20

// Feed is one subscription.
type Feed struct {
	URL      string // xmlUrl
	Title    string
	SiteURL  string // htmlUrl
	Category string // the enclosing folder's title, or the category attribute
}

type document struct {
	XMLName xml.Name  `xml:"opml"`
	Version string    `xml:"version,attr"`
	Head    head      `xml:"head"`
	Body    []outline `xml:"body>outline"`
}

type head struct {
	Title       string `xml:"title"`
	DateCreated string `xml:"dateCreated,omitempty"`
}

type outline struct {
	Text     string    `xml:"text,attr"`
	Title    string    `xml:"title,attr,omitempty"`
	Type     string    `xml:"type,attr,omitempty"`
	XMLURL   string    `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string    `xml:"htmlUrl,attr,omitempty"`
	Category string    `xml:"category,attr,omitempty"`
	Children []outline `xml:"outline"`
}

// Parse reads an OPML document and returns its feeds in document order. Outlines
// without an xmlUrl are folders; their title becomes the category of the feeds
// inside. It returns an error for a document that is not OPML.
func Parse(r io.Reader) ([]Feed, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read OPML: %w", err)
	}
	if len(data) > maxSize {
		return nil, fmt.Errorf("read OPML: larger than %d bytes", maxSize)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.CharsetReader = charset.NewReaderLabel
	var doc document
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("parse OPML: %w", err)
	}
	var feeds []Feed
	walk(doc.Body, "", 0, &feeds)
	return feeds, nil
}

// maxDepth bounds folder nesting.
const maxDepth = 32

func walk(outs []outline, category string, depth int, feeds *[]Feed) {
	if depth > maxDepth {
		return
	}
	for _, o := range outs {
		title := strings.TrimSpace(firstNonEmpty(o.Title, o.Text))
		if u := strings.TrimSpace(o.XMLURL); u != "" {
			cat := category
			if c := strings.TrimSpace(o.Category); c != "" && cat == "" {
				cat = strings.Trim(strings.Split(c, ",")[0], "/ ")
			}
			*feeds = append(*feeds, Feed{URL: u, Title: title, SiteURL: strings.TrimSpace(o.HTMLURL), Category: cat})
		}
		child := category
		if o.XMLURL == "" && title != "" {
			child = title
		}
		walk(o.Children, child, depth+1, feeds)
	}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// Write writes feeds as an OPML 2.0 document, one folder per category (feeds
// without a category at the top level), in the order given.
func Write(w io.Writer, title string, feeds []Feed, now time.Time) error {
	doc := document{Version: "2.0", Head: head{Title: title, DateCreated: now.UTC().Format(time.RFC1123Z)}}
	folders := map[string]int{}
	for _, f := range feeds {
		o := outline{Text: f.Title, Title: f.Title, Type: "rss", XMLURL: f.URL, HTMLURL: f.SiteURL}
		if o.Text == "" {
			o.Text = f.URL
		}
		if f.Category == "" {
			doc.Body = append(doc.Body, o)
			continue
		}
		i, ok := folders[f.Category]
		if !ok {
			i = len(doc.Body)
			folders[f.Category] = i
			doc.Body = append(doc.Body, outline{Text: f.Category, Title: f.Category})
		}
		doc.Body[i].Children = append(doc.Body[i].Children, o)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write OPML: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write OPML: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}
