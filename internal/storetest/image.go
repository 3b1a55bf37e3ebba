package storetest

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

var imageTests = []namedTest{
	{"PendingSaveServe", testImages},
}

func testImages(t *testing.T, s herald.Store) {
	ctx := t.Context()
	src := newSource(t, s, "https://a.example/feed", "A")
	a, b, c := newStory(src.ID, "a", t0), newStory(src.ID, "b", t0), newStory(src.ID, "c", t0)
	a.ImageURL, c.ImageURL = "https://img.example/a.jpg", "https://img.example/c.jpg"
	c.EmbargoUntil = time.Now().Add(time.Hour)
	for _, st := range []*herald.Story{a, b, c} {
		upsert(t, s, st)
	}
	jobs, err := s.PendingImages(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "pending", []herald.ImageJob{{StoryID: a.ID, ImageURL: a.ImageURL, PageURL: a.URL},
		{StoryID: c.ID, ImageURL: c.ImageURL, PageURL: c.URL}}, jobs)
	img := herald.StoryImage{StoryID: a.ID, SourceURL: a.ImageURL, Width: 640, Height: 360, Lead: []byte("lead"), Thumb: []byte("thumb")}
	wantCode(t, s.SaveImage(ctx, img), "")
	wantCode(t, s.SaveImage(ctx, herald.StoryImage{StoryID: c.ID, SourceURL: c.ImageURL, Err: "404"}), "")
	wantCode(t, s.SaveImage(ctx, herald.StoryImage{StoryID: 1 << 40, SourceURL: "x"}), herald.ENOTFOUND)
	if jobs, _ := s.PendingImages(ctx, 10); len(jobs) != 0 {
		t.Errorf("still pending after both were done: %+v", jobs)
	}
	got, err := s.StoryImage(ctx, a.ID, herald.ImageThumb)
	if err != nil || string(got.Thumb) != "thumb" || got.Width != 640 || got.Height != 360 {
		t.Fatalf("thumb = %+v, %v", got, err)
	}
	got, err = s.StoryImage(ctx, a.ID, herald.ImageLead)
	if err != nil || string(got.Lead) != "lead" {
		t.Fatalf("lead = %+v, %v", got, err)
	}
	_, err = s.StoryImage(ctx, b.ID, herald.ImageLead)
	wantCode(t, err, herald.ENOTFOUND)
	_, err = s.StoryImage(ctx, c.ID, herald.ImageLead)
	wantCode(t, err, herald.ENOTFOUND)
	sizes, err := s.ImageSizes(ctx, []int64{a.ID, b.ID, c.ID})
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "sizes", map[int64][2]int{a.ID: {640, 360}}, sizes)
}
