package section

import (
	"slices"
	"testing"
)

func TestCanonicalSection(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plural", "Sports", Sport},
		{"lower", "sport", Sport},
		{"a sport", "Football", Sport},
		{"sport phrase", "Premier League", Sport},
		{"short tech", "Tech", Technology},
		{"long tech", "technology", Technology},
		{"science and tech", "Science & Tech", Technology},
		{"ag news", "Sci/Tech", Technology},
		{"science", "Science", Science},
		{"science and environment", "Science & Environment", Science},
		{"world news", "World News", World},
		{"region", "Middle East", World},
		{"url path", "news/world/africa", World},
		{"breadcrumb", "Sport > Football", Sport},
		{"most specific segment", "Business > Technology", Technology},
		{"unknown tail", "News | Politics | Westminster", Politics},
		{"money", "Money and Business", Business},
		{"arts", "Arts & Entertainment", Entertainment},
		{"film", "Film", Entertainment},
		{"tv", "TV & Radio", Entertainment},
		{"health", "Health and Fitness", Health},
		{"opinion", "Comment is free", Opinion},
		{"op-ed", "Op-Ed", Opinion},
		{"climate", "Climate change", Environment},
		{"lifestyle", "Life & Style", Lifestyle},
		{"education", "Education", Education},
		{"upper", "POLITICS", Politics},
		{"spaces", "  business  ", Business},
		{"unknown", "Shinzo Abe", ""},
		{"generic", "News", ""},
		{"country", "US", ""},
		{"front page", "Home", ""},
		{"empty", "", ""},
		{"punctuation", "///", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := CanonicalSection(tc.in)
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("CanonicalSection(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.want != "")
			}
		})
	}
}

func TestCanonicalSectionReturnsSections(t *testing.T) {
	all := Sections()
	for phrase, sec := range categoryTable {
		if !slices.Contains(all, sec) {
			t.Errorf("category %q maps to %q, not in Sections()", phrase, sec)
		}
		if got, ok := CanonicalSection(phrase); !ok || got != sec {
			t.Errorf("CanonicalSection(%q) = %q, %v; want %q", phrase, got, ok, sec)
		}
	}
}

func TestSectionsIsACopy(t *testing.T) {
	s := Sections()
	s[0] = "changed"
	if Sections()[0] != World {
		t.Fatal("Sections returned the package's own slice")
	}
}

func FuzzCanonicalSection(f *testing.F) {
	for _, s := range []string{"Sports", "news/world", "Sci/Tech", "A & B", "»›|"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sec, ok := CanonicalSection(s)
		if ok != (sec != "") || ok && !slices.Contains(sections, sec) {
			t.Fatalf("CanonicalSection(%q) = %q, %v", s, sec, ok)
		}
	})
}

func TestSectionOf(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want string
	}{
		{"none", nil, ""},
		{"unknown only", []string{"Shinzo Abe", "Japan"}, ""},
		{"one known", []string{"Japan", "Politics"}, Politics},
		{"majority", []string{"Tech", "Football", "Soccer", "Technology", "Premier League"}, Sport},
		{"tie goes to the first", []string{"Business", "Tech"}, Business},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := SectionOf(tc.in...)
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("SectionOf(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
			}
		})
	}
}
