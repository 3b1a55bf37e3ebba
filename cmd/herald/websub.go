package main

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/config"
	"github.com/heraldnews/herald/internal/fetch"
	"github.com/heraldnews/herald/internal/ingest"
	"github.com/heraldnews/herald/internal/jobs"
	"github.com/heraldnews/herald/internal/websub"
)

// webSubTick is how often WebSub leases are checked for renewal.
const webSubTick = 10 * time.Minute

// newSubscriber builds the WebSub subscriber when cfg.PublicURL is set; it
// returns nil when WebSub is off. Pushed content goes to the pipeline that
// pipe returns (built after the subscriber, which it is given).
func newSubscriber(cfg config.Config, store herald.Store, fetcher *fetch.Client, log *slog.Logger, pipe func() *ingest.Pipeline) (*websub.Subscriber, error) {
	if cfg.PublicURL == "" {
		return nil, nil
	}
	ingestPushed := func(ctx context.Context, sourceID int64, body []byte, contentType string) error {
		_, err := pipe().IngestPushed(ctx, sourceID, body, contentType)
		return err
	}
	sub, err := websub.New(store, fetcher, log, websub.Options{PublicURL: cfg.PublicURL, Ingest: ingestPushed})
	if err != nil {
		return nil, usagef("--public-url: %v", err)
	}
	return sub, nil
}

// webSubOption is what ingest.Options.WebSub gets: sub, or no subscriber at
// all (never an interface holding a nil pointer).
func webSubOption(sub *websub.Subscriber) ingest.WebSub {
	if sub == nil {
		return nil
	}
	return sub
}

// mountWebSub serves the hubs' callbacks at /websub/, outside user
// authentication (the token in the path is the credential), when WebSub is on.
func (a *app) mountWebSub(mux *http.ServeMux) {
	if a.websub != nil {
		mux.Handle("/websub/", a.websub.Handler())
	}
}

// runWebSub renews WebSub leases in the background until ctx is done, or
// says once that WebSub is off.
func (a *app) runWebSub(ctx context.Context) {
	if a.websub == nil {
		a.log.Info("WebSub off: set --public-url (HERALD_PUBLIC_URL) so that hubs can push to Herald")
		return
	}
	a.log.Info("WebSub on", "callbacks", strings.TrimRight(a.cfg.PublicURL, "/")+"/websub/")
	go a.jobs.Every(ctx, jobs.Job{Name: "websub-renewal", Interval: webSubTick, Run: a.websub.RenewLogged})
}
