package demo

import (
	"html/template"
	"net/http"
	"time"
)

// sourceLinks are the absolute URLs and labels of one source, as the pages show them.
type sourceLinks struct {
	Source     Source
	HomeURL    string
	FeedURL    string
	FeedType   string
	Label      string
	StoryCount int
}

func (p *Publisher) links(s Source, base string) sourceLinks {
	return sourceLinks{
		Source:     s,
		HomeURL:    base + s.HomePath(),
		FeedURL:    base + s.FeedPath(),
		FeedType:   feedTypes[s.Format],
		Label:      formatLabels[s.Format],
		StoryCount: len(p.bySource[s.Slug]),
	}
}

// indexPage is the data of templates/index.html.
type indexPage struct {
	Sources    []sourceLinks
	StoryCount int
	Updated    time.Time
}

func (p *Publisher) index(r *http.Request) (response, error) {
	base := requestBase(r)
	page := indexPage{StoryCount: len(p.stories), Updated: p.stories[0].Published}
	for _, s := range p.sources {
		page.Sources = append(page.Sources, p.links(s, base))
	}
	return p.execute("index.html", page, page.Updated)
}

// storyLink is a story with the absolute URL of its article page.
type storyLink struct {
	Story Story
	URL   string
}

// sourcePage is the data of templates/source.html.
type sourcePage struct {
	sourceLinks
	Stories []storyLink
}

func (p *Publisher) sourcePage(r *http.Request) (response, error) {
	s, err := p.source(r.PathValue("source"))
	if err != nil {
		return response{}, err
	}
	base := requestBase(r)
	page := sourcePage{sourceLinks: p.links(s, base)}
	for _, st := range p.bySource[s.Slug] {
		page.Stories = append(page.Stories, storyLink{Story: st, URL: base + st.Path()})
	}
	return p.execute("source.html", page, page.Stories[0].Story.Published)
}

// articlePage is the data of templates/article.html.
type articlePage struct {
	sourceLinks
	Story      Story
	URL        string
	ImageURL   string // the story's lead image (og:image)
	Body       template.HTML
	LinkedData linkedData
}

// linkedData is the schema.org NewsArticle embedded as JSON-LD.
type linkedData struct {
	Context          string   `json:"@context"`
	Type             string   `json:"@type"`
	Headline         string   `json:"headline"`
	Description      string   `json:"description"`
	DatePublished    string   `json:"datePublished"`
	DateModified     string   `json:"dateModified"`
	ArticleSection   string   `json:"articleSection"`
	MainEntityOfPage string   `json:"mainEntityOfPage"`
	Author           []ldName `json:"author"`
	Publisher        ldName   `json:"publisher"`
}

type ldName struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

func (p *Publisher) article(r *http.Request) (response, error) {
	s, err := p.source(r.PathValue("source"))
	if err != nil {
		return response{}, err
	}
	st, ok := p.story(s.Slug, r.PathValue("slug"))
	if !ok {
		return response{}, errNotFound
	}
	base := requestBase(r)
	page := articlePage{
		sourceLinks: p.links(s, base),
		Story:       st,
		URL:         base + st.Path(),
		ImageURL:    base + st.ImagePath(),
		Body:        template.HTML(st.HTML), // built by blocksHTML from escaped text
	}
	page.LinkedData = newsArticle(page)
	return p.execute("article.html", page, st.Published)
}

func (p *Publisher) story(source, slug string) (Story, bool) {
	for _, st := range p.bySource[source] {
		if st.Slug == slug {
			return st, true
		}
	}
	return Story{}, false
}

func newsArticle(page articlePage) linkedData {
	published := page.Story.Published.Format(time.RFC3339)
	return linkedData{
		Context:          "https://schema.org",
		Type:             "NewsArticle",
		Headline:         page.Story.Title,
		Description:      page.Story.Summary,
		DatePublished:    published,
		DateModified:     published,
		ArticleSection:   page.Story.Category,
		MainEntityOfPage: page.URL,
		Author:           []ldName{{Type: "Person", Name: page.Story.Author}},
		Publisher:        ldName{Type: "Organization", Name: page.Source.Title},
	}
}
