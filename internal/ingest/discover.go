package ingest

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/feed"
	"github.com/heraldnews/herald/internal/fetch"
)

// previewItems is how many stories a preview shows.
const previewItems = 5

// commonFeedPaths are where sites that advertise no feed often keep one,
// tried in order after a page without rel=alternate links.
var commonFeedPaths = []string{"/feed", "/rss", "/feed.xml", "/rss.xml", "/atom.xml", "/index.xml", "/feed.json"}

// Preview resolves what a person typed into a feed and parses it without
// storing anything: a feed address is read as is; a site's page leads to the
// feeds it advertises (rel=alternate links) or, lacking those, to the first
// common path (/feed, /rss.xml …) that serves a feed. EINVALID, in words a
// person understands, when there is no feed there; EUNAVAILABLE when the
// address cannot be fetched.
func (p *Pipeline) Preview(ctx context.Context, raw string) (*herald.FeedPreview, error) {
	u, err := normaliseFeedURL(raw)
	if err != nil {
		return nil, err
	}
	if err := fetch.CheckURL(u, p.opts.AllowNetworks); err != nil {
		return nil, herald.Errorf(herald.EINVALID, "url: %v", err)
	}
	resp, f, err := p.fetchFeed(ctx, u)
	if err == nil {
		return preview(resp.URL, f, nil), nil
	}
	if !errors.Is(err, feed.ErrHTMLPage) {
		return nil, err
	}
	found := feed.DiscoverFeeds(resp.Body, resp.URL)
	candidates := found
	if len(candidates) == 0 {
		candidates = commonPaths(resp.URL)
	}
	for _, c := range candidates {
		if fetch.CheckURL(c, p.opts.AllowNetworks) != nil {
			continue
		}
		if r, f, err := p.fetchFeed(ctx, c); err == nil {
			return preview(r.URL, f, found), nil
		}
	}
	return nil, herald.Errorf(herald.EINVALID,
		"%s is a web page, and Herald found no feed on it: look for an RSS or Atom link on the site and paste that address", u)
}

// fetchFeed fetches and parses u. On ErrHTMLPage the response is returned too,
// for discovery.
func (p *Pipeline) fetchFeed(ctx context.Context, u string) (*fetch.Response, *feed.Feed, error) {
	resp, err := p.fetcher.Get(ctx, fetch.Request{URL: u, Accept: feedAccept})
	if err != nil {
		return nil, nil, herald.Errorf(herald.EUNAVAILABLE, "Herald could not fetch %s: %v", u, err)
	}
	f, err := feed.Parse(ctx, resp.Body, resp.ContentType, resp.URL, p.now())
	if err != nil {
		return resp, nil, fmt.Errorf("%s: %w", u, err)
	}
	return resp, f, nil
}

// commonPaths are the common feed addresses on the site of pageURL.
func commonPaths(pageURL string) []string {
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(commonFeedPaths))
	for _, p := range commonFeedPaths {
		out = append(out, base.ResolveReference(&url.URL{Path: p}).String())
	}
	return out
}

func preview(u string, f *feed.Feed, found []string) *herald.FeedPreview {
	pv := &herald.FeedPreview{URL: u, Title: f.Title, SiteURL: f.SiteURL, Format: f.Format, Found: found}
	for i, it := range f.Items {
		if i == previewItems {
			break
		}
		pv.Items = append(pv.Items, herald.PreviewItem{Title: it.Title, URL: it.URL, PublishedAt: it.PublishedAt})
	}
	return pv
}

// AddDiscovered adds the feed that raw leads to (see Preview): a site's page
// adds the feed it advertises, under that feed's address. When the address
// cannot be fetched now, it is added as typed and its first fetch will say
// what is wrong. EINVALID for a page without a feed, ECONFLICT when the
// source exists.
func (p *Pipeline) AddDiscovered(ctx context.Context, raw string) (*herald.Source, error) {
	pv, err := p.Preview(ctx, raw)
	switch herald.ErrorCode(err) {
	case "":
		return p.ImportSource(ctx, herald.Source{URL: pv.URL, Title: pv.Title, SiteURL: pv.SiteURL})
	case herald.EUNAVAILABLE:
		return p.AddSource(ctx, raw)
	}
	return nil, err
}
