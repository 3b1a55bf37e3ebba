// Package opml reads and writes OPML subscription lists (OPML 1.0 and 2.0),
// keeping each feed's category: the path of folders it sits in, or its
// category attribute.
package opml

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"time"
)

// Limits on what Parse reads.
const (
	MaxSize     = 10 << 20 // bytes in a document
	MaxOutlines = 10_000   // outline elements, folders included
	maxDepth    = 32       // folders within folders
)

// ErrTooLarge is in the chain of Parse's error when a document is longer than
// MaxSize bytes or has more than MaxOutlines outlines.
var ErrTooLarge = errors.New("document too large")

// Feed is one subscription.
type Feed struct {
	URL      string // xmlUrl (or url, on an rss or untyped outline)
	Title    string // "" when the outline has none, or only repeats the URL
	SiteURL  string // htmlUrl
	Category string // the enclosing folders' titles joined by "/", or the category attribute
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
	Children []outline `xml:"outline"`
}

// Write writes feeds as an OPML 2.0 document, one folder per category (feeds
// without a category at the top level), in the order given. A category that
// is a path ("News/Asia") is written as one folder with that title, which
// readers that know only one level of folders keep whole, and Parse reads back
// as the same category.
func Write(w io.Writer, title string, feeds []Feed, now time.Time) error {
	doc := document{Version: "2.0", Head: head{Title: title, DateCreated: now.UTC().Format(time.RFC1123Z)}}
	folders := map[string]int{}
	for _, f := range feeds {
		o := outline{Text: f.Title, Title: f.Title, Type: "rss", XMLURL: f.URL, HTMLURL: f.SiteURL}
		if o.Text == "" {
			o.Text = f.URL // text is required; Parse does not take a bare URL for a title
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
