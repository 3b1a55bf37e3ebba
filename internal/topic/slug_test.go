package topic

import (
	"strings"
	"testing"

	"github.com/heraldnews/herald"
)

func TestSlug(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "North Korea", "north-korea"},
		{"diacritics", "Zürich", "zurich"},
		{"decomposed diacritics", "Zu\u0308rich", "zurich"},
		{"many diacritics", "São Paulo Čapek Łódź", "sao-paulo-capek-lodz"},
		{"ligatures and sharp s", "Ærø Straße Œuvre", "aero-strasse-oeuvre"},
		{"dotted initialism", "U.S.", "us"},
		{"dotted initialism of three", "U.S.A.", "usa"},
		{"initial with space", "N. Korea", "n-korea"},
		{"abbreviation keeps a separator", "St. Petersburg", "st-petersburg"},
		{"hyphenated name", "Moon Jae-in", "moon-jae-in"},
		{"apostrophe", "O'Brien", "obrien"},
		{"curly apostrophe", "Côte d’Ivoire", "cote-divoire"},
		{"ampersand between letters", "AT&T", "att"},
		{"ampersand between words is and: both spellings are one name", "Procter & Gamble", "procter-and-gamble"},
		{"and spelt out", "Procter and Gamble", "procter-and-gamble"},
		{"a letter and a digit fold: G-7 and G7 are one name", "G-7", "g7"},
		{"a letter and a digit fold, in a longer name", "Lockheed F-16", "lockheed-f16"},
		{"two letters keep their hyphen", "A-B", "a-b"},
		{"punctuation runs", "  --Hello,   World!!  ", "hello-world"},
		{"digits", "G20 Summit 2024", "g20-summit-2024"},
		{"other scripts kept", "東京 Tokyo", "東京-tokyo"},
		{"cyrillic lower-cased", "Москва", "москва"},
		{"empty", "", ""},
		{"no letters", "!!! ---", ""},
		{"case folds", "PyeongChang", "pyeongchang"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Slug(tt.in); got != tt.want {
				t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSlugLength(t *testing.T) {
	long := strings.Repeat("word ", 40)
	got := Slug(long)
	if len(got) > maxSlugLen || strings.HasSuffix(got, "-") || !strings.HasPrefix(got, "word-word") {
		t.Errorf("Slug(long) = %q (%d bytes)", got, len(got))
	}
	if Slug(got) != got {
		t.Errorf("Slug is not idempotent on %q", got)
	}
}

func TestKind(t *testing.T) {
	tests := []struct{ in, want string }{
		{"PER", herald.KindPerson},
		{"per", herald.KindPerson},
		{"LOC", herald.KindPlace},
		{"GPE", herald.KindPlace},
		{"ORG", herald.KindOrganisation},
		{"MISC", herald.KindOther},
		{"", herald.KindOther},
		{"EVENT", herald.KindEvent},
	}
	for _, tt := range tests {
		if got := Kind(tt.in); got != tt.want {
			t.Errorf("Kind(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKindFor(t *testing.T) {
	tests := []struct{ name, typ, want string }{
		{"Pyeongchang Winter Olympics", "MISC", herald.KindEvent},
		{"G20 Summit", "", herald.KindEvent},
		{"FIFA World Cup", "ORG", herald.KindEvent},
		{"Cannes Film Festival", "", herald.KindEvent},
		{"Olympics", "", herald.KindOther}, // one word is not enough
		{"Harrison Open", "PER", herald.KindPerson},
		{"Bank of Japan", "ORG", herald.KindOrganisation},
		{"Air Force Two", "", herald.KindOther},
		{"Storm Isolde", "PER", herald.KindEvent},
		{"Hurricane Katrina", "LOC", herald.KindEvent},
		{"Operation Desert Storm", "MISC", herald.KindEvent},
		{"Storm", "PER", herald.KindPerson}, // a head alone names nothing
	}
	for _, tt := range tests {
		if got := KindFor(tt.name, tt.typ); got != tt.want {
			t.Errorf("KindFor(%q, %q) = %q, want %q", tt.name, tt.typ, got, tt.want)
		}
	}
}
