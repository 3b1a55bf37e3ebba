package opml

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Feed
	}{
		{"folders become categories", `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline text="World"><outline text="Gazette" xmlUrl="https://g.example/feed" htmlUrl="https://g.example/"/></outline>
<outline text="Loose" title="Loose feed" type="rss" xmlUrl="https://l.example/rss"/>
</body></opml>`, []Feed{
			{URL: "https://g.example/feed", Title: "Gazette", SiteURL: "https://g.example/", Category: "World"},
			{URL: "https://l.example/rss", Title: "Loose feed"},
		}},
		{"category attribute", `<opml version="1.0"><body><outline text="A" xmlUrl="https://a.example/" category="/Tech/Gadgets,/Other"/></body></opml>`,
			[]Feed{{URL: "https://a.example/", Title: "A", Category: "Tech/Gadgets"}}},
		{"nested folders join into a path", `<opml><body><outline text="News"><outline text="Asia"><outline text="K" xmlUrl="https://k.example/"/></outline></outline></body></opml>`,
			[]Feed{{URL: "https://k.example/", Title: "K", Category: "News/Asia"}}},
		{"latin-1 declared", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><opml><body><outline text=\"Caf\xe9\" xmlUrl=\"https://c.example/\"/></body></opml>",
			[]Feed{{URL: "https://c.example/", Title: "Café"}}},
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

func TestParseRejectsNonOPML(t *testing.T) {
	for _, in := range []string{"", "not xml at all", "<rss><channel></channel></rss>"} {
		if _, err := Parse(strings.NewReader(in)); err == nil {
			t.Errorf("Parse(%q) = nil error, want one", in)
		}
	}
}

func TestWriteRoundTrip(t *testing.T) {
	feeds := []Feed{
		{URL: "https://a.example/feed?x=1&y=2", Title: "A & B", SiteURL: "https://a.example/", Category: "World"},
		{URL: "https://b.example/rss", Title: "B"},
		{URL: "https://c.example/atom", Title: "C <news>", Category: "World"},
	}
	var buf bytes.Buffer
	if err := Write(&buf, "Herald subscriptions", feeds, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	got, err := Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want := []Feed{feeds[0], feeds[2], feeds[1]} // folders keep their first position
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(`<opml><body><outline text="A" xmlUrl="https://a.example/"/></body></opml>`)
	f.Add(`<opml><body><outline text="F"><outline xmlUrl="u"/></outline></body></opml>`)
	f.Add(`<!DOCTYPE opml [<!ENTITY e "x">]><opml version="1.0"><body><outline text="A&amp;eacute;"><outline text="&e;" type="rss" url="https://u.example/"/></outline></body></opml>`)
	f.Fuzz(func(t *testing.T, in string) {
		feeds, err := Parse(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, fd := range feeds {
			if fd.URL == "" {
				t.Fatalf("feed without URL: %+v", fd)
			}
		}
	})
}
