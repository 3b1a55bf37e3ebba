package ingest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/heraldnews/herald"
)

func TestPreviewFindsTheFeed(t *testing.T) {
	const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title><link>https://site.example/</link>
<item><title>One</title><link>https://site.example/1</link><guid>1</guid></item>
<item><title>Two</title><link>https://site.example/2</link><guid>2</guid></item></channel></rss>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/advertises":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><head><link rel="alternate" type="application/atom+xml" href="/missing.xml">
<link rel="alternate" type="application/rss+xml" href="/news.xml"></head></html>`)
		case "/news.xml":
			fmt.Fprintf(w, rss, "Advertised")
		case "/blog/", "/nothing":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><body>A page</body></html>`)
		case "/rss.xml":
			fmt.Fprintf(w, rss, "Common path")
		case "/direct":
			fmt.Fprintf(w, rss, "Direct")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	p, _ := newPipeline(t, []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")})
	tests := []struct {
		name, path     string
		wantURL, title string
		found          int
	}{
		{"a feed as is", "/direct", "/direct", "Direct", 0},
		{"rel=alternate, the first that works", "/advertises", "/news.xml", "Advertised", 2},
		{"a common path of the site", "/blog/", "/rss.xml", "Common path", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pv, err := p.Preview(context.Background(), srv.URL+tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if pv.URL != srv.URL+tt.wantURL || pv.Title != tt.title || len(pv.Items) != 2 || len(pv.Found) != tt.found {
				t.Errorf("preview = %+v", pv)
			}
		})
	}
	// A site with no feed anywhere, common paths included:
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><body>No feeds anywhere</body></html>`)
	}))
	defer bare.Close()
	if _, err := p.Preview(context.Background(), bare.URL+"/"); herald.ErrorCode(err) != herald.EINVALID {
		t.Errorf("page without a feed: %v, want EINVALID", err)
	}
	if _, err := p.Preview(context.Background(), "http://127.0.0.1:1/feed"); herald.ErrorCode(err) != herald.EUNAVAILABLE {
		t.Errorf("unreachable: %v, want EUNAVAILABLE", err)
	}
	if _, err := p.Preview(context.Background(), "https://10.0.0.1/feed"); herald.ErrorCode(err) != herald.EINVALID {
		t.Errorf("private address: %v, want EINVALID", err)
	}
	src, err := p.AddDiscovered(context.Background(), srv.URL+"/advertises")
	if err != nil || src.URL != srv.URL+"/news.xml" || src.Title != "Advertised" {
		t.Errorf("AddDiscovered = %+v, %v", src, err)
	}
}
