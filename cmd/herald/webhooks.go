package main

import (
	"context"
	"time"

	"github.com/heraldnews/herald/internal/jobs"
	"github.com/heraldnews/herald/internal/webhook"
)

// webhookEvery is how often new stories are matched against webhooks and
// due deliveries are sent.
const webhookEvery = 15 * time.Second

// runWebhooks delivers webhooks in the background until ctx ends, in one
// instance at a time (the "webhooks" lease), through the guarded fetcher.
func (a *app) runWebhooks(ctx context.Context) {
	d := &webhook.Dispatcher{Store: a.store, Client: a.fetcher, Log: a.log}
	go a.jobs.Every(ctx, jobs.Job{Name: "webhooks", Interval: webhookEvery, Run: func(ctx context.Context) {
		queued, sent, err := d.Step(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			a.log.WarnContext(ctx, "webhook step failed", "error", err)
		case queued+sent > 0:
			a.log.InfoContext(ctx, "webhooks", "queued", queued, "sent", sent)
		}
	}})
}
