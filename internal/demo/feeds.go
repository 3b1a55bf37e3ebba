package demo

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"time"
)

const (
	language  = "en-GB"
	generator = "Herald demo publisher"
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsRDF     = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsRSS1    = "http://purl.org/rss/1.0/"
	nsMedia   = "http://search.yahoo.com/mrss/"
)

// feedTypes is the media type of each format, as feed links advertise it; the
// feed is served with this type and "; charset=utf-8".
var feedTypes = map[Format]string{
	FormatRSS:        "application/rss+xml",
	FormatRSSSummary: "application/rss+xml",
	FormatAtom:       "application/atom+xml",
	FormatJSON:       "application/feed+json",
	FormatRDF:        "application/rdf+xml",
}

// feedView is what every feed renderer needs: the source, its stories newest
// first and the absolute URLs they are served at.
type feedView struct {
	src     Source
	stories []Story
	base    string // scheme://host, no trailing slash
}

func (v feedView) feedURL() string          { return v.base + v.src.FeedPath() }
func (v feedView) homeURL() string          { return v.base + v.src.HomePath() }
func (v feedView) storyURL(st Story) string { return v.base + st.Path() }
func (v feedView) updated() time.Time       { return v.stories[0].Published }
func (v feedView) sourceID() string         { return tagURI(v.src.Slug) }
func (v feedView) storyID(st Story) string  { return tagURI(st.Source + "/" + st.Slug) }

// tagURI is a stable identifier (RFC 4151) that, unlike a URL, does not change
// with the port the demo happens to listen on.
func tagURI(name string) string { return "tag:herald.example,2026:demo/" + name }

// renderFeed returns the source's feed in its format. The output depends only
// on the content, the start-up time and base, so it is byte-identical across
// requests.
func renderFeed(v feedView) ([]byte, error) {
	var tree any
	switch v.src.Format {
	case FormatRSS, FormatRSSSummary:
		tree = rssFeed(v)
	case FormatAtom:
		tree = atomFeed(v)
	case FormatRDF:
		tree = rdfFeed(v)
	case FormatJSON:
		return encodeJSON(jsonFeed(v))
	default:
		return nil, fmt.Errorf("render feed %s: unknown format %q", v.src.Slug, v.src.Format)
	}
	return encodeXML(tree)
}

