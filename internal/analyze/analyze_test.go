package analyze

import (
	"testing"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/nlp"
	"github.com/heraldnews/herald/internal/topic"
)

type fixedSection struct {
	section string
	conf    float64
}

func (f fixedSection) Section(string, string) (string, float64) { return f.section, f.conf }

func TestSectionPrecedence(t *testing.T) {
	tests := []struct {
		name       string
		classifier SectionClassifier
		in         Input
		want, from string
	}{
		{"publisher's section wins", fixedSection{"Sport", 0.9}, Input{Section: "Politics", SourceCategory: "Business", Categories: []string{"Tech"}}, "Politics", herald.SectionFromPublisher},
		{"source category beats item categories", fixedSection{"Sport", 0.9}, Input{SourceCategory: "Business news", Categories: []string{"Technology"}}, "Business", herald.SectionFromSource},
		{"item categories beat the classifier", fixedSection{"Sport", 0.9}, Input{Categories: []string{"Tech", "Technology", "Sport"}}, "Technology", herald.SectionFromCategory},
		{"an unknown source category is ignored", fixedSection{"Sport", 0.9}, Input{SourceCategory: "My favourites"}, "Sport", herald.SectionFromModel},
		{"a confident classifier", fixedSection{"Health", 0.8}, Input{}, "Health", herald.SectionFromModel},
		{"an unsure classifier says nothing", fixedSection{"Health", 0.2}, Input{}, "", ""},
		{"a classifier without a model says nothing", fixedSection{"", 0}, Input{}, "", ""},
		{"no classifier", nil, Input{}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := New(nil, topic.NewResolver(topic.Options{}), tt.classifier)
			got := a.Analyze(tt.in)
			if got.Section != tt.want || got.SectionSource != tt.from {
				t.Errorf("section = %q from %q, want %q from %q", got.Section, got.SectionSource, tt.want, tt.from)
			}
		})
	}
}

func TestAnalyzeFindsTopicsWithEitherFinder(t *testing.T) {
	text := "Prime Minister Shinzo Abe met President Donald Trump in Tokyo on Monday. Abe said the talks on North Korea went well, and Trump agreed. North Korea did not comment."
	tagger, err := nlp.DefaultTagger()
	if err != nil {
		t.Fatal(err)
	}
	for name, finder := range map[string]EntityFinder{"proper nouns": nil, "tagger": NER{Tagger: tagger}} {
		t.Run(name, func(t *testing.T) {
			a := New(finder, topic.NewResolver(topic.Options{}), nil)
			res := a.Analyze(Input{Title: "Abe and Trump discuss North Korea", Text: text})
			got := map[string]bool{}
			for _, tp := range res.Topics {
				got[tp.Slug] = true
			}
			for _, want := range []string{"shinzo-abe", "donald-trump", "north-korea"} {
				if !got[want] {
					t.Errorf("topics %v lack %s", res.Topics, want)
				}
			}
			if len(res.Entities) == 0 {
				t.Error("no entities")
			}
		})
	}
}
