package demo

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

const validStory = `---
title: Storm Isolde makes landfall
summary: The storm came ashore near Port Ellery.
author: Maren Holt
category: Weather
age: 26h30m
---
First paragraph, with "quotes" & <angle> brackets.

## A subheading

Second paragraph
spread over two lines.
`

func TestParseStory(t *testing.T) {
	st, err := parseStory("harbour-gazette", "storm-landfall", []byte(validStory))
	if err != nil {
		t.Fatalf("parseStory: %v", err)
	}
	want := Story{
		Source:   "harbour-gazette",
		Slug:     "storm-landfall",
		Title:    "Storm Isolde makes landfall",
		Summary:  "The storm came ashore near Port Ellery.",
		Author:   "Maren Holt",
		Category: "Weather",
		Age:      26*time.Hour + 30*time.Minute,
		Text:     "First paragraph, with \"quotes\" & <angle> brackets.\n\nA subheading\n\nSecond paragraph spread over two lines.",
		HTML: "<p>First paragraph, with \"quotes\" &amp; &lt;angle&gt; brackets.</p>\n" +
			"<h2>A subheading</h2>\n<p>Second paragraph spread over two lines.</p>\n",
	}
	if st != want {
		t.Errorf("parseStory:\n got %#v\nwant %#v", st, want)
	}
	if got := st.Path(); got != "/harbour-gazette/storm-landfall" {
		t.Errorf("Path() = %q", got)
	}
}

func TestParseStoryCRLF(t *testing.T) {
	crlf := strings.ReplaceAll(validStory, "\n", "\r\n")
	st, err := parseStory("s", "x", []byte(crlf))
	if err != nil {
		t.Fatalf("parseStory with CRLF line ends: %v", err)
	}
	if st.Title != "Storm Isolde makes landfall" || strings.Contains(st.HTML, "\r") {
		t.Errorf("CRLF story parsed as title %q, html %q", st.Title, st.HTML)
	}
}