func encodeXML(tree any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(tree); err != nil {
		return nil, fmt.Errorf("encode feed: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

func encodeJSON(tree any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(tree); err != nil {
		return nil, fmt.Errorf("encode feed: %w", err)
	}
	return buf.Bytes(), nil
}

// cdata marshals its text as a CDATA section.
type cdata struct {
	Text string `xml:",cdata"`
}

// RSS 2.0.

type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	NSContent string     `xml:"xmlns:content,attr,omitempty"`
	NSDC      string     `xml:"xmlns:dc,attr"`
	NSAtom    string     `xml:"xmlns:atom,attr"`
	NSMedia   string     `xml:"xmlns:media,attr,omitempty"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate"`
	Generator     string    `xml:"generator"`
	Self          atomLink  `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string  `xml:"title"`
	Link        string  `xml:"link"`
	GUID        rssGUID `xml:"guid"`
	PubDate     string  `xml:"pubDate"`
	Creator     string  `xml:"dc:creator"`
	Category    string  `xml:"category"`
	Description string  `xml:"description"`
	Content     *cdata  `xml:"content:encoded,omitempty"`
	Media       *mediaContent
}

// mediaContent is a Media RSS image with its caption and credit.
type mediaContent struct {
	XMLName     xml.Name `xml:"media:content"`
	URL         string   `xml:"url,attr"`
	Medium      string   `xml:"medium,attr"`
	Type        string   `xml:"type,attr"`
	Width       int      `xml:"width,attr"`
	Height      int      `xml:"height,attr"`
	Description string   `xml:"media:description"`
	Credit      string   `xml:"media:credit"`
}

type rssGUID struct {
	IsPermaLink bool   `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

func rssFeed(v feedView) rssDoc {
	full := v.src.Format == FormatRSS
	out := rssDoc{Version: "2.0", NSDC: nsDC, NSAtom: nsAtom, Channel: rssChannel{
		Title:         v.src.Title,
		Link:          v.homeURL(),
		Description:   v.src.Description,
		Language:      language,
		LastBuildDate: v.updated().Format(time.RFC1123Z),
		Generator:     generator,
		Self:          atomLink{Rel: "self", Type: feedTypes[v.src.Format], Href: v.feedURL()},
	}}
	if full {
		out.NSContent, out.NSMedia = nsContent, nsMedia
	}
	for _, st := range v.stories {
		item := rssItem{
			Title:       st.Title,
			Link:        v.storyURL(st),
			GUID:        rssGUID{Value: v.storyID(st)},
			PubDate:     st.Published.Format(time.RFC1123Z),
			Creator:     st.Author,
			Category:    st.Category,
			Description: st.Summary,
		}
		if full {
			item.Content = &cdata{st.HTML}
			item.Media = &mediaContent{URL: v.base + st.ImagePath(), Medium: "image", Type: "image/jpeg", Width: imageWidth,
				Height: imageHeight, Description: st.ImageCaption(), Credit: ImageCredit}
		}
		out.Channel.Items = append(out.Channel.Items, item)
	}
	return out
}

// Atom 1.0.

type atomDoc struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"xml:lang,attr"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID        string       `xml:"id"`
	Title     string       `xml:"title"`
	Links     []atomLink   `xml:"link"` // the article, and its lead image as an enclosure
	Published string       `xml:"published"`
	Updated   string       `xml:"updated"`
	Author    atomPerson   `xml:"author"`
	Category  atomCategory `xml:"category"`
	Summary   atomText     `xml:"summary"`
	Content   atomText     `xml:"content"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

func atomFeed(v feedView) atomDoc {
	out := atomDoc{
		Lang:     language,
		ID:       v.sourceID(),
		Title:    v.src.Title,
		Subtitle: v.src.Description,
		Updated:  v.updated().Format(time.RFC3339),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: v.feedURL()},
			{Rel: "alternate", Type: "text/html", Href: v.homeURL()},
		},
		Generator: generator,
	}
	for _, st := range v.stories {
		published := st.Published.Format(time.RFC3339)
		out.Entries = append(out.Entries, atomEntry{
			ID:    v.storyID(st),
			Title: st.Title,
			Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: v.storyURL(st)},
				{Rel: "enclosure", Type: "image/jpeg", Href: v.base + st.ImagePath()}},
			Published: published,
			Updated:   published,
			Author:    atomPerson{Name: st.Author},
			Category:  atomCategory{Term: st.Category},
			Summary:   atomText{Type: "text", Body: st.Summary},
			Content:   atomText{Type: "html", Body: st.HTML},
		})
	}
	return out
}

// RSS 1.0 (RDF Site Summary) with the Dublin Core and content modules.

type rdfDoc struct {
	XMLName   xml.Name   `xml:"rdf:RDF"`
	NSRDF     string     `xml:"xmlns:rdf,attr"`
	NS        string     `xml:"xmlns,attr"`
	NSDC      string     `xml:"xmlns:dc,attr"`
	NSContent string     `xml:"xmlns:content,attr"`
	Channel   rdfChannel `xml:"channel"`
	Items     []rdfItem  `xml:"item"`
}

type rdfChannel struct {
	About       string   `xml:"rdf:about,attr"`
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	Description string   `xml:"description"`
	Language    string   `xml:"dc:language"`
	Date        string   `xml:"dc:date"`
	Items       []rdfRef `xml:"items>rdf:Seq>rdf:li"`
}

type rdfRef struct {
	Resource string `xml:"rdf:resource,attr"`
}

type rdfItem struct {
	About       string `xml:"rdf:about,attr"`
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	Description string `xml:"description"`
	Creator     string `xml:"dc:creator"`
	Date        string `xml:"dc:date"`
	Subject     string `xml:"dc:subject"`
	Content     cdata  `xml:"content:encoded"`
}

func rdfFeed(v feedView) rdfDoc {
	out := rdfDoc{NSRDF: nsRDF, NS: nsRSS1, NSDC: nsDC, NSContent: nsContent, Channel: rdfChannel{
		About:       v.feedURL(),
		Title:       v.src.Title,
		Link:        v.homeURL(),
		Description: v.src.Description,
		Language:    language,
		Date:        v.updated().Format(time.RFC3339),
	}}
	for _, st := range v.stories {
		u := v.storyURL(st)
		out.Channel.Items = append(out.Channel.Items, rdfRef{Resource: u})
		out.Items = append(out.Items, rdfItem{
			About:       u,
			Title:       st.Title,
			Link:        u,
			Description: st.Summary,
			Creator:     st.Author,
			Date:        st.Published.Format(time.RFC3339),
			Subject:     st.Category,
			Content:     cdata{figureHTML(v.base, st) + st.HTML},
		})
	}
	return out
}

// JSON Feed 1.1.

type jsonDoc struct {
	Version     string     `json:"version"`
	Title       string     `json:"title"`
	HomePageURL string     `json:"home_page_url"`
	FeedURL     string     `json:"feed_url"`
	Description string     `json:"description"`
	Language    string     `json:"language"`
	Items       []jsonItem `json:"items"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	Summary       string       `json:"summary"`
	ContentHTML   string       `json:"content_html"`
	DatePublished string       `json:"date_published"`
	Authors       []jsonAuthor `json:"authors"`
	Tags          []string     `json:"tags"`
	Image         string       `json:"image"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

func jsonFeed(v feedView) jsonDoc {
	out := jsonDoc{
		Version:     "https://jsonfeed.org/version/1.1",
		Title:       v.src.Title,
		HomePageURL: v.homeURL(),
		FeedURL:     v.feedURL(),
		Description: v.src.Description,
		Language:    language,
	}
	for _, st := range v.stories {
		out.Items = append(out.Items, jsonItem{
			ID:            v.storyID(st),
			URL:           v.storyURL(st),
			Title:         st.Title,
			Summary:       st.Summary,
			ContentHTML:   st.HTML,
			DatePublished: st.Published.Format(time.RFC3339),
			Authors:       []jsonAuthor{{Name: st.Author}},
			Tags:          []string{st.Category},
			Image:         v.base + st.ImagePath(),
		})
	}
	return out
}
