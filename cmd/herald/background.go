package main

import (
	"context"
	"time"

	"github.com/heraldnews/herald/internal/jobs"
	"github.com/heraldnews/herald/internal/thumb"
)

// imageEvery is how often serve and demo look for new stories' lead images.
const imageEvery = 30 * time.Second

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
