package fetch_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"

	"github.com/heraldnews/herald/internal/fetch"
)

func ExampleClient_Get() {
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=UTF-8")
		fmt.Fprint(w, "<rss/>")
	}))
	defer feed.Close()

	// Loopback is refused unless allowed, as with herald --allow-networks 127.0.0.0/8.
	c := fetch.New(fetch.Options{AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	ctx := context.Background()

	resp, err := c.Get(ctx, fetch.Request{URL: feed.URL})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, resp.ContentType, resp.Charset, string(resp.Body))

	resp, err = c.Get(ctx, fetch.Request{URL: feed.URL, ETag: resp.ETag, LastModified: resp.LastModified})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, resp.NotModified)
	// Output:
	// 200 application/rss+xml utf-8 <rss/>
	// 304 true
}

func ExampleCheckURL() {
	for _, u := range []string{"https://example.com/feed.xml", "http://0xa9fea9fe/latest/meta-data/", "file:///etc/passwd"} {
		err := fetch.CheckURL(u, nil)
		fmt.Println(errors.Is(err, fetch.ErrBlockedAddress), errors.Is(err, fetch.ErrScheme), err)
	}
	// Output:
	// false false <nil>
	// true false fetch http://0xa9fea9fe/latest/meta-data/: host 0xa9fea9fe means address 169.254.169.254, which is in a private or reserved network (allow it with --allow-networks)
	// false true fetch file:///etc/passwd: unsupported scheme "file" (only http and https are fetched)
}
