package greader

import (
	"context"
	"html"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
)

// item is one story as the Google Reader API shows it: the fields of
// FreshRSS's and Miniflux's answers together, so that an app written for
// either finds what it reads.
type item struct {
	ID            string   `json:"id"`
	CrawlTimeMsec string   `json:"crawlTimeMsec"`
	TimestampUsec string   `json:"timestampUsec"`
	Published     int64    `json:"published"`
	Updated       int64    `json:"updated"`
	Title         string   `json:"title"`
	Author        string   `json:"author"`
	Canonical     []href   `json:"canonical"`
	Alternate     []href   `json:"alternate"`
	Categories    []string `json:"categories"`
	Origin        origin   `json:"origin"`
	Summary       content  `json:"summary"`
	Content       content  `json:"content"`
	Enclosure     []media  `json:"enclosure"`
}

type href struct {
	Href string `json:"href"`
	Type string `json:"type,omitempty"`
}

type origin struct {
	StreamID string `json:"streamId"`
	Title    string `json:"title"`
	HTMLURL  string `json:"htmlUrl"`
}

type content struct {
	Direction string `json:"direction"`
	Content   string `json:"content"`
}

type media struct {
	Href string `json:"href"`
	Type string `json:"type"`
}

// maxCoverage caps the other stories of a cluster an item links to.
const maxCoverage = 20

// items builds the items of stories, in their order.
func (s *server) items(ctx context.Context, c *call, stories []*herald.Story) ([]item, error) {
	labels, err := c.view.StoryLabels(ctx, stories)
	if err != nil {
		return nil, err
	}
	coverage, err := s.coverage(ctx, stories)
	if err != nil {
		return nil, err
	}
	out := make([]item, len(stories))
	for i, st := range stories {
		out[i] = s.item(c, st, labels[st.ID], coverage[st.ID])
	}
	return out, nil
}

// item is one story's item.
func (s *server) item(c *call, st *herald.Story, labels []string, more []*herald.Story) item {
	cats := []string{readingList}
	if c.view.IsRead(st) {
		cats = append(cats, stateRead)
	}
	if st.Saved {
		cats = append(cats, stateStar)
	}
	for _, l := range labels {
		cats = append(cats, labelPrefix+l)
	}
	body := st.ContentHTML
	if body == "" {
		body = st.Summary
	}
	body += coverageHTML(more)
	updated := st.UpdatedAt
	if updated.IsZero() {
		updated = st.PublishedAt
	}
	it := item{
		ID:            longID(st.ID),
		CrawlTimeMsec: strconv.FormatInt(crawled(st).UnixMilli(), 10),
		TimestampUsec: strconv.FormatInt(st.PublishedAt.UnixMicro(), 10),
		Published:     st.PublishedAt.Unix(),
		Updated:       updated.Unix(),
		Title:         st.Title,
		Author:        strings.Join(st.Authors, ", "),
		Canonical:     []href{{Href: st.URL}},
		Alternate:     []href{{Href: st.URL, Type: "text/html"}},
		Categories:    cats,
		Origin: origin{StreamID: feedPrefix + strconv.FormatInt(st.SourceID, 10), Title: c.view.Title(st.SourceID),
			HTMLURL: siteURL(c, st.SourceID)},
		Summary:   content{Direction: "ltr", Content: body},
		Content:   content{Direction: "ltr", Content: body},
		Enclosure: []media{},
	}
	if st.ImageURL != "" {
		it.Enclosure = []media{{Href: st.ImageURL, Type: "image/jpeg"}}
	}
	return it
}

// crawled is when Herald first stored a story (its publication time when
// unknown).
func crawled(st *herald.Story) time.Time {
	if st.FetchedAt.IsZero() {
		return st.PublishedAt
	}
	return st.FetchedAt
}

func siteURL(c *call, sourceID int64) string {
	if src := c.view.Sources[sourceID]; src != nil {
		return src.SiteURL
	}
	return ""
}

// coverage returns, for each story of a cluster, the cluster's other
// stories: the collapsed reading list shows a cluster as one item, and the
// item links to the rest of the coverage.
func (s *server) coverage(ctx context.Context, stories []*herald.Story) (map[int64][]*herald.Story, error) {
	var clusters []int64
	for _, st := range stories {
		if st.ClusterID != 0 {
			clusters = append(clusters, st.ClusterID)
		}
	}
	if len(clusters) == 0 {
		return nil, nil
	}
	byCluster, err := s.Store.StoriesOfClusters(ctx, clusters, maxCoverage+1)
	if err != nil {
		return nil, err
	}
	out := map[int64][]*herald.Story{}
	for _, st := range stories {
		for _, o := range byCluster[st.ClusterID] {
			if o.ID != st.ID && len(out[st.ID]) < maxCoverage {
				out[st.ID] = append(out[st.ID], o)
			}
		}
	}
	return out, nil
}

// coverageHTML lists the other stories of a cluster, escaped, or "".
func coverageHTML(more []*herald.Story) string {
	if len(more) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<hr><p>More coverage of this story:</p><ul>`)
	for _, o := range more {
		b.WriteString(`<li><a href="` + html.EscapeString(o.URL) + `">` + html.EscapeString(o.Title) + `</a> — ` +
			html.EscapeString(o.Source.Title) + `</li>`)
	}
	b.WriteString(`</ul>`)
	return b.String()
}
