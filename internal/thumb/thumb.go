// Package thumb turns a story's lead image into what Herald keeps of it: a
// JPEG at most LeadWidth pixels wide for the story page and a square
// ThumbSize crop for cards, both small enough to live in the database, so
// that readers' browsers load images from Herald and never from publishers.
package thumb

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/gif" // decoders for image.Decode
	"image/jpeg"
	_ "image/png"

	xdraw "golang.org/x/image/draw"
	_ "golang.org/x/image/webp"
)

// Sizes of the kept variants, in pixels.
const (
	LeadWidth = 960
	ThumbSize = 208 // cards show it at 104 CSS pixels: sharp on 2x screens
	// MaxPixels refuses images whose decoding would take too much memory.
	MaxPixels = 40_000_000
	quality   = 80
)

// ErrTooLarge is an image with more than MaxPixels pixels.
var ErrTooLarge = errors.New("image too large")

// Image is a made lead image and thumbnail.
type Image struct {
	Lead          []byte // JPEG
	Width, Height int    // of Lead
	Thumb         []byte // JPEG, ThumbSize square
}

// Make decodes a JPEG, PNG, GIF or WebP image and makes its two variants. It
// refuses images over MaxPixels before decoding them, and tiny ones (under 32
// pixels a side: tracking pixels and icons).
func Make(data []byte) (*Image, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("thumb: %w", err)
	}
	if cfg.Width*cfg.Height > MaxPixels {
		return nil, fmt.Errorf("thumb: %dx%d: %w", cfg.Width, cfg.Height, ErrTooLarge)
	}
	if cfg.Width < 32 || cfg.Height < 32 {
		return nil, fmt.Errorf("thumb: %dx%d is an icon, not a picture", cfg.Width, cfg.Height)
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("thumb: %w", err)
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > LeadWidth {
		w, h = LeadWidth, max(1, h*LeadWidth/b.Dx())
	}
	lead, err := encode(scale(src, b, w, h))
	if err != nil {
		return nil, err
	}
	thumb, err := encode(scale(src, square(b), ThumbSize, ThumbSize))
	if err != nil {
		return nil, err
	}
	return &Image{Lead: lead, Width: w, Height: h, Thumb: thumb}, nil
}

// square is the centred square of b.
func square(b image.Rectangle) image.Rectangle {
	side := min(b.Dx(), b.Dy())
	x, y := b.Min.X+(b.Dx()-side)/2, b.Min.Y+(b.Dy()-side)/2
	return image.Rect(x, y, x+side, y+side)
}

// scale draws the part r of src into a w×h image on white (transparent
// pixels of PNGs and GIFs become white, as JPEG has no alpha).
func scale(src image.Image, r image.Rectangle, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), src, r, draw.Over, nil)
	return dst
}

func encode(m image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: quality}); err != nil {
		return nil, fmt.Errorf("thumb: encode: %w", err)
	}
	return buf.Bytes(), nil
}
