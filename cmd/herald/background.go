package main

import (
	"context"
	"time"

	"github.com/heraldnews/herald/internal/jobs"
	"github.com/heraldnews/herald/internal/thumb"
)

// How often serve and demo look for new stories' lead images, and recount
// the topic catalogue.
const (
	imageEvery       = 30 * time.Second
	topicCountsEvery = time.Minute
)

// images is the worker that keeps new stories' lead images as thumbnails.
func (a *app) images() *thumb.Worker {
	return &thumb.Worker{Store: a.store, Fetcher: a.fetcher, Log: a.log}
}

// runImages fetches new stories' lead images in the background, in one
// instance at a time (a named lease), until ctx ends.
func (a *app) runImages(ctx context.Context) {
	w := a.images()
	go a.jobs.Every(ctx, jobs.Job{Name: "lead-images", Interval: imageEvery, Run: func(ctx context.Context) {
		if err := w.Drain(ctx); err != nil && ctx.Err() == nil {
			a.log.WarnContext(ctx, "lead images", "error", err)
		}
	}})
}

// runTopicCounts recounts the topic catalogue in the background, in one
// instance at a time, so that listing it stays fast (see
// herald.CatalogueStore).
func (a *app) runTopicCounts(ctx context.Context) {
	go a.jobs.Every(ctx, jobs.Job{Name: "topic-counts", Interval: topicCountsEvery, Run: func(ctx context.Context) {
		if err := a.store.RefreshTopicCounts(ctx); err != nil && ctx.Err() == nil {
			a.log.WarnContext(ctx, "topic counts", "error", err)
		}
	}})
}
