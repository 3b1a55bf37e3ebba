package feed

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fetched is the fetch time every fixture test uses.
var fetched = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func parseFixture(t testing.TB, name string) *Feed {
	t.Helper()
	f, err := Parse(context.Background(), readFixture(t, name), "", "https://feeds.example/path/feed", fetched)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return f
}

func TestParseFormats(t *testing.T) {
	tests := []struct {
		file                                  string
		format, title, site, self, hub, descr string
		items                                 int
	}{
		{"rss090.rdf", "rss 0.9", "Old Web Weekly", "http://oldweb.example/", "", "", "Since 1999", 1},
		{"rss091.xml", "rss 0.91", "Valley Gazette", "http://valley-gazette.example/", "", "", "News from the valley", 2},
		{"rss092.xml", "rss 0.92", "Harbour Notes", "https://harbour-notes.example/", "", "", "Tides, boats and the people on them", 1},
		{"rss10.rdf", "rss 1.0", "Science Digest", "https://science-digest.example/", "", "", "Research news", 1},
		{"rss20.xml", "rss 2.0", "The Northern & Western Times", "https://times.example/", "https://times.example/feed.xml", "https://hub.example/", "Daily news for the north", 4},
		{"atom03.xml", "atom 0.3", "Field Notes", "https://field-notes.example/", "", "", "Observations from the field", 1},
		{"atom10.xml", "atom 1.0", "Lab Journal", "https://lab-journal.example/", "https://lab-journal.example/feed.atom", "https://websub.example/hub", "Notes from the bench", 3},
		{"jsonfeed10.json", "json 1.0", "Morning Briefing", "https://briefing.example/", "https://briefing.example/feed.json", "", "", 1},
		{"jsonfeed11.json", "json 1.1", "Micro Notes", "https://micro.example/", "https://micro.example/feed.json", "https://hub.micro.example/", "", 2},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			f := parseFixture(t, tc.file)
			got := []string{f.Format, f.Title, f.SiteURL, f.SelfURL, f.HubURL, f.Description}
			want := []string{tc.format, tc.title, tc.site, tc.self, tc.hub, tc.descr}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("format, title, site, self, hub, description (-want +got):\n%s", diff)
			}
			if len(f.Items) != tc.items {
				t.Errorf("%d items, want %d", len(f.Items), tc.items)
			}
		})
	}
}

