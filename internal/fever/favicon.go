package fever

import (
	"bytes"
	"encoding/base64"
	"hash/fnv"
	"image"
	"image/color"
	"image/png"

	"github.com/heraldnews/herald"
)

// iconSize is the side of a generated favicon, in pixels.
const iconSize = 16

// iconPNG returns a small generated icon for a source, base64: a rounded
// square in a colour taken from a hash of its site (or feed) address, so
// that each source keeps its colour. Herald fetches no site icons.
func iconPNG(src *herald.Source) string {
	h := fnv.New32a()
	key := src.SiteURL
	if key == "" {
		key = src.URL
	}
	h.Write([]byte(key))
	sum := h.Sum32()
	fill := hsl(float64(sum%360), 0.55, 0.45)
	img := image.NewNRGBA(image.Rect(0, 0, iconSize, iconSize))
	for y := range iconSize {
		for x := range iconSize {
			corner := (x == 0 || x == iconSize-1) && (y == 0 || y == iconSize-1)
			if !corner {
				img.Set(x, y, fill)
			}
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img) // encoding an in-memory image does not fail
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

// hsl converts a hue (degrees), saturation and lightness to a colour.
func hsl(hue, s, l float64) color.NRGBA {
	c := (1 - abs(2*l-1)) * s
	hp := hue / 60
	x := c * (1 - abs(mod2(hp)-1))
	var r, g, b float64
	switch {
	case hp < 1:
		r, g = c, x
	case hp < 2:
		r, g = x, c
	case hp < 3:
		g, b = c, x
	case hp < 4:
		g, b = x, c
	case hp < 5:
		r, b = x, c
	default:
		r, b = c, x
	}
	m := l - c/2
	return color.NRGBA{R: uint8((r + m) * 255), G: uint8((g + m) * 255), B: uint8((b + m) * 255), A: 255}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// mod2 is f modulo 2 for non-negative f.
func mod2(f float64) float64 { return f - 2*float64(int(f/2)) }
