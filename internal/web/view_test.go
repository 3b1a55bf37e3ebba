package web

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/extract"
	"golang.org/x/net/html"
)

// allPages has one value of every page type.
var allPages = []page{
	&loginPage{}, &feedPage{}, &topicsPage{}, &topicPage{}, &storyPage{},
	&sourcesPage{}, &sourcePage{}, &followingPage{}, &errorPage{},
	&savedPage{}, &searchPage{}, &settingsPage{}, &adminPage{}, &adminTopicsPage{}, &previewPage{},
	&deletePage{}, &mergeConfirmPage{}, &shortcutsPage{}, &clusterPage{}, &whyPage{}, &rankingPage{}, &headlinesPage{},
}

// TestTemplatesTypeCheck executes every template with its page struct twice: zero
// (every else-branch) and filled by reflection (every field set, every slice with
// one element, every bool true), so a template that names a missing field or
// calls a helper with the wrong types fails here, not in front of a reader.
func TestTemplatesTypeCheck(t *testing.T) {
	s := &server{tmpl: mustParseTemplates(), now: time.Now}
	var names []string
	for _, p := range allPages {
		names = append(names, p.templateName())
		for _, variant := range []string{"zero", "filled"} {
			t.Run(p.templateName()+"/"+variant, func(t *testing.T) {
				v := reflect.New(reflect.TypeOf(p).Elem())
				if variant == "filled" {
					fill(v.Elem(), 0)
				}
				rec := httptest.NewRecorder()
				if err := s.render(rec, httptest.NewRequest("GET", "/x", nil), http.StatusOK, v.Interface().(page)); err != nil {
					t.Fatal(err)
				}
				if _, err := html.Parse(rec.Body); err != nil {
					t.Fatalf("output does not parse as HTML: %v", err)
				}
			})
		}
	}
	var files []string
	for name := range s.tmpl.pages {
		files = append(files, name)
	}
	slices.Sort(files)
	slices.Sort(names)
	if !slices.Equal(files, names) {
		t.Errorf("template files %v and page types %v differ: every page file needs a typed page struct", files, names)
	}
}

var fixedTime = time.Date(2026, 3, 2, 14, 5, 0, 0, time.UTC)

// fill sets every exported field of v to a non-zero value.
func fill(v reflect.Value, depth int) {
	if depth > 5 || !v.CanSet() {
		return
	}
	if v.Type() == reflect.TypeOf(time.Time{}) {
		v.Set(reflect.ValueOf(fixedTime))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Int, reflect.Int64:
		v.SetInt(2)
	case reflect.Float64:
		v.SetFloat(0.5)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), depth+1)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), depth+1)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth+1)
			}
		}
	}
}

