package ingest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/feed"
	"github.com/heraldnews/herald/internal/fetch"
)

// feedAccept is the Accept header sent for feeds.
const feedAccept = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"

// AddSource checks a feed URL, stores it as a source due now, and wakes the
// scheduler. It returns EINVALID for a URL that Herald will not fetch and
// ECONFLICT when the source exists.
func (p *Pipeline) AddSource(ctx context.Context, rawURL string) (*herald.Source, error) {
	return p.ImportSource(ctx, herald.Source{URL: rawURL})
}

// ImportSource is AddSource for a source that comes with a title, site and
// category (from OPML). The URL is checked and normalised; the source is due now.
func (p *Pipeline) ImportSource(ctx context.Context, src herald.Source) (*herald.Source, error) {
	u, err := normaliseFeedURL(src.URL)
	if err != nil {
		return nil, err
	}
	if err := fetch.CheckURL(u, p.opts.AllowNetworks); err != nil {
		return nil, herald.Errorf(herald.EINVALID, "url: %v", err)
	}
	src.URL = u
	if src.FullText == "" {
		src.FullText = herald.FullTextAuto
	}
	src.NextFetchAt = p.now().UTC()
	if err := p.store.CreateSource(ctx, &src); err != nil {
		return nil, fmt.Errorf("add source %s: %w", u, err)
	}
	p.Kick()
	return &src, nil
}

// maxFeedURL caps a feed URL (browsers and servers balk well before this).
const maxFeedURL = 2048

// normaliseFeedURL trims a user-typed URL and adds https:// when no scheme is given.
func normaliseFeedURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", herald.Errorf(herald.EINVALID, "url: required")
	}
	if len(raw) > maxFeedURL {
		return "", herald.Errorf(herald.EINVALID, "url: longer than %d bytes", maxFeedURL)
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", herald.Errorf(herald.EINVALID, "url: %q is not a valid URL", raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", herald.Errorf(herald.EINVALID, "url: only http and https feeds can be fetched, not %s", u.Scheme)
	}
	u.Fragment = ""
	return u.String(), nil
}

// RefreshSource fetches one source now, stores its new and changed stories and
// records the outcome on the source. The returned error is the one recorded.
func (p *Pipeline) RefreshSource(ctx context.Context, src *herald.Source) (Stats, error) {
	st := Stats{Sources: 1}
	started := p.now().UTC()
	obs := p.opts.Observer
	resp, err := p.fetcher.Get(ctx, fetch.Request{URL: src.URL, ETag: src.ETag, LastModified: src.LastModified, Accept: feedAccept})
	obs.Stage("fetch", time.Since(started))
	if err != nil {
		obs.Fetched("error")
		st.Failed = 1
		p.recordFailure(ctx, src, err, retryAfter(err))
		return st, fmt.Errorf("refresh source %d: %w", src.ID, err)
	}
	if resp.NotModified {
		obs.Fetched("not_modified")
		st.NotModified = 1
		p.recordSuccess(ctx, src, resp, nil, started)
		return st, nil
	}
	parsing := time.Now()
	f, err := feed.Parse(ctx, resp.Body, resp.ContentType, resp.URL, started)
	obs.Stage("parse", time.Since(parsing))
	if err != nil {
		obs.Fetched("parse_error")
		st.Failed = 1
		p.recordFailure(ctx, src, err, 0)
		return st, fmt.Errorf("refresh source %d: %w", src.ID, err)
	}
	obs.Fetched("ok")
	p.storeItems(ctx, src, f.Items, started, &st)
	p.recordSuccess(ctx, src, resp, f, started)
	return st, nil
}

// retryAfter returns the delay a server asked for, if err carries one.
func retryAfter(err error) time.Duration {
	var he *fetch.HTTPError
	if errors.As(err, &he) {
		return he.RetryAfter
	}
	return 0
}

func (p *Pipeline) recordSuccess(ctx context.Context, src *herald.Source, resp *fetch.Response, f *feed.Feed, at time.Time) {
	interval := src.Interval
	r := herald.FetchResult{SourceID: src.ID, ETag: resp.ETag, LastModified: resp.LastModified, FetchedAt: at, By: p.opts.Instance}
	if resp.PermanentRedirect && resp.URL != src.URL && len(resp.URL) <= maxFeedURL {
		// Only a redirect that was permanent at every hop moves the feed; the final
		// hop has passed the private-network guard, so the URL is safe to keep.
		r.URL = resp.URL
		p.log.InfoContext(ctx, "source moved", "source_id", src.ID, "from", src.URL, "to", resp.URL)
	}
	lo, hi := p.bounds(src)
	if f != nil {
		interval = nextInterval(f.Items, at, lo, hi)
		r.Title, r.SiteURL = f.Title, f.SiteURL
		p.ensureSubscribed(ctx, src, f, resp.URL)
	}
	interval = min(max(interval, lo), hi)
	r.Interval = interval
	r.NextFetchAt = at.Add(p.pollWait(ctx, src.ID, max(interval, resp.RetryAfter), at))
	if err := p.store.RecordFetch(ctx, r); err != nil {
		p.log.ErrorContext(ctx, "record fetch", "source_id", src.ID, "error", err)
	}
}

func (p *Pipeline) recordFailure(ctx context.Context, src *herald.Source, cause error, after time.Duration) {
	at := p.now().UTC()
	delay := max(fetch.Backoff(src.ErrorCount+1, p.opts.MinInterval, 24*time.Hour), after)
	r := herald.FetchResult{
		SourceID: src.ID, ETag: src.ETag, LastModified: src.LastModified, FetchedAt: at,
		NextFetchAt: at.Add(delay), Interval: src.Interval, Err: cause.Error(), By: p.opts.Instance,
	}
	if err := p.store.RecordFetch(ctx, r); err != nil {
		p.log.ErrorContext(ctx, "record fetch failure", "source_id", src.ID, "error", err)
	}
}

// bounds are the shortest and longest polling intervals of src: its own
// (SourceSettings) where it has them, else the pipeline's.
func (p *Pipeline) bounds(src *herald.Source) (lo, hi time.Duration) {
	lo, hi = p.opts.MinInterval, p.opts.MaxInterval
	if src.MinInterval > 0 {
		lo = src.MinInterval
	}
	if src.MaxInterval > 0 {
		hi = src.MaxInterval
	}
	return lo, max(lo, hi)
}

// nextInterval follows how often a feed publishes: the mean gap between its
// newest items, clamped to [lo, hi]. A feed with fewer than two dated items
// is polled at hi/4 (but not below lo).
func nextInterval(items []feed.Item, now time.Time, lo, hi time.Duration) time.Duration {
	var newest, oldest time.Time
	n := 0
	for _, it := range items {
		t := it.PublishedAt
		if t.IsZero() || t.After(now) {
			continue
		}
		if newest.IsZero() || t.After(newest) {
			newest = t
		}
		if oldest.IsZero() || t.Before(oldest) {
			oldest = t
		}
		n++
	}
	if n < 2 {
		return max(lo, hi/4)
	}
	gap := newest.Sub(oldest) / time.Duration(n-1)
	// A feed that has been quiet for longer than its usual gap is polled less often.
	if quiet := now.Sub(newest); quiet > gap {
		gap = (gap + quiet) / 2
	}
	return min(max(gap, lo), hi)
}
