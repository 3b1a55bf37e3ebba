package ingest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/fetch"
)

func TestUnreachableHosts(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	tests := []struct {
		name string
		err  error
		mark bool
	}{
		{"no such host", &fetch.Error{URL: "u", Err: &net.DNSError{Err: "no such host", Name: "gone.example", IsNotFound: true}}, true},
		{"refused", &fetch.Error{URL: "u", Err: dial}, true},
		{"private network", &fetch.Error{URL: "u", Err: fetch.ErrBlockedAddress}, true},
		{"HTTP 404 says nothing of the host", &fetch.Error{URL: "u", Err: &fetch.HTTPError{StatusCode: 404}}, false},
		{"a read that failed midway", &fetch.Error{URL: "u", Err: &net.OpError{Op: "read", Err: errors.New("reset")}}, false},
		{"cancelled", &fetch.Error{URL: "u", Err: context.Canceled}, false},
		{"success", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var u unreachableHosts
			u.note("https://News.Example/a/1", tt.err, now)
			if got := u.skip("https://news.example/b/2", now.Add(time.Minute)); got != tt.mark {
				t.Errorf("skip after %v = %t, want %t", tt.err, got, tt.mark)
			}
			if u.skip("https://other.example/c", now) {
				t.Error("another host is skipped")
			}
			if u.skip("https://news.example/b/2", now.Add(unreachableFor)) {
				t.Error("the host is still skipped once the mark has run out")
			}
		})
	}
}

// Summaries on a host that refuses connections keep their feed content, and
// the host is then skipped instead of being dialled once per story.
func TestFullTextSkipsUnreachableHosts(t *testing.T) {
	ctx := context.Background()
	p, st := newPipeline(t, loopback)
	closed := httptest.NewServer(http.NotFoundHandler())
	dead := closed.URL // nothing listens here once closed: connections are refused
	closed.Close()
	var items strings.Builder
	for i := range 6 {
		fmt.Fprintf(&items, `<item><title>Story %d</title><link>%s/s%d</link><guid>g%d</guid><description>Short.</description></item>`, i, dead, i, i)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>T</title>%s</channel></rss>`, items.String())
	}))
	defer srv.Close()
	src, err := p.AddSource(ctx, srv.URL+"/feed")
	if err != nil {
		t.Fatal(err)
	}
	if s, err := p.RefreshSource(ctx, src); err != nil || s.New != 6 {
		t.Fatalf("refresh = %+v, %v; want 6 new stories with their feed summaries", s, err)
	}
	if !p.unreachable.skip(dead+"/another", p.now()) {
		t.Errorf("host %s refused every connection but is not skipped", dead)
	}
	page, err := st.Stories(ctx, herald.StoryFilter{SourceID: src.ID})
	if err != nil || len(page.Items) != 6 || !strings.Contains(page.Items[0].ContentHTML, "Short.") {
		t.Errorf("stories = %v, %v; want 6 keeping the feed's text", page, err)
	}
}
