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
	decoded, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("thumb: %w", err)
	}
	src := flatten(decoded)
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

// flatten draws m on white into an RGBA image (transparent pixels of PNGs and
// GIFs become white, as JPEG has no alpha), the form the scaler is fastest on.
func flatten(m image.Image) *image.RGBA {
	b := m.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	if o, ok := m.(interface{ Opaque() bool }); ok && o.Opaque() {
		draw.Draw(dst, dst.Bounds(), m, b.Min, draw.Src) // JPEGs: the standard library's fast path
		return dst
	}
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(dst, dst.Bounds(), m, b.Min, draw.Over)
	return dst
}

// scale resamples the part r of src into a w×h image by area averaging:
// each destination pixel is the mean of the source pixels it covers (at least
// one), which is what a photograph needs when it shrinks, at a cost of one
// read per source pixel.
func scale(src *image.RGBA, r image.Rectangle, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	r = r.Sub(src.Bounds().Min)
	for y := range h {
		y0, y1 := span(y, h, r.Min.Y, r.Dy())
		for x := range w {
			x0, x1 := span(x, w, r.Min.X, r.Dx())
			var sum [3]int
			for sy := y0; sy < y1; sy++ {
				row := src.Pix[sy*src.Stride+x0*4 : sy*src.Stride+x1*4]
				for i := 0; i < len(row); i += 4 {
					sum[0] += int(row[i])
					sum[1] += int(row[i+1])
					sum[2] += int(row[i+2])
				}
			}
			n := (y1 - y0) * (x1 - x0)
			o := dst.PixOffset(x, y)
			dst.Pix[o], dst.Pix[o+1], dst.Pix[o+2], dst.Pix[o+3] = uint8(sum[0]/n), uint8(sum[1]/n), uint8(sum[2]/n), 255
		}
	}
	return dst
}

// span is the source range [lo, hi) that destination index i of n covers in a
// source run of size starting at from: never empty.
func span(i, n, from, size int) (int, int) {
	lo, hi := from+i*size/n, from+(i+1)*size/n
	return lo, max(hi, lo+1)
}

func encode(m image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: quality}); err != nil {
		return nil, fmt.Errorf("thumb: encode: %w", err)
	}
	return buf.Bytes(), nil
}