func TestParseRSS20Items(t *testing.T) {
	f := parseFixture(t, "rss20.xml")
	want := []Item{
		{
			ExternalID:   "times-2024-0514-ferry",
			URL:          "https://times.example/region/ferry.html?utm_source=rss",
			Title:        "Council approves ferry link",
			SummaryHTML:  `<p>The council voted to fund a <a href="https://times.example/region/ferry.html">ferry link</a>.</p>`,
			ContentHTML:  `<p>The harbour council voted on Monday.</p><img src="https://times.example/media/ferry.jpg" alt="Ferry"><p>More <a href="https://times.example/budget.html">budget</a> news.</p><script>alert(1)</script>`,
			Authors:      []string{"Priya Lindqvist"},
			Categories:   []string{"Region", "Transport"},
			ImageURL:     "https://times.example/media/ferry-lead.jpg",
			ImageCaption: "The ferry Mariner at the north pier.",
			PublishedAt:  time.Date(2024, 5, 14, 7, 30, 0, 0, time.UTC),
		},
		{
			ExternalID:  "https://times.example/region/storm.html",
			URL:         "https://times.example/region/storm.html",
			Title:       "Storm closes coast road",
			SummaryHTML: "Gales expected.",
			Authors:     []string{"Weather Desk"},
			ImageURL:    "https://times.example/media/storm-thumb.jpg",
			PublishedAt: time.Date(2024, 5, 13, 21, 5, 0, 0, time.UTC), // 17:05 EDT
		},
		{
			ExternalID:  "https://times.example/briefs/123",
			URL:         "https://times.example/briefs/123", // a permalink GUID
			Title:       "Untitled brief",
			SummaryHTML: "A short brief.",
			PublishedAt: fetched, PublishedGuessed: true, // "not a date at all"
		},
		{
			ExternalID:  hashID("Script link\x00"),
			URL:         "", // javascript: refused
			Title:       "Script link",
			SummaryHTML: "Bad link.",
			PublishedAt: fetched, PublishedGuessed: true,
		},
	}
	if diff := cmp.Diff(want, f.Items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

func TestParseAtom10Items(t *testing.T) {
	f := parseFixture(t, "atom10.xml")
	want := []Item{
		{
			ExternalID:  "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a",
			URL:         "https://lab-journal.example/blog/2024/02/results", // xml:base
			Title:       "Results are in",
			SummaryHTML: "Summary with <tags> in text.",
			ContentHTML: `<p>See <a href="https://lab-journal.example/blog/data.csv">the data</a>.</p>`,
			Authors:     []string{"Dr. M. Reyes"}, // inherited from the feed
			Categories:  []string{"Chemistry"},
			ImageURL:    "https://lab-journal.example/img/chart.png", // image enclosure
			PublishedAt: time.Date(2024, 2, 10, 8, 0, 0, 0, time.UTC),
			UpdatedAt:   time.Date(2024, 2, 10, 18, 30, 2, 0, time.UTC),
		},
		{
			ExternalID:  "urn:uuid:plain",
			URL:         "https://lab-journal.example/blog/plain",
			Title:       "Plain text title",
			ContentHTML: "<p>Line one &lt;not a tag&gt;<br>Line two</p>", // type="text" escaped
			Authors:     []string{"Dr. M. Reyes"},
			PublishedAt: time.Date(2024, 2, 9, 10, 0, 0, 0, time.UTC),
			UpdatedAt:   time.Date(2024, 2, 9, 10, 0, 0, 0, time.UTC),
		},
		{
			ExternalID:  "urn:uuid:xhtml",
			URL:         "https://lab-journal.example/blog/xhtml",
			Title:       "XHTML entry",
			ContentHTML: `<p>Hello <img src="https://lab-journal.example/blog/pic.jpg" alt=""/></p>`,
			Authors:     []string{"Dr. M. Reyes"},
			ImageURL:    "https://lab-journal.example/blog/pic.jpg",
			PublishedAt: time.Date(2024, 2, 8, 10, 0, 0, 0, time.UTC),
			UpdatedAt:   time.Date(2024, 2, 8, 10, 0, 0, 0, time.UTC),
		},
	}
	if diff := cmp.Diff(want, f.Items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

func TestParseJSONFeedItems(t *testing.T) {
	f := parseFixture(t, "jsonfeed11.json")
	want := []Item{
		{
			ExternalID:  "42", // numeric id coerced
			URL:         "https://micro.example/42",
			ContentHTML: "<p>Raw &lt;b&gt;text&lt;/b&gt; &amp; more</p><p>Second paragraph</p>", // content_text escaped
			Authors:     []string{"Lee Park"},
			ImageURL:    "https://micro.example/42.jpg",
			PublishedAt: time.Date(2024, 5, 14, 7, 0, 0, 0, time.UTC),
			UpdatedAt:   time.Date(2024, 5, 14, 8, 0, 0, 0, time.UTC),
		},
		{
			ExternalID:  "no-url",
			Title:       "No URL here",
			ContentHTML: "<p>x</p>",
			Authors:     []string{"Sam Ito", "Lee Park"},
			PublishedAt: fetched, PublishedGuessed: true,
		},
	}
	if diff := cmp.Diff(want, f.Items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	f = parseFixture(t, "jsonfeed10.json")
	it := f.Items[0]
	if it.SummaryHTML != "<p>Five &lt;b&gt;things&lt;/b&gt;</p>" {
		t.Errorf("JSON summary is plain text and must be escaped, got %q", it.SummaryHTML)
	}
	if it.ImageURL != "https://briefing.example/img/0514.jpg" || it.Authors[0] != "Briefing Desk" {
		t.Errorf("image %q, authors %q", it.ImageURL, it.Authors)
	}
}

func TestParseRelativeLinksAgainstFeedURL(t *testing.T) {
	body := `<rss version="2.0"><channel><title>T</title>
		<item><title>a</title><link>../posts/a.html</link><description>&lt;a href="b.html"&gt;b&lt;/a&gt; &lt;img src="/i.jpg" srcset="/i2.jpg 2x"&gt;</description>
		<enclosure url="media/a.jpg" type="image/jpeg"/></item></channel></rss>`
	f, err := Parse(context.Background(), []byte(body), "", "https://blog.example/feeds/main/rss.xml", fetched)
	if err != nil {
		t.Fatal(err)
	}
	it := f.Items[0]
	if it.URL != "https://blog.example/feeds/posts/a.html" {
		t.Errorf("URL %q", it.URL)
	}
	if it.ImageURL != "https://blog.example/feeds/main/media/a.jpg" {
		t.Errorf("image %q", it.ImageURL)
	}
	want := `<a href="https://blog.example/feeds/main/b.html">b</a> <img src="https://blog.example/i.jpg" srcset="https://blog.example/i2.jpg 2x">`
	if it.SummaryHTML != want {
		t.Errorf("summary\n got %q\nwant %q", it.SummaryHTML, want)
	}
}

func TestParseTextFields(t *testing.T) {
	body := `<rss version="2.0"><channel><title>  A &amp;amp; B  </title><link>https://t.example/</link>
		<item><title><![CDATA[<script>alert(1)</script>Hello   <b>World</b>]]></title><author>x</author></item>
		<item><title>a &lt; b</title></item>
		<item><title>` + strings.Repeat("é", 3000) + `</title></item>
		</channel></rss>`
	f, err := Parse(context.Background(), []byte(body), "", "", fetched)
	if err != nil {
		t.Fatal(err)
	}
	if f.Title != "A & B" {
		t.Errorf("feed title %q", f.Title)
	}
	wantTitles := []string{"Hello World", "a < b", strings.Repeat("é", MaxTitleRunes)}
	for i, want := range wantTitles {
		if f.Items[i].Title != want {
			t.Errorf("item %d title %q, want %q", i, truncateRunes(f.Items[i].Title, 40), truncateRunes(want, 40))
		}
	}
}
