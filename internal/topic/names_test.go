package topic

import (
	"strings"
	"testing"

	"github.com/heraldnews/herald"
)

func TestNormName(t *testing.T) {
	tests := []struct {
		name, in, want string
		person, legal  bool
	}{
		{"plain", "Shinzo Abe", "Shinzo Abe", false, false},
		{"president", "President Donald Trump", "Donald Trump", true, false},
		{"prime minister", "Prime Minister Shinzo Abe", "Shinzo Abe", true, false},
		{"vice president", "Vice President Mike Pence", "Mike Pence", true, false},
		{"mr without dot", "Mr Trump", "Trump", true, false},
		{"mrs with dot", "Mrs. May", "May", true, false},
		{"ms", "Ms Ardern", "Ardern", true, false},
		{"dr", "Dr. Fauci", "Fauci", true, false},
		{"senator abbreviation", "Sen. Elizabeth Warren", "Elizabeth Warren", true, false},
		{"chancellor", "Chancellor Angela Merkel", "Angela Merkel", true, false},
		{"king", "King Charles", "Charles", true, false},
		{"pope", "Pope Francis", "Francis", true, false},
		{"secretary of state", "Secretary of State Mike Pompeo", "Mike Pompeo", true, false},
		{"lower-case title", "president Moon", "Moon", true, false},
		{"title alone stays", "President", "President", false, false},
		{"weak head before one word", "General Motors", "General Motors", false, false},
		{"weak head before a name", "General Mark Milley", "Mark Milley", true, false},
		{"possessive", "Abe's", "Abe", false, false},
		{"curly possessive", "North Korea’s", "North Korea", false, false},
		{"plural possessive", "the Joneses'", "Joneses", false, false},
		{"leading the", "the United States", "United States", false, false},
		{"all caps name", "SHINZO ABE", "Shinzo Abe", false, false},
		{"all caps word", "TOKYO", "Tokyo", false, false},
		{"acronym stays", "NATO", "NATO", false, false},
		{"middle initial", "Donald J. Trump", "Donald Trump", false, false},
		{"legal form", "Apple Inc.", "Apple", false, true},
		{"legal form after comma", "Apple, Inc.", "Apple", false, true},
		{"quotes and brackets", "“(Kyodo)”", "Kyodo", false, false},
		{"initialism keeps its dots", "U.S.", "U.S.", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, ok := normName(tt.in)
			if !ok || n.name != tt.want || n.person != tt.person || n.legal != tt.legal {
				t.Errorf("normName(%q) = %+v, %v; want %q person=%v legal=%v", tt.in, n, ok, tt.want, tt.person, tt.legal)
			}
		})
	}
}

func TestNormNameRejects(t *testing.T) {
	for _, in := range []string{"", "   ", "The", "Who", "...", "“”"} {
		if n, ok := normName(in); ok {
			t.Errorf("normName(%q) = %+v, want rejected", in, n)
		}
	}
}

func TestIsSection(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"World", true},
		{"News", true},
		{"Top Stories", true},
		{"Uncategorized", true},
		{"Sport", true},
		{"World News", true},
		{"Arts & Culture", true},
		{"north-korea", false},
		{"North Korea", false},
		{"Donald Trump", false},
		{"Climate change", false},
		{"Asia", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isSection(tt.in); got != tt.want {
			t.Errorf("isSection(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestNormNameCompoundAdjectives(t *testing.T) {
	tests := []struct {
		in, want     string
		place, affix bool
	}{
		{"Osaka-based", "Osaka", true, true},
		{"Norrbridge-based", "Norrbridge", true, true},
		{"London-listed", "London", true, true},
		{"Berlin-born", "Berlin", true, true},
		{"U.S.-based", "U.S.", true, true},
		{"Kremlin-backed", "Kremlin", false, true},
		{"Saudi-led", "Saudi", false, true},
		{"Moon Jae-in", "Moon Jae-in", false, false},      // a hyphenated name is not a suffix
		{"Coca-Cola", "Coca-Cola", false, false},          // capitalised second half
		{"Atlas-3", "Atlas-3", false, false},              // not a word we strip
		{"Rolls-Royce-owned", "Rolls-Royce", false, true}, // only the last hyphen
		{"Osaka-based's", "Osaka", true, true},
	}
	for _, tt := range tests {
		n, ok := normName(tt.in)
		if !ok || n.name != tt.want || n.place != tt.place || n.affix != tt.affix {
			t.Errorf("normName(%q) = %+v, %v; want %q place=%v affix=%v", tt.in, n, ok, tt.want, tt.place, tt.affix)
		}
	}
}

func TestCompoundAdjectiveNamesThePlace(t *testing.T) {
	text := "Takaharu Electronics, the Osaka-based group, said profits rose. The Osaka-based firm employs 4,000 people."
	for _, ms := range [][]Mention{nil, mark(t, text, tm{"Takaharu Electronics", "ORG"}, tm{"Osaka-based", "MISC"}, tm{"Osaka-based", "MISC"})} {
		res := allTopics().Resolve(Input{Text: text, Mentions: ms})
		var got *herald.StoryTopic
		for i, tp := range res.Topics {
			if tp.Slug == "osaka" {
				got = &res.Topics[i]
			}
			if strings.Contains(tp.Slug, "based") {
				t.Errorf("topic %q kept the suffix", tp.Slug)
			}
		}
		if got == nil || got.Kind != herald.KindPlace {
			t.Errorf("mentions %v: topics %v; want osaka, a place", ms != nil, slugs(res))
		}
	}
}

func TestPossessiveSplit(t *testing.T) {
	tests := []struct {
		in          string
		first, rest string
	}{
		{"Westhaven Rovers' Premier Division", "Westhaven Rovers'", "Premier Division"},
		{"Abe's Liberal Democratic Party", "Abe's", "Liberal Democratic Party"},
		{"Japan’s Self-Defense Forces", "Japan’s", "Self-Defense Forces"},
		{"O'Brien", "", ""},
		{"Côte d'Ivoire", "", ""},
		{"Abe's", "", ""},
		{"McDonald's restaurants", "", ""},            // lower case after: one name
		{"Calderian Shipowners' Association", "", ""}, // the owned word is the name's end
		{"Women's World Cup", "", ""},                 // a common noun begins the name
		{"People's Republic of China", "", ""},
	}
	for _, tt := range tests {
		end, next := possessiveSplit(tt.in)
		var first, rest string
		if end > 0 {
			first, rest = tt.in[:end], tt.in[next:]
		}
		if first != tt.first || rest != tt.rest {
			t.Errorf("possessiveSplit(%q) = %q + %q, want %q + %q", tt.in, first, rest, tt.first, tt.rest)
		}
	}
}

func TestPossessiveInsideAMentionMakesTwoTopics(t *testing.T) {
	text := "Westhaven Rovers' Premier Division match was postponed. Westhaven Rovers said the pitch was flooded."
	ms := mark(t, text, tm{"Westhaven Rovers' Premier Division", "ORG"}, tm{"Westhaven Rovers", "ORG"})
	res := allTopics().Resolve(Input{Text: text, Mentions: ms})
	got := strings.Join(slugs(res), " ")
	if !strings.Contains(got, "westhaven-rovers") || !strings.Contains(got, "premier-division") || strings.Contains(got, "rovers-premier") {
		t.Errorf("topics = %s; want westhaven-rovers and premier-division, not one run-on name", got)
	}
}
