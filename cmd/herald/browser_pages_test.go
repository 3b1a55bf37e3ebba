package main

import (
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"
)

// pages are the demo's pages the suite looks at: name and path.
func (b *browser) pages() [][2]string {
	b.t.Helper()
	b.open("/topics")
	var topic, source string
	b.eval(`document.querySelector(".rows .row-name").getAttribute("href")`, &topic)
	b.open("/sources")
	b.eval(`document.querySelector(".rows .row-name").getAttribute("href")`, &source)
	var cluster, clustered string // a story cluster's Full coverage, and one of its stories
	b.open("/?view=latest")
	b.eval(`document.querySelector(".card .coverage a").getAttribute("href")`, &cluster)
	b.eval(`document.querySelector(".card:has(.coverage) .card-link").getAttribute("href")`, &clustered)
	return [][2]string{
		{"feed", "/?view=foryou"}, {"latest", "/?view=latest"}, {"section", "/?section=Sport"},
		{"story", "/stories/1"}, {"saved", "/saved"}, {"search", "/search?q=storm"}, {"search-empty", "/search"},
		{"topics", "/topics"}, {"topic", topic}, {"sources", "/sources"}, {"source", source},
		{"source-delete", source + "/delete"}, {"preview", "/sources/preview?url=" + b.base + "/harbour-gazette/"},
		{"following", "/following"}, {"cluster", cluster}, {"clustered-story", clustered}, {"settings", "/settings"}, {"admin", "/admin"}, {"admin-topics", "/admin/topics"},
		{"shortcuts", "/shortcuts"}, {"not-found", "/no-such-page"},
	}
}

// everyPage screenshots every page at two widths in both schemes, runs axe on
// each in light at 1280 px and in dark at 390 px, and checks that nothing
// shifts as images load and that nothing is wider than a 320 px screen.
func (b *browser) everyPage() {
	pages := b.pages()
	for _, width := range []int{1280, 390} {
		b.run(chromedp.EmulateViewport(int64(width), 900))
		for _, scheme := range []string{"light", "dark"} {
			b.scheme(scheme)
			for _, p := range pages {
				b.open(p[1])
				b.screenshot(p[0], width, scheme)
				if (width == 1280) == (scheme == "light") {
					b.checkAxe(fmt.Sprintf("%s (%d px, %s)", p[0], width, scheme))
				}
				if width == 1280 && scheme == "light" {
					if cls, moved := b.layoutShift(); cls > 0.02 {
						b.t.Errorf("%s: layout shift %.3f, want none (moved: %s)", p[0], cls, strings.Join(moved, "; "))
					}
				}
			}
		}
	}
	b.run(chromedp.EmulateViewport(320, 640))
	b.scheme("light")
	for _, p := range pages {
		b.open(p[1])
		var over []string
		b.eval(`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > innerWidth + 1 && getComputedStyle(e).position !== "fixed").slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : ""))`, &over)
		var wide bool
		b.eval(`document.documentElement.scrollWidth > innerWidth`, &wide)
		if wide || len(over) > 0 {
			b.t.Errorf("%s at 320 px: wider than the screen (%s)", p[0], strings.Join(over, ", "))
		}
	}
	b.run(chromedp.EmulateViewport(1280, 900))
}
