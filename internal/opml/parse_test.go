package opml

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseDialects(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Feed
	}{
		{"OPML 1.0 without head", `<?xml version="1.0"?><opml version="1.0"><body>
<outline title="Old" text="Old" type="rss" xmlUrl="http://old.example/rss.xml" htmlUrl="http://old.example/"/></body></opml>`,
			[]Feed{{URL: "http://old.example/rss.xml", Title: "Old", SiteURL: "http://old.example/"}}},
		{"OPML 2.0 with head", `<opml version="2.0"><head><title>t</title><dateCreated>Mon, 02 Mar 2026 10:00:00 GMT</dateCreated></head>
<body><outline text="New" type="rss" xmlUrl="https://new.example/feed"/></body></opml>`,
			[]Feed{{URL: "https://new.example/feed", Title: "New"}}},
		{"url on rss, atom and untyped outlines", `<opml version="1.0"><body>
<outline text="R" type="rss" url="https://r.example/rss"/>
<outline text="A" type="ATOM" url="https://a.example/atom"/>
<outline text="U" url="https://u.example/feed"/>
<outline text="Page" type="link" url="https://page.example/"/>
<outline text="More" type="include" url="https://more.example/list.opml"/>
</body></opml>`, []Feed{
			{URL: "https://r.example/rss", Title: "R"},
			{URL: "https://a.example/atom", Title: "A"},
			{URL: "https://u.example/feed", Title: "U"},
		}},
		{"xmlUrl wins over url", `<opml><body><outline text="X" type="rss" xmlUrl="https://x.example/feed" url="https://x.example/"/></body></opml>`,
			[]Feed{{URL: "https://x.example/feed", Title: "X"}}},
		{"attribute names in any case", `<opml><body><outline TEXT="C" xmlURL="https://c.example/feed" HTMLURL="https://c.example/"/></body></opml>`,
			[]Feed{{URL: "https://c.example/feed", Title: "C", SiteURL: "https://c.example/"}}},
		{"missing titles", `<opml><body>
<outline xmlUrl="https://n.example/feed"/>
<outline text="https://same.example/feed" xmlUrl="https://same.example/feed"/>
<outline text="" title=" " xmlUrl="https://blank.example/feed"/>
<outline><outline text="Inside untitled" xmlUrl="https://i.example/feed"/></outline>
</body></opml>`, []Feed{
			{URL: "https://n.example/feed"},
			{URL: "https://same.example/feed"},
			{URL: "https://blank.example/feed"},
			{URL: "https://i.example/feed", Title: "Inside untitled"},
		}},
		{"title attribute before text", `<opml><body><outline text="short" title="Long title" xmlUrl="https://t.example/"/></body></opml>`,
			[]Feed{{URL: "https://t.example/", Title: "Long title"}}},
		{"HTML entities, escaped once or twice", `<opml><body><outline text="Caf&eacute;&nbsp;Society"><outline text="Le Monde&amp;nbsp;&amp;eacute;co &amp; Co" xmlUrl="https://m.example/feed?a=1&amp;b=2"/></outline></body></opml>`,
			[]Feed{{URL: "https://m.example/feed?a=1&b=2", Title: "Le Monde éco & Co", Category: "Café Society"}}},
		{"white space in titles collapses", "<opml><body><outline text=\"  Two\n\t words  \" xmlUrl=\" https://w.example/ \"/></body></opml>",
			[]Feed{{URL: "https://w.example/", Title: "Two words"}}},
		{"three levels of folders", `<opml><body><outline text="A"><outline title="B"><outline text="C"><outline text="F" xmlUrl="https://f.example/"/></outline></outline>
<outline text="G" xmlUrl="https://g.example/"/></outline></outline></body></opml>`, []Feed{
			{URL: "https://f.example/", Title: "F", Category: "A/B/C"},
			{URL: "https://g.example/", Title: "G", Category: "A"},
		}},
		{"feeds inside a feed keep the outer category", `<opml><body><outline text="Dir"><outline text="P" xmlUrl="https://p.example/"><outline text="Q" xmlUrl="https://q.example/"/></outline></outline></body></opml>`,
			[]Feed{{URL: "https://p.example/", Title: "P", Category: "Dir"}, {URL: "https://q.example/", Title: "Q", Category: "Dir"}}},
		{"outlines outside body are not feeds", `<opml><head><outline text="H" xmlUrl="https://h.example/"/></head><body><outline text="B" xmlUrl="https://b.example/"/></body></opml>`,
			[]Feed{{URL: "https://b.example/", Title: "B"}}},
		{"byte order mark", "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"UTF-8\"?><opml><body><outline text=\"BOM\" xmlUrl=\"https://bom.example/\"/></body></opml>",
			[]Feed{{URL: "https://bom.example/", Title: "BOM"}}},
		{"no feeds", `<opml version="2.0"><head/><body/></opml>`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseNeverFetchesOrExpandsEntities(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "SECRET")
	}))
	defer srv.Close()
	in := `<?xml version="1.0"?>
<!DOCTYPE opml [
  <!ENTITY xxe SYSTEM "` + srv.URL + `/secret">
  <!ENTITY lol "lollollollollollollollollollol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<opml version="2.0"><body><outline text="a &xxe; b &lol2;" xmlUrl="https://e.example/feed"/></body></opml>`
	got, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Feed{{URL: "https://e.example/feed", Title: "a &xxe; b &lol2;"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the external entity was fetched %d times", n)
	}
}