func TestParseStoryErrors(t *testing.T) {
	replace := func(old, new string) string { return strings.Replace(validStory, old, new, 1) }
	tests := []struct {
		name, slug, doc, wantErr string
	}{
		{"no front matter", "x", "title: x\n", "missing front matter"},
		{"unterminated front matter", "x", "---\ntitle: x\n", "unterminated"},
		{"malformed slug", "Bad Slug", validStory, "malformed slug"},
		{"slug with trailing dash", "bad-", validStory, "malformed slug"},
		{"line without colon", "x", replace("author: Maren Holt", "Maren Holt"), "want key: value"},
		{"empty value", "x", replace("author: Maren Holt", "author:"), "want key: value"},
		{"unknown key", "x", replace("author:", "writer:"), `unknown key "writer"`},
		{"duplicate key", "x", replace("author: Maren Holt", "author: A\nauthor: B"), "duplicate key"},
		{"missing key", "x", replace("category: Weather\n", ""), `missing key "category"`},
		{"bad age", "x", replace("age: 26h30m", "age: yesterday"), "age"},
		{"age too old", "x", replace("age: 26h30m", "age: 73h"), "outside"},
		{"age under a minute", "x", replace("age: 26h30m", "age: 30s"), "outside"},
		{"negative age", "x", replace("age: 26h30m", "age: -2h"), "outside"},
		{"empty body", "x", validStory[:strings.Index(validStory, "First")], "empty body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseStory("s", tt.slug, []byte(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseStory error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

const validSources = `[{"slug":"a","title":"A","description":"d","category":"c","format":"atom"}]`

func TestLoadContentErrors(t *testing.T) {
	story := &fstest.MapFile{Data: []byte(validStory)}
	tests := []struct {
		name    string
		files   fstest.MapFS
		wantErr string
	}{
		{"no sources file", fstest.MapFS{"stories/a/x.md": story}, "sources.json"},
		{"sources not JSON", fstest.MapFS{"sources.json": {Data: []byte("[")}}, "parse sources"},
		{"empty sources", fstest.MapFS{"sources.json": {Data: []byte("[]")}}, "no sources"},
		{"unknown source field", fstest.MapFS{"sources.json": {Data: []byte(`[{"slug":"a","url":"x"}]`)}}, "unknown field"},
		{"unknown format", fstest.MapFS{"sources.json": {Data: []byte(strings.Replace(validSources, "atom", "rss3", 1))}}, "unknown format"},
		{"source without title", fstest.MapFS{"sources.json": {Data: []byte(strings.Replace(validSources, `"A"`, `""`, 1))}}, "required"},
		{"duplicate source", fstest.MapFS{"sources.json": {Data: []byte(`[` + validSources[1:len(validSources)-1] + `,` + validSources[1:])}}, "duplicate slug"},
		{"source without stories", fstest.MapFS{"sources.json": {Data: []byte(validSources)}}, "has no stories"},
		{"story of unknown source", fstest.MapFS{"sources.json": {Data: []byte(validSources)}, "stories/a/x.md": story, "stories/b/y.md": story}, "stories/b/y.md"},
		{"story not markdown", fstest.MapFS{"sources.json": {Data: []byte(validSources)}, "stories/a/x.txt": story}, "stories/a/x.txt"},
		{"malformed story", fstest.MapFS{"sources.json": {Data: []byte(validSources)}, "stories/a/x.md": {Data: []byte("no front matter")}}, "stories/a/x.md: missing front matter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newFromFS(tt.files, testNow)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("newFromFS error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestLoadContentMinimal(t *testing.T) {
	files := fstest.MapFS{
		"sources.json":   {Data: []byte(validSources)},
		"stories/a/x.md": {Data: []byte(validStory)},
	}
	p, err := newFromFS(files, testNow)
	if err != nil {
		t.Fatalf("newFromFS: %v", err)
	}
	got := p.Stories()
	if len(got) != 1 || got[0].Source != "a" || got[0].Slug != "x" {
		t.Fatalf("Stories() = %+v, want the one story a/x", got)
	}
	if want := testNow.Add(-(26*time.Hour + 30*time.Minute)); !got[0].Published.Equal(want) {
		t.Errorf("Published = %v, want %v", got[0].Published, want)
	}
}

// TestEmbeddedContent holds the demo content to its editorial brief.
func TestEmbeddedContent(t *testing.T) {
	p := newTestPublisher(t)
	stories := p.Stories()
	if len(stories) < 40 {
		t.Errorf("%d stories, want at least 40", len(stories))
	}
	if len(p.Sources()) < 5 {
		t.Errorf("%d sources, want at least 5", len(p.Sources()))
	}
	formats := make(map[Format]bool)
	for _, s := range p.Sources() {
		formats[s.Format] = true
		if n := len(p.bySource[s.Slug]); n < 5 {
			t.Errorf("source %s has %d stories, want at least 5", s.Slug, n)
		}
	}
	if len(formats) != len(feedFiles) {
		t.Errorf("sources use %d formats, want all %d", len(formats), len(feedFiles))
	}
	titles := make(map[string]string)
	for _, st := range stories {
		checkStory(t, st)
		if other, dup := titles[st.Title]; dup {
			t.Errorf("%s and %s share the headline %q", other, st.Path(), st.Title)
		}
		titles[st.Title] = st.Path()
	}
}

var placeholder = regexp.MustCompile(`(?i)lorem|ipsum|placeholder|\bTODO\b|\bTBD\b|xxx`)

func checkStory(t *testing.T, st Story) {
	t.Helper()
	if n := st.Words(); n < 150 || n > 500 {
		t.Errorf("%s: %d words, want 150-500", st.Path(), n)
	}
	if !strings.HasSuffix(st.Summary, ".") || strings.Count(st.Summary, ". ") > 0 {
		t.Errorf("%s: summary %q is not one sentence", st.Path(), st.Summary)
	}
	if len(strings.Fields(st.Author)) < 2 {
		t.Errorf("%s: author %q is not a full name", st.Path(), st.Author)
	}
	for _, field := range []string{st.Title, st.Summary, st.Text} {
		if m := placeholder.FindString(field); m != "" {
			t.Errorf("%s: placeholder text %q", st.Path(), m)
		}
	}
}

// recurringTopics are the invented people, organisations, places and events
// that run through several outlets, so that following one changes a feed.
var recurringTopics = []string{
	"Elena Varga", "Tomas Brenner", "Marguerite Solberg", "Rafael Ostrowski",
	"Hannah Okonjo", "Priya Raman", "Jonah Castell", "Ines Marchetti",
	"Yusuf Demir", "Amara Nwosu", "Aiko Tanabe", "Ada Furlong", "Nadia Kerr",
	"Lumora Systems", "Takaharu Electronics", "Bank of Calderia", "Brightwater Energy",
	"Westhaven Rovers", "Norrbridge Athletic", "Renewal Party", "Civic Union",
	"Storm Isolde", "Atlantic Trade Summit", "Lisbon Accord", "Port Ellery", "Westhaven",
}

func TestRecurringTopicsSpanSources(t *testing.T) {
	p := newTestPublisher(t)
	for _, name := range recurringTopics {
		sources := make(map[string]int)
		for _, st := range p.Stories() {
			if strings.Contains(st.Title+"\n"+st.Summary+"\n"+st.Text, name) {
				sources[st.Source]++
			}
		}
		if len(sources) < 2 {
			t.Errorf("%q appears in stories from %d source(s) %v, want 2 or more", name, len(sources), sources)
		}
	}
}

// people are the recurring invented people, as first name and surname.
var people = [][2]string{
	{"Elena", "Varga"}, {"Tomas", "Brenner"}, {"Marguerite", "Solberg"},
	{"Rafael", "Ostrowski"}, {"Hannah", "Okonjo"}, {"Priya", "Raman"},
	{"Jonah", "Castell"}, {"Ines", "Marchetti"}, {"Kofi", "Brandt"},
	{"Yusuf", "Demir"}, {"Amara", "Nwosu"}, {"Aiko", "Tanabe"}, {"Ada", "Furlong"},
	{"Nadia", "Kerr"}, {"Owen", "Pryce"}, {"Haruki", "Sendo"}, {"Camila", "Duarte"},
	{"Leonor", "Vasconcelos"}, {"Gideon", "Marsh"}, {"Lena", "Strand"},
	{"Gregor", "Hale"}, {"Simone", "Farrant"}, {"Derek", "Oyelaran"},
	{"Mateo", "Riis"}, {"Esther", "Vane"}, {"Eli", "Hartmann"}, {"Sami", "Okoro"},
}

// TestFullNameOnFirstMention checks the news convention entity extraction
// relies on: in every body, a person's first mention is the full name, and
// later ones may use the surname alone.
func TestFullNameOnFirstMention(t *testing.T) {
	p := newTestPublisher(t)
	for _, person := range people {
		first, last := person[0], person[1]
		re := regexp.MustCompile(`\b` + last + `\b`)
		for _, st := range p.Stories() {
			loc := re.FindStringIndex(st.Text)
			if loc == nil {
				continue
			}
			if !strings.HasSuffix(st.Text[:loc[0]], first+" ") {
				t.Errorf("%s: first mention of %s is not %q: %q", st.Path(), last, first+" "+last,
					st.Text[max(0, loc[0]-40):loc[1]])
			}
		}
	}
}

func FuzzParseStory(f *testing.F) {
	f.Add([]byte(validStory))
	f.Add([]byte("---\ntitle: a\nsummary: b\nauthor: c d\ncategory: e\nage: 1h\n---\n<script>x</script>\n\n## <b>\n"))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("---\nage: 1h\n\n---\nbody"))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := parseStory("s", "slug", data)
		if err != nil {
			return
		}
		if st.Title == "" || st.Summary == "" || st.Author == "" || st.Category == "" || st.Text == "" {
			t.Fatalf("parsed story with an empty field: %+v", st)
		}
		if st.Age < time.Minute || st.Age > MaxAge {
			t.Fatalf("parsed age %v out of range", st.Age)
		}
		if utf8.Valid(data) && !strings.ContainsAny(string(data), "\r\x00") {
			if got := htmlBlocksText(t, st.HTML); got != st.Text {
				t.Fatalf("HTML does not round-trip to the text:\nhtml %q\ngot  %q\nwant %q", st.HTML, got, st.Text)
			}
		}
	})
}

// htmlBlocksText parses body HTML and returns the text of its top-level
// elements joined by blank lines, as Story.Text holds it.
func htmlBlocksText(t *testing.T, body string) string {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(body), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		t.Fatalf("parse body HTML: %v", err)
	}
	var blocks []string
	for _, n := range nodes {
		if n.Type == html.ElementNode {
			blocks = append(blocks, textOf(n))
		}
	}
	return strings.Join(blocks, "\n\n")
}

func textOf(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(textOf(c))
	}
	return b.String()
}
