package feed

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// benchFeed builds an RSS 2.0 feed of n items, each with about words words
// of HTML content, a summary, categories, an author and a media image.
func benchFeed(n, words int) []byte {
	vocab := strings.Fields(`the council said on tuesday that talks with neighbouring regions would
		resume next month after a pause caused by the election and a dispute over fishing rights in the bay`)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Bench Times</title><link>https://bench.example/</link><description>d</description>`)
	base := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `<item><title>Story number %d about the bay</title><link>/stories/%d.html</link><guid>bench-%d</guid><pubDate>%s</pubDate><dc:creator>Reporter %d</dc:creator><category>Region</category><category>Politics</category><description>&lt;p&gt;Summary of story %d.&lt;/p&gt;</description><media:content url="/img/%d.jpg" medium="image"><media:description>Photo %d</media:description></media:content><content:encoded><![CDATA[`,
			i, i, i, base.Add(time.Duration(i)*time.Hour).Format(time.RFC1123Z), i%7, i, i, i)
		for w := 0; w < words; w++ {
			if w%60 == 0 {
				b.WriteString("<p>")
			}
			if w%45 == 7 {
				fmt.Fprintf(&b, `<a href="/related/%d">%s</a> `, w, vocab[w%len(vocab)])
			} else {
				b.WriteString(vocab[(w+i)%len(vocab)] + " ")
			}
			if w%60 == 59 {
				b.WriteString("</p>")
			}
		}
		b.WriteString(`</p>]]></content:encoded></item>`)
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	body := benchFeed(50, 600)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := Parse(context.Background(), body, "application/rss+xml", "https://bench.example/feed", fetched)
		if err != nil || len(f.Items) != 50 {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseDate(b *testing.B) {
	dates := []string{"Tue, 14 May 2024 08:30:00 +0000", "2024-05-14T08:30:00Z", "Fri, 31 Mar 2023 20:19:00 America/Los_Angeles", "May 14th, 2024 8:30 PM"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, ok := ParseDate(dates[i%len(dates)]); !ok {
			b.Fatal("unparsed")
		}
	}
}