func TestRelTime(t *testing.T) {
	now := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		t    time.Time
		want string
	}{
		{"seconds", now.Add(-20 * time.Second), "just now"},
		{"one minute", now.Add(-time.Minute), "1 minute ago"},
		{"minutes", now.Add(-59 * time.Minute), "59 minutes ago"},
		{"one hour", now.Add(-time.Hour), "1 hour ago"},
		{"hours", now.Add(-3*time.Hour - 10*time.Minute), "3 hours ago"},
		{"yesterday", now.Add(-30 * time.Hour), "yesterday"},
		{"days", now.Add(-5 * 24 * time.Hour), "5 days ago"},
		{"same year", time.Date(2026, 1, 7, 9, 0, 0, 0, time.UTC), "7 Jan"},
		{"other year", time.Date(2024, 11, 30, 9, 0, 0, 0, time.UTC), "30 Nov 2024"},
		{"soon", now.Add(30 * time.Second), "in under a minute"},
		{"in minutes", now.Add(20 * time.Minute), "in 20 minutes"},
		{"in a day and more", now.Add(30 * time.Hour), "in 1 day"},
	} {
		if got := relTime(tc.t, now); got != tc.want {
			t.Errorf("%s: relTime = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestSnippet(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"short", "A short text.", 50, "A short text."},
		{"cut at a word", "The quick brown fox jumps over the lazy dog", 20, "The quick brown fox…"},
		{"trailing punctuation dropped", "Alpha, beta, gamma, delta", 13, "Alpha, beta…"},
		{"no spaces", strings.Repeat("x", 30), 10, strings.Repeat("x", 10) + "…"},
		{"runes not bytes", "北朝鮮がミサイルを発射した", 5, "北朝鮮がミ…"},
	} {
		if got := snippet(tc.in, tc.max); got != tc.want {
			t.Errorf("%s: snippet = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func FuzzSnippet(f *testing.F) {
	for _, s := range []string{"<p>one</p><p>two</p>", "a<script>x</script>b", "北朝鮮 が <b>ミサイル</b>", "<p>open <em>"} {
		f.Add(s, 10)
	}
	f.Fuzz(func(t *testing.T, fragment string, max int) {
		if max < 1 || max > 1000 {
			return
		}
		text := extract.InlineText(fragment)
		if strings.Contains(text, "  ") || text != strings.TrimSpace(text) {
			t.Fatalf("extract.InlineText(%q) = %q has loose white space", fragment, text)
		}
		got := snippet(text, max)
		if n := utf8.RuneCountInString(got); n > max+1 {
			t.Fatalf("snippet(%q, %d) = %q has %d runes", text, max, got, n)
		}
		if utf8.ValidString(fragment) && !utf8.ValidString(got) {
			t.Fatalf("snippet(%q, %d) = %q is not valid UTF-8", text, max, got)
		}
	})
}

func BenchmarkFeedRender(b *testing.B) {
	s := &server{tmpl: mustParseTemplates(), now: time.Now}
	p := &feedPage{layout: layout{Title: "Your feed", Nav: "feed"}, NextCursor: "abc"}
	for range pageSize {
		var c storyCard
		fill(reflect.ValueOf(&c).Elem(), 0)
		c.Snippet = strings.Repeat("word ", 50)
		p.Items = append(p.Items, c)
	}
	req := httptest.NewRequest("GET", "/", nil)
	for b.Loop() {
		if err := s.render(httptest.NewRecorder(), req, http.StatusOK, p); err != nil {
			b.Fatal(err)
		}
	}
}

func TestReasonLine(t *testing.T) {
	topic := func(name, slug string) herald.Reason {
		return herald.Reason{Kind: herald.ReasonTopic, Text: "Because you follow " + name, TopicSlug: slug}
	}
	for _, tc := range []struct {
		name    string
		reasons []herald.Reason
		want    string
	}{
		{"none", nil, ""},
		{"one", []herald.Reason{topic("North Korea", "north-korea")}, "Because you follow [North Korea](/topics/north-korea)"},
		{"two", []herald.Reason{topic("Seoul", "seoul"), {Text: "Because you follow Asia Desk", SourceID: 3}},
			"Because you follow [Seoul](/topics/seoul) and [Asia Desk](/sources/3)"},
		{"three", []herald.Reason{topic("A", "a"), topic("B", "b"), topic("C", "c")},
			"Because you follow [A](/topics/a), [B](/topics/b) and [C](/topics/c)"},
		{"other wording", []herald.Reason{topic("Seoul", "seoul"), {Text: "Popular today"}},
			"[Because you follow Seoul](/topics/seoul); Popular today"},
	} {
		line := newReasonLine(tc.reasons)
		var b strings.Builder
		if line.Lead != "" {
			b.WriteString(line.Lead + " ")
		}
		for _, p := range line.Parts {
			b.WriteString(p.Before)
			if p.Href != "" {
				b.WriteString("[" + p.Text + "](" + p.Href + ")")
			} else {
				b.WriteString(p.Text)
			}
		}
		if got := b.String(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// httptestRecorder serves one request on h and returns the status.
func httptestRecorder(h http.Handler, method, path string) int {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec.Code
}
