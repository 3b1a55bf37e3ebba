package feed

import (
	"path"
	"strings"

	"github.com/heraldnews/herald/internal/extract"
	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
)

// image picks the item's lead image and its caption: a JSON Feed image (else
// banner_image), a Media RSS image (media:content, in a media:group or not,
// then media:thumbnail) with its media:description or media:title, an image
// enclosure or attachment, the first image of the content or summary HTML
// with its figcaption, then what gofeed found (such as itunes:image).
func (ic *itemContext) image(i int, it *gofeed.Item, contentHTML, summaryHTML string) (string, string) {
	if ji := ic.p.jsonItem(i); ji != nil {
		if u := resolve(ic.base, firstNonEmpty(ji.Image, ji.BannerImage)); u != "" {
			return u, ""
		}
	}
	if u, caption := ic.mediaImage(it.Extensions["media"]); u != "" {
		return u, textField(caption, MaxTextRunes)
	}
	for _, e := range it.Enclosures {
		if e != nil && strings.HasPrefix(strings.ToLower(e.Type), "image/") {
			if u := resolve(ic.base, e.URL); u != "" {
				return u, ""
			}
		}
	}
	for _, h := range []string{contentHTML, summaryHTML} {
		if u, caption := extract.LeadImage(h, ic.baseStr); u != "" {
			return u, textField(caption, MaxTextRunes)
		}
	}
	if it.Image != nil {
		return resolve(ic.base, it.Image.URL), ""
	}
	return "", ""
}

// mediaImage searches Media RSS elements for an image.
func (ic *itemContext) mediaImage(media map[string][]ext.Extension) (string, string) {
	if media == nil {
		return "", ""
	}
	candidates := append([]ext.Extension(nil), media["content"]...)
	for _, g := range media["group"] {
		candidates = append(candidates, g.Children["content"]...)
	}
	for _, c := range candidates {
		if isMediaImage(c) {
			if u := resolve(ic.base, c.Attrs["url"]); u != "" {
				return u, mediaCaption(c, media)
			}
		}
	}
	thumbs := append([]ext.Extension(nil), media["thumbnail"]...)
	for _, c := range candidates {
		thumbs = append(thumbs, c.Children["thumbnail"]...)
	}
	for _, t := range thumbs {
		if u := resolve(ic.base, t.Attrs["url"]); u != "" {
			return u, mediaCaption(ext.Extension{}, media)
		}
	}
	return "", ""
}

// isMediaImage reports whether a media:content element is an image: by its
// medium, its type or, lacking both, its file extension.
func isMediaImage(c ext.Extension) bool {
	medium, typ := strings.ToLower(c.Attrs["medium"]), strings.ToLower(c.Attrs["type"])
	switch {
	case medium != "":
		return medium == "image"
	case typ != "":
		return strings.HasPrefix(typ, "image/")
	}
	u := strings.ToLower(c.Attrs["url"])
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	switch path.Ext(u) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif":
		return true
	}
	return false
}

// mediaCaption returns the description (else title) of a media:content
// element, else of the item's own media elements.
func mediaCaption(c ext.Extension, media map[string][]ext.Extension) string {
	for _, src := range []map[string][]ext.Extension{c.Children, media} {
		for _, name := range []string{"description", "title", "text"} {
			for _, e := range src[name] {
				if v := strings.TrimSpace(e.Value); v != "" {
					return v
				}
			}
		}
	}
	return ""
}
