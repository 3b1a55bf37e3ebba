package opml

import (
	"bytes"
	"net/http"
	"time"

	"github.com/heraldnews/herald"
)

// ExportTitle is the title of the OPML documents Herald exports.
const ExportTitle = "Herald sources"

// FromSources returns the feeds of srcs, in order, leaving out push-only
// sources (they have no feed to subscribe to).
func FromSources(srcs []*herald.Source) []Feed {
	feeds := make([]Feed, 0, len(srcs))
	for _, s := range srcs {
		if s.URL != "" {
			feeds = append(feeds, Feed{URL: s.URL, Title: s.Title, SiteURL: s.SiteURL, Category: s.Category})
		}
	}
	return feeds
}

// ServeDownload answers with feeds as an OPML 2.0 attachment named
// herald-sources.opml. The document is built before anything is written, so
// an error leaves the response untouched for the caller to report.
func ServeDownload(w http.ResponseWriter, feeds []Feed, now time.Time) error {
	var buf bytes.Buffer
	if err := Write(&buf, ExportTitle, feeds, now); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/x-opml; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="herald-sources.opml"`)
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes()) // the client may have gone; there is no one to tell
	return nil
}
