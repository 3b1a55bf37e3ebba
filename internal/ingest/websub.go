package ingest

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/feed"
)

// WebSub is what the pipeline asks of a WebSub subscriber (internal/websub
// implements it). Set it in Options only when Herald has a public URL that
// hubs can call back.
type WebSub interface {
	// Pushing reports whether a hub delivers sourceID's updates at now, so that
	// polling can drop to the ceiling interval, a safety net; quiet is that
	// ceiling, the longest silence a live subscription may keep.
	Pushing(ctx context.Context, sourceID int64, now time.Time, quiet time.Duration) bool
	// Ensure makes sure source sourceID is subscribed to topic at hub. It
	// returns at once: the work happens in the background and failures are
	// recorded on the subscription, never on the source.
	Ensure(ctx context.Context, sourceID int64, hub, topic string)
}

// IngestPushed stores the stories of a feed document that a WebSub hub pushed
// for source sourceID. The document goes the way of a polled one: parsed
// (relative links resolved against the source's URL), cleaned, understood
// and stored; the source's fetch state is left alone. contentType is the
// request's Content-Type (its charset is used). ENOTFOUND when the source is
// gone, EINVALID when the body is not a feed.
func (p *Pipeline) IngestPushed(ctx context.Context, sourceID int64, body []byte, contentType string) (Stats, error) {
	st := Stats{Sources: 1}
	src, err := p.store.Source(ctx, sourceID)
	if err != nil {
		return st, fmt.Errorf("ingest pushed content: %w", err)
	}
	at := p.now().UTC()
	f, err := feed.Parse(ctx, body, contentType, src.URL, at)
	if err != nil {
		st.Failed = 1
		return st, fmt.Errorf("ingest pushed content for source %d: %w", sourceID, err)
	}
	p.storeItems(ctx, src, f.Items, at, &st)
	if err := ctx.Err(); err != nil {
		return st, fmt.Errorf("ingest pushed content for source %d: %w", sourceID, err)
	}
	return st, nil
}

// pollWait returns how long to wait before polling source sourceID again:
// wait, or at least the ceiling interval while a hub pushes its updates.
func (p *Pipeline) pollWait(ctx context.Context, sourceID int64, wait time.Duration, at time.Time) time.Duration {
	if p.opts.WebSub == nil || !p.opts.WebSub.Pushing(ctx, sourceID, at, p.opts.MaxInterval) {
		return wait
	}
	return max(wait, p.opts.MaxInterval)
}

// ensureSubscribed asks for a WebSub subscription when the feed names a hub.
// The topic is the feed's own URL as it states it, else the URL it came from.
func (p *Pipeline) ensureSubscribed(ctx context.Context, src *herald.Source, f *feed.Feed, fetchedURL string) {
	if p.opts.WebSub == nil || f.HubURL == "" {
		return
	}
	p.opts.WebSub.Ensure(ctx, src.ID, f.HubURL, cmp.Or(f.SelfURL, fetchedURL, src.URL))
}
