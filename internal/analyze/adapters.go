package analyze

import (
	"github.com/heraldnews/herald/internal/nlp"
	"github.com/heraldnews/herald/internal/section"
	"github.com/heraldnews/herald/internal/topic"
)

// NER finds entities with the trained tagger.
type NER struct{ Tagger *nlp.Tagger }

// Mentions implements EntityFinder.
func (n NER) Mentions(text string) []topic.Mention {
	ents := n.Tagger.Entities(text)
	ms := make([]topic.Mention, len(ents))
	for i, e := range ents {
		ms[i] = topic.Mention{Text: e.Text, Type: e.Type, Start: e.Start, End: e.End}
	}
	return ms
}

// Sections classifies with a trained section model.
type Sections struct{ Model *section.Model }

// Section implements SectionClassifier.
func (s Sections) Section(title, text string) (string, float64) {
	return s.Model.Predict(title, text)
}

// sectionFromCategories returns the first category that names a known section.
func sectionFromCategories(cats []string) string {
	for _, c := range cats {
		if s, ok := section.CanonicalSection(c); ok {
			return s
		}
	}
	return ""
}
