package thumb

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/fetch"
)

// Batch is how many stories one round takes.
const Batch = 32

// Worker fetches the lead images of new stories through the guarded fetcher
// and stores them, made small, with the story.
type Worker struct {
	Store   herald.ImageStore
	Fetcher *fetch.Client
	Log     *slog.Logger
}

// Round fetches the images of up to Batch pending stories and stores each one,
// or why it failed, and returns how many it stored. It stops early when ctx
// ends; only the store failing is an error.
func (w *Worker) Round(ctx context.Context) (int, error) {
	jobs, err := w.Store.PendingImages(ctx, Batch)
	if err != nil {
		return 0, fmt.Errorf("image round: %w", err)
	}
	done := 0
	for _, j := range jobs {
		if ctx.Err() != nil {
			break
		}
		img := w.one(ctx, j)
		if err := w.Store.SaveImage(ctx, img); err != nil && !herald.IsNotFound(err) {
			return done, fmt.Errorf("image round: %w", err)
		}
		done++
	}
	return done, nil
}

// Drain runs rounds until nothing is pending, ctx ends or a round fails.
func (w *Worker) Drain(ctx context.Context) error {
	for ctx.Err() == nil {
		n, err := w.Round(ctx)
		if err != nil || n == 0 {
			return err
		}
	}
	return nil
}

// one fetches and makes one story's image; a failure is kept in Err.
func (w *Worker) one(ctx context.Context, j herald.ImageJob) herald.StoryImage {
	out := herald.StoryImage{StoryID: j.StoryID, SourceURL: j.ImageURL}
	req := fetch.Request{URL: j.ImageURL, Accept: "image/avif,image/webp,image/jpeg,image/png,image/gif;q=0.9,*/*;q=0.1"}
	resp, err := w.Fetcher.Get(ctx, req)
	if err == nil && !strings.HasPrefix(resp.ContentType, "image/") && resp.ContentType != "" {
		err = fmt.Errorf("not an image: %s", resp.ContentType)
	}
	var img *Image
	if err == nil {
		img, err = Make(resp.Body)
	}
	if err != nil {
		out.Err = err.Error()
		if w.Log != nil {
			w.Log.DebugContext(ctx, "lead image not kept", "story_id", j.StoryID, "url", j.ImageURL, "error", err)
		}
		return out
	}
	out.Lead, out.Thumb, out.Width, out.Height = img.Lead, img.Thumb, img.Width, img.Height
	return out
}
