package demo

import (
	"bytes"
	"context"
	"image/jpeg"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/heraldnews/herald/internal/extract"
	"github.com/heraldnews/herald/internal/feed"
)

func TestEveryStoryHasALeadImage(t *testing.T) {
	p, err := New(testNow)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p.Handler())
	defer srv.Close()
	get := func(u string) ([]byte, string) {
		t.Helper()
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", u, resp.StatusCode)
		}
		return b, resp.Header.Get("Content-Type")
	}
	for _, src := range p.Sources() {
		t.Run(src.Slug, func(t *testing.T) {
			body, ct := get(srv.URL + src.FeedPath())
			f, err := feed.Parse(context.Background(), body, ct, srv.URL+src.FeedPath(), testNow)
			if err != nil {
				t.Fatal(err)
			}
			for i, it := range f.Items {
				img := it.ImageURL
				if src.Format == FormatRSSSummary { // only the article page names it (og:image), for full-text fetches
					page, _ := get(it.URL)
					art, err := extract.ExtractArticle(page, it.URL)
					if err != nil {
						t.Fatal(err)
					}
					img = art.ImageURL
				}
				if !strings.HasSuffix(img, "/image.jpg") {
					t.Fatalf("item %d (%s): lead image %q", i, src.Format, img)
				}
				if i > 0 {
					continue
				}
				data, ct := get(img)
				cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
				if err != nil || ct != "image/jpeg" || cfg.Width != imageWidth || cfg.Height != imageHeight {
					t.Errorf("%s: %s %dx%d, %v", img, ct, cfg.Width, cfg.Height, err)
				}
			}
		})
	}
}

func TestImagesDifferByStory(t *testing.T) {
	p, err := New(testNow)
	if err != nil {
		t.Fatal(err)
	}
	st := p.Stories()
	a, _ := p.images.get(st[0])
	b, _ := p.images.get(st[1])
	again, _ := p.images.get(st[0])
	if bytes.Equal(a, b) || !bytes.Equal(a, again) {
		t.Error("images are not one per story, or not stable")
	}
}
