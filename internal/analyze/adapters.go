package analyze

import (
	"github.com/heraldnews/herald/internal/nlp"
	"github.com/heraldnews/herald/internal/section"
	"github.com/heraldnews/herald/internal/topic"
)

// NER finds entities with the trained tagger, and adds the proper-noun phrases
// it missed (typed by the tagger where spans agree).
type NER struct{ Tagger *nlp.Tagger }

// Mentions implements EntityFinder.
func (n NER) Mentions(text string) []topic.Mention {
	ents := n.Tagger.Entities(text)
	ms := make([]topic.Mention, len(ents))
	for i, e := range ents {
		ms[i] = topic.Mention{Text: e.Text, Type: e.Type, Start: e.Start, End: e.End}
	}
	return topic.MergeMentions(ms, topic.ProperNouns(text))
}

// Sections classifies with a trained section model.
type Sections struct{ Model *section.Model }

// Section implements SectionClassifier.
func (s Sections) Section(title, text string) (string, float64) {
	return s.Model.Predict(title, text)
}
