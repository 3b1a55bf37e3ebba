package storetext

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/heraldnews/herald"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"ascii kept", "North Korea", "North Korea"},
		{"unicode kept", "Zürich — 東京 🚀", "Zürich — 東京 🚀"},
		{"nul dropped", "a\x00b\x00", "ab"},
		{"invalid utf8 replaced", "caf\xe9!", "caf\uFFFD!"},
		{"both", "\x00\xff\x00", "\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPlain(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain text", "  Markets   rally\n\ttoday ", "Markets rally today"},
		{"tags removed", "<p>Hello <b>big</b> world</p>", "Hello big world"},
		{"blocks separated", "<p>one</p><p>two</p><ul><li>three</li></ul>", "one two three"},
		{"entities decoded", "<p>Fish &amp; chips &lt;3 &eacute;t&eacute;</p>", "Fish & chips <3 été"},
		{"script and style skipped", "<style>p{}</style><p>shown</p><script>alert(1)</script>", "shown"},
		{"br and img", "a<br>b<img src=x alt=y>c", "a b c"},
		{"unclosed markup", "<p>open <em>ended", "open ended"},
		{"nul and invalid bytes", "<p>a\x00b \xff</p>", "ab \uFFFD"},
		{"unicode", "<h1>Élection à Zürich</h1><p>東京</p>", "Élection à Zürich 東京"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Plain(tt.in); got != tt.want {
				t.Errorf("Plain(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzPlain(f *testing.F) {
	for _, s := range []string{"", "<p>a</p>", "<script>x</script>y", "a\x00\xff", "<a href='&amp;'>&#0;</a>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := Plain(in)
		if !utf8.ValidString(got) || strings.ContainsRune(got, 0) {
			t.Fatalf("Plain(%q) = %q: not clean", in, got)
		}
		if got != strings.TrimSpace(got) || strings.Contains(got, "  ") {
			t.Fatalf("Plain(%q) = %q: white space not collapsed", in, got)
		}
		if Plain(got) != got && !strings.ContainsAny(got, "<&") {
			t.Fatalf("Plain not idempotent on text %q", got)
		}
	})
}

func TestTopicLinks(t *testing.T) {
	tests := []struct {
		name    string
		in      []herald.StoryTopic
		want    []TopicLink
		wantErr string
	}{
		{name: "none", in: nil, want: []TopicLink{}},
		{
			name: "defaults and order",
			in: []herald.StoryTopic{
				{Topic: herald.Topic{Slug: "zurich", Name: "Zürich", Kind: herald.KindPlace}, Salience: 0.5},
				{Topic: herald.Topic{Slug: "acme"}, Salience: 0.2},
			},
			want: []TopicLink{
				{Slug: "acme", Name: "acme", NameKey: "acme", Kind: herald.KindOther, Salience: 0.2},
				{Slug: "zurich", Name: "Zürich", NameKey: "zürich", Kind: herald.KindPlace, Salience: 0.5},
			},
		},
		{
			name: "duplicate slug keeps most salient, salience clamped",
			in: []herald.StoryTopic{
				{Topic: herald.Topic{Slug: "x", Name: "Low"}, Salience: 0.1},
				{Topic: herald.Topic{Slug: "x", Name: "High"}, Salience: 7},
				{Topic: herald.Topic{Slug: "y", Name: "Y"}, Salience: -1},
			},
			want: []TopicLink{
				{Slug: "x", Name: "High", NameKey: "high", Kind: herald.KindOther, Salience: 1},
				{Slug: "y", Name: "Y", NameKey: "y", Kind: herald.KindOther, Salience: 0},
			},
		},
		{name: "empty slug", in: []herald.StoryTopic{{Topic: herald.Topic{Name: "No slug"}}}, wantErr: herald.EINVALID},
		{name: "nan salience", in: []herald.StoryTopic{{Topic: herald.Topic{Slug: "n"}, Salience: math.NaN()}}, wantErr: herald.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := TopicLinks(tt.in)
			if code := herald.ErrorCode(err); code != tt.wantErr {
				t.Fatalf("TopicLinks error = %v, want code %q", err, tt.wantErr)
			}
			if tt.wantErr != "" {
				return
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("TopicLinks (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{"North KOREA": "north korea", "ÉLYSÉE": "élysée", "a\x00B": "ab"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSearchText(t *testing.T) {
	if got, want := SearchText("  AT&T  said\n\t<b> is a tag\x00 "), "AT&T said <b> is a tag"; got != want {
		t.Errorf("SearchText = %q, want %q", got, want)
	}
	_, text := hugeArticle()
	got := SearchText(text)
	if len(got) > MaxSearchBytes || !utf8.ValidString(got) || !strings.HasPrefix(text, got) {
		t.Errorf("SearchText of a 5 MB text: %d bytes (cap %d), valid UTF-8 %t, prefix %t",
			len(got), MaxSearchBytes, utf8.ValidString(got), strings.HasPrefix(text, got))
	}
}
