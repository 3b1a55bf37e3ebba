package feedout

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"time"

	"github.com/heraldnews/herald/internal/storetext"
)

// Atom 1.0 (RFC 4287).

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   atomText    `xml:"title"`
	Sub     *atomText   `xml:"subtitle,omitempty"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Gen     atomGen     `xml:"generator"`
	Entries []atomEntry `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomGen struct {
	URI  string `xml:"uri,attr"`
	Body string `xml:",chardata"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Authors    []atomPerson   `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Content    *atomText      `xml:"content,omitempty"`
}

func encodeAtom(f *feed) ([]byte, error) {
	out := atomFeed{ID: f.SelfURL, Title: atomText{Type: "text", Body: f.Title}, Updated: rfc3339(f.Updated),
		Sub:   &atomText{Type: "text", Body: f.Desc},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: f.SelfURL}, {Rel: "alternate", Type: "text/html", Href: f.HomeURL}},
		Gen:   atomGen{URI: "https://github.com/heraldnews/herald", Body: "Herald"}}
	for _, e := range f.Entries {
		ae := atomEntry{ID: e.ID, Title: atomText{Type: "text", Body: e.Title}, Published: rfc3339(e.Published), Updated: rfc3339(e.Updated),
			Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: e.URL}}}
		if e.Image != "" {
			ae.Links = append(ae.Links, atomLink{Rel: "enclosure", Type: imageType(e.Image), Href: e.Image})
		}
		for _, a := range authors(e) {
			ae.Authors = append(ae.Authors, atomPerson{Name: a})
		}
		for _, t := range e.Topics {
			ae.Categories = append(ae.Categories, atomCategory{Term: t.Slug, Label: t.Name})
		}
		if e.Summary != "" {
			ae.Summary = &atomText{Type: "html", Body: e.Summary}
		}
		if e.Content != "" {
			ae.Content = &atomText{Type: "html", Body: e.Content}
		}
		out.Entries = append(out.Entries, ae)
	}
	return marshalXML(out)
}

// authors are an entry's authors, or its source when it names none (Atom
// requires an author).
func authors(e entry) []string {
	if len(e.Authors) > 0 {
		return e.Authors
	}
	if e.Source != "" {
		return []string{e.Source}
	}
	return []string{"Herald"}
}

// RSS 2.0.

type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	AtomNS  string     `xml:"xmlns:atom,attr"`
	DCNS    string     `xml:"xmlns:dc,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	LastBuildDate string    `xml:"lastBuildDate"`
	Generator     string    `xml:"generator"`
	Self          rssSelf   `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type rssSelf struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Body        string `xml:",chardata"`
}

type rssEnclosure struct {
	URL    string `xml:"url,attr"`
	Type   string `xml:"type,attr"`
	Length string `xml:"length,attr"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	GUID        rssGUID       `xml:"guid"`
	PubDate     string        `xml:"pubDate"`
	Description string        `xml:"description,omitempty"`
	Creators    []string      `xml:"dc:creator"`
	Categories  []string      `xml:"category"`
	Enclosure   *rssEnclosure `xml:"enclosure,omitempty"`
}

func encodeRSS(f *feed) ([]byte, error) {
	out := rss{Version: "2.0", AtomNS: "http://www.w3.org/2005/Atom", DCNS: "http://purl.org/dc/elements/1.1/",
		Channel: rssChannel{Title: f.Title, Link: f.HomeURL, Description: f.Desc, LastBuildDate: rfc1123(f.Updated),
			Generator: "Herald", Self: rssSelf{Href: f.SelfURL, Rel: "self", Type: "application/rss+xml"}}}
	for _, e := range f.Entries {
		it := rssItem{Title: e.Title, Link: e.URL, GUID: rssGUID{IsPermaLink: "false", Body: e.ID}, PubDate: rfc1123(e.Published),
			Description: firstNonEmpty(e.Content, e.Summary), Creators: e.Authors}
		for _, t := range e.Topics {
			it.Categories = append(it.Categories, t.Name)
		}
		if e.Image != "" {
			it.Enclosure = &rssEnclosure{URL: e.Image, Type: imageType(e.Image), Length: "0"}
		}
		out.Channel.Items = append(out.Channel.Items, it)
	}
	return marshalXML(out)
}

// JSON Feed 1.1.

type jsonFeed struct {
	Version     string     `json:"version"`
	Title       string     `json:"title"`
	HomePageURL string     `json:"home_page_url"`
	FeedURL     string     `json:"feed_url"`
	Description string     `json:"description"`
	Items       []jsonItem `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	ContentHTML   string       `json:"content_html"`
	Summary       string       `json:"summary,omitempty"`
	Image         string       `json:"image,omitempty"`
	DatePublished string       `json:"date_published"`
	DateModified  string       `json:"date_modified"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
}

func encodeJSON(f *feed) ([]byte, error) {
	out := jsonFeed{Version: "https://jsonfeed.org/version/1.1", Title: f.Title, HomePageURL: f.HomeURL, FeedURL: f.SelfURL,
		Description: f.Desc, Items: []jsonItem{}}
	for _, e := range f.Entries {
		it := jsonItem{ID: e.ID, URL: e.URL, Title: e.Title, ContentHTML: firstNonEmpty(e.Content, e.Summary),
			Summary: storetext.Plain(e.Summary), Image: e.Image, DatePublished: rfc3339(e.Published), DateModified: rfc3339(e.Updated)}
		for _, a := range e.Authors {
			it.Authors = append(it.Authors, jsonAuthor{Name: a})
		}
		for _, t := range e.Topics {
			it.Tags = append(it.Tags, t.Name)
		}
		out.Items = append(out.Items, it)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(out)
	return buf.Bytes(), err
}

// marshalXML is v as an indented XML document with its declaration.
func marshalXML(v any) ([]byte, error) {
	body, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(body, '\n')...), nil
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func rfc1123(t time.Time) string { return t.UTC().Format(time.RFC1123Z) }

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// imageType guesses an image's media type from its URL.
func imageType(u string) string {
	path := strings.ToLower(u)
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	switch {
	case strings.HasSuffix(path, ".png"):
		return "image/png"
	case strings.HasSuffix(path, ".gif"):
		return "image/gif"
	case strings.HasSuffix(path, ".webp"):
		return "image/webp"
	case strings.HasSuffix(path, ".svg"):
		return "image/svg+xml"
	}
	return "image/jpeg"
}