func TestParseErrorsNameTheProblem(t *testing.T) {
	deep := strings.Repeat(`<outline text="d">`, maxDepth+1) + strings.Repeat(`</outline>`, maxDepth+1)
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{"no <opml> element"}},
		{"not XML", "just some words", []string{"no <opml> element"}},
		{"another format", `<rss version="2.0"><channel/></rss>`, []string{"root element is <rss>", "not <opml>"}},
		{"cut short", "<opml><body>\n<outline text=\"A\" xmlUrl=\"https://a.example/\">\n<outline text=\"B\"", []string{"line 3", "unexpected EOF"}},
		{"bad attribute", "<opml><body>\n<outline text=\"A xmlUrl=\"https://a.example/\"/></body></opml>", []string{"line 2"}},
		{"nested too deep", "<opml><body>" + deep + "</body></opml>", []string{"nested more than 32 deep"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.in))
			if err == nil {
				t.Fatal("Parse returned no error")
			}
			if errors.Is(err, ErrTooLarge) {
				t.Errorf("error %q wraps ErrTooLarge", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// outlines returns an OPML document with n feeds, in one folder.
func outlines(n int) string {
	var b strings.Builder
	b.WriteString(`<opml version="2.0"><body><outline text="Folder">`)
	for i := range n {
		fmt.Fprintf(&b, `<outline xmlUrl="https://f%d.example/"/>`, i)
	}
	b.WriteString(`</outline></body></opml>`)
	return b.String()
}

func TestParseLimits(t *testing.T) {
	t.Run("outlines at the limit", func(t *testing.T) {
		feeds, err := Parse(strings.NewReader(outlines(MaxOutlines - 1))) // plus the folder
		if err != nil || len(feeds) != MaxOutlines-1 {
			t.Fatalf("Parse = %d feeds, %v; want %d, nil", len(feeds), err, MaxOutlines-1)
		}
	})
	t.Run("one outline too many", func(t *testing.T) {
		_, err := Parse(strings.NewReader(outlines(MaxOutlines)))
		if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "more than 10000 outlines") {
			t.Fatalf("Parse error = %v, want ErrTooLarge naming the outline limit", err)
		}
	})
	doc := func(size int) string {
		head, tail := `<opml><body><outline text="A" xmlUrl="https://a.example/"/><!--`, `--></body></opml>`
		return head + strings.Repeat("x", size-len(head)-len(tail)) + tail
	}
	t.Run("bytes at the limit", func(t *testing.T) {
		if feeds, err := Parse(strings.NewReader(doc(MaxSize))); err != nil || len(feeds) != 1 {
			t.Fatalf("Parse = %v, %v; want one feed", feeds, err)
		}
	})
	t.Run("one byte too many", func(t *testing.T) {
		_, err := Parse(strings.NewReader(doc(MaxSize + 1)))
		if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "longer than 10485760 bytes") {
			t.Fatalf("Parse error = %v, want ErrTooLarge naming the size limit", err)
		}
	})
}

func TestWriteRoundTripKeepsPathsAndMissingTitles(t *testing.T) {
	feeds := []Feed{
		{URL: "https://a.example/feed", Title: "Café & Co", Category: "News/Asia"},
		{URL: "https://b.example/feed", Category: "News/Asia"},
		{URL: "https://c.example/feed", Title: "C", SiteURL: "https://c.example/", Category: "News"},
		{URL: "https://d.example/feed"},
	}
	var buf bytes.Buffer
	if err := Write(&buf, "t", feeds, time.Unix(0, 0)); err != nil {
		t.Fatal(err)
	}
	got, err := Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(feeds, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}
