package bench

import (
	"context"
	"fmt"
	"html"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Publisher serves generated RSS feeds on loopback, for ingest measurements.
type Publisher struct {
	srv   *http.Server
	base  string
	feeds int
}

// ServeFeeds serves total stories as feeds RSS feeds of about equal size on
// 127.0.0.1, each item about 120 words with names for a tagger to find; seed
// varies the text. Close stops it.
func ServeFeeds(ctx context.Context, feeds, total int, seed uint64) (*Publisher, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("serve feeds: %w", err)
	}
	p := &Publisher{base: "http://" + ln.Addr().String(), feeds: feeds}
	per := (total + feeds - 1) / feeds
	bodies := make([]string, feeds)
	for f := range feeds {
		bodies[f] = rssFeed(p.base, f, f*per, min((f+1)*per, total), seed)
	}
	p.srv = &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/feed/"))
		if err != nil || n < 0 || n >= feeds {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write([]byte(bodies[n]))
	})}
	go p.srv.Serve(ln)
	return p, nil
}

// URLs returns the feeds' URLs.
func (p *Publisher) URLs() []string {
	out := make([]string, p.feeds)
	for i := range out {
		out[i] = fmt.Sprintf("%s/feed/%d", p.base, i)
	}
	return out
}

// Close stops the server.
func (p *Publisher) Close() error { return p.srv.Close() }

// rssFeed renders items [from, to) as feed f.
func rssFeed(base string, f, from, to int, seed uint64) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench outlet %d</title><link>%s/</link>`, f, base)
	now := time.Now().Add(-time.Minute)
	for i := from; i < to; i++ {
		r := rand.New(rand.NewPCG(seed, uint64(i)))
		fmt.Fprintf(&b, `<item><title>%s</title><link>%s/story/%d</link><guid>bench-item-%d</guid><pubDate>%s</pubDate><description>%s</description></item>`,
			html.EscapeString(Title(r)), base, i, i, now.Add(-time.Duration(i)*time.Second).UTC().Format(time.RFC1123Z),
			html.EscapeString("<p>"+Text(r, 120)+"</p>"))
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}
