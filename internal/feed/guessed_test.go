package feed

import (
	"context"
	"testing"
	"time"
)

func TestPublishedGuessed(t *testing.T) {
	fetched := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	doc := `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>dated</title><link>https://example.org/1</link><pubDate>Sat, 28 Feb 2026 09:00:00 GMT</pubDate></item>
<item><title>undated</title><link>https://example.org/2</link></item>
<item><title>future</title><link>https://example.org/3</link><pubDate>Mon, 01 Jan 2035 00:00:00 GMT</pubDate></item>
<item><title>year zero</title><link>https://example.org/4</link><pubDate>Mon, 01 Jan 0000 00:00:00 -0500</pubDate></item>
<item><title>on the second</title><link>https://example.org/5</link><pubDate>Sun, 01 Mar 2026 12:00:00 GMT</pubDate></item>
</channel></rss>`
	f, err := Parse(context.Background(), []byte(doc), "application/rss+xml", "https://example.org/feed", fetched)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"dated": false, "undated": true, "future": true, "year zero": true, "on the second": false}
	for _, it := range f.Items {
		if it.PublishedGuessed != want[it.Title] {
			t.Errorf("%s: PublishedGuessed = %t, want %t (PublishedAt %v)", it.Title, it.PublishedGuessed, want[it.Title], it.PublishedAt)
		}
		if it.PublishedGuessed && !it.PublishedAt.Equal(fetched) {
			t.Errorf("%s: guessed PublishedAt = %v, want the fetch time", it.Title, it.PublishedAt)
		}
	}
}
