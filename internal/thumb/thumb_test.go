package thumb

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/fetch"
	"github.com/heraldnews/herald/internal/store"
)

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, color.NRGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestMake(t *testing.T) {
	tests := []struct {
		name       string
		w, h       int
		wantW      int
		wantH      int
		wantErr    bool
		wantTooBig bool
	}{
		{"wide is scaled to the lead width", 1920, 1080, LeadWidth, 540, false, false},
		{"small stays its size", 400, 300, 400, 300, false, false},
		{"tall", 600, 1200, 600, 1200, false, false},
		{"icon refused", 16, 16, 0, 0, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := Make(pngOf(t, tt.w, tt.h))
			if (err != nil) != tt.wantErr {
				t.Fatalf("Make: %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if img.Width != tt.wantW || img.Height != tt.wantH {
				t.Errorf("lead %dx%d, want %dx%d", img.Width, img.Height, tt.wantW, tt.wantH)
			}
			for name, b := range map[string][]byte{"lead": img.Lead, "thumb": img.Thumb} {
				cfg, err := jpeg.DecodeConfig(bytes.NewReader(b))
				if err != nil {
					t.Fatalf("%s is not a JPEG: %v", name, err)
				}
				if name == "thumb" && (cfg.Width != ThumbSize || cfg.Height != ThumbSize) {
					t.Errorf("thumb %dx%d, want %d square", cfg.Width, cfg.Height, ThumbSize)
				}
				if name == "lead" && (cfg.Width != tt.wantW || cfg.Height != tt.wantH) {
					t.Errorf("lead decodes as %dx%d", cfg.Width, cfg.Height)
				}
			}
		})
	}
	if _, err := Make([]byte("<html>not an image</html>")); err == nil {
		t.Error("Make(HTML) succeeded")
	}
}

func TestMakeRefusesHugeImagesBeforeDecoding(t *testing.T) {
	// A PNG header claiming 100000x100000 pixels, with no pixel data.
	var buf bytes.Buffer
	m := image.NewGray(image.Rect(0, 0, 1, 1))
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	// IHDR width and height are bytes 16..23.
	copy(b[16:], []byte{0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0})
	if _, err := Make(b); err == nil {
		t.Fatal("Make accepted a 10-gigapixel image")
	}
}

func TestWorkerRound(t *testing.T) {
	ctx := context.Background()
	pic := pngOf(t, 800, 400)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write(pic)
		case "/page":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html></html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	src := &herald.Source{URL: srv.URL + "/feed", Title: "S"}
	if err := db.CreateSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, p := range []string{"/ok.png", "/missing.png", "/page"} {
		st := &herald.Story{SourceID: src.ID, ExternalID: p, URL: srv.URL + "/story" + p, Title: p,
			ImageURL: srv.URL + p, PublishedAt: time.Now().Add(-time.Hour)}
		if _, err := db.UpsertStory(ctx, st); err != nil {
			t.Fatal(err)
		}
		ids[p] = st.ID
	}
	allow, _ := fetch.ParseNetworks("127.0.0.0/8")
	w := &Worker{Store: db, Fetcher: fetch.New(fetch.Options{AllowNetworks: allow})}
	if err := w.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	img, err := db.StoryImage(ctx, ids["/ok.png"], herald.ImageThumb)
	if err != nil || len(img.Thumb) == 0 || img.Width != 800 || img.Height != 400 {
		t.Fatalf("kept image = %+v, %v", img, err)
	}
	for _, p := range []string{"/missing.png", "/page"} {
		if _, err := db.StoryImage(ctx, ids[p], herald.ImageLead); !herald.IsNotFound(err) {
			t.Errorf("%s: image kept or wrong error: %v", p, err)
		}
	}
	if jobs, _ := db.PendingImages(ctx, 10); len(jobs) != 0 {
		t.Errorf("failures are tried again: %+v", jobs)
	}
}
