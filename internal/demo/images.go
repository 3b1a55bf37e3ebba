package demo

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"net/http"
	"sync"
)

// Every demo story has a lead image, drawn from the story's slug and
// category: a sky, a far and a near horizon and a sun, in colours of its
// section, so that the demo shows thumbnails and lead images without any
// file or network. Each feed format carries it its own way (see imageRef),
// so that Herald's every image path is exercised.
const (
	imageWidth  = 640
	imageHeight = 360
)

// ImagePath is the path of a story's lead image, "/<source>/<slug>/image.jpg".
func (s Story) ImagePath() string { return s.Path() + "/image.jpg" }

// ImageCaption describes a story's lead image.
func (s Story) ImageCaption() string {
	return "An illustration for this story, drawn by the demo publisher."
}

// ImageCredit credits a story's lead image.
const ImageCredit = "Illustration: Herald demo"

// palettes are a section's colours: sky top, sky bottom, far land, near land, sun.
var palettes = map[string][5]color.RGBA{
	"Weather":    {{52, 73, 94, 255}, {149, 165, 166, 255}, {44, 62, 80, 255}, {22, 160, 133, 255}, {236, 240, 241, 255}},
	"Economy":    {{26, 82, 118, 255}, {133, 193, 233, 255}, {40, 55, 71, 255}, {93, 109, 126, 255}, {244, 208, 63, 255}},
	"Sport":      {{39, 174, 96, 255}, {171, 235, 198, 255}, {30, 132, 73, 255}, {20, 90, 50, 255}, {255, 255, 255, 255}},
	"Politics":   {{91, 44, 111, 255}, {215, 189, 226, 255}, {74, 35, 90, 255}, {120, 40, 31, 255}, {245, 176, 65, 255}},
	"Technology": {{21, 67, 96, 255}, {93, 173, 226, 255}, {27, 38, 49, 255}, {17, 122, 101, 255}, {171, 235, 198, 255}},
}

var defaultPalette = [5]color.RGBA{{31, 97, 141, 255}, {174, 214, 241, 255}, {36, 113, 163, 255}, {20, 90, 50, 255}, {248, 196, 113, 255}}

// drawStory draws the story's image.
func drawStory(st Story) *image.RGBA {
	h := fnv.New64a()
	h.Write([]byte(st.Source + "/" + st.Slug))
	seed := h.Sum64()
	pal, ok := palettes[st.Category]
	if !ok {
		pal = defaultPalette
	}
	f := func(shift uint) float64 { return float64((seed>>shift)&0xff) / 255 }
	far, near := 0.45+0.15*f(0), 0.65+0.15*f(8)
	sunX, sunY, sunR := 0.15+0.7*f(16), 0.15+0.2*f(24), 0.05+0.05*f(32)
	m := image.NewRGBA(image.Rect(0, 0, imageWidth, imageHeight))
	for y := range imageHeight {
		fy := float64(y) / imageHeight
		for x := range imageWidth {
			fx := float64(x) / imageWidth
			c := mix(pal[0], pal[1], fy/far)
			if d := math.Hypot((fx-sunX)*16/9, fy-sunY); d < sunR {
				c = pal[4]
			}
			if fy > far+0.06*math.Sin(fx*6.3+f(40)*6) {
				c = mix(pal[2], pal[3], (fy-far)*2)
			}
			if fy > near+0.05*math.Sin(fx*9.1+f(48)*6) {
				c = mix(pal[3], color.RGBA{0, 0, 0, 255}, (fy-near)*0.8)
			}
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

// mix blends a into b by t in [0,1].
func mix(a, b color.RGBA, t float64) color.RGBA {
	t = math.Max(0, math.Min(1, t))
	l := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*t) }
	return color.RGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), 255}
}

// imageCache keeps each story's encoded image, drawn on first request.
type imageCache struct{ m sync.Map }

func (c *imageCache) get(st Story) ([]byte, error) {
	if b, ok := c.m.Load(st.Path()); ok {
		return b.([]byte), nil
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, drawStory(st), &jpeg.Options{Quality: 82}); err != nil {
		return nil, fmt.Errorf("draw %s: %w", st.Path(), err)
	}
	c.m.Store(st.Path(), buf.Bytes())
	return buf.Bytes(), nil
}

// image serves a story's lead image.
func (p *Publisher) image(r *http.Request) (response, error) {
	st, ok := p.story(r.PathValue("source"), r.PathValue("slug"))
	if !ok {
		return response{}, errNotFound
	}
	b, err := p.images.get(st)
	if err != nil {
		return response{}, errors.Join(err)
	}
	return response{body: b, contentType: "image/jpeg", modTime: st.Published}, nil
}

// figureHTML is the lead image as the RSS 1.0 feed's content carries it.
func figureHTML(base string, st Story) string {
	return fmt.Sprintf(`<figure><img src="%s%s" alt="" width="%d" height="%d"><figcaption>%s</figcaption></figure>`,
		base, st.ImagePath(), imageWidth, imageHeight, st.ImageCaption())
}
