// Package analyze understands a story once, at ingest: the entities it mentions,
// the topics they resolve to with their salience, and its section. `herald tag`
// and ingest share it, so both give the same answer for the same text.
package analyze

import (
	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/topic"
)

// EntityFinder finds entity mentions in plain text; offsets are bytes into text.
type EntityFinder interface {
	Mentions(text string) []topic.Mention
}

// SectionClassifier predicts a story's section from its title and text.
type SectionClassifier interface {
	Section(title, text string) (section string, confidence float64)
}

// Analyzer combines an entity finder, the topic resolver and a section classifier.
// The zero value is not usable; build one with New. It is safe for concurrent use
// when its parts are.
type Analyzer struct {
	entities EntityFinder
	resolver *topic.Resolver
	sections SectionClassifier // may be nil: sections then come from categories only
	minConf  float64
}

// New returns an Analyzer. A nil finder falls back to proper-noun phrases; a nil
// classifier leaves the section to feed categories.
func New(entities EntityFinder, resolver *topic.Resolver, sections SectionClassifier) *Analyzer {
	if entities == nil {
		entities = ProperNouns{}
	}
	return &Analyzer{entities: entities, resolver: resolver, sections: sections, minConf: 0.4}
}

// Input is what Analyze reads.
type Input struct {
	Title      string
	Text       string   // plain text of the story
	Categories []string // the feed's or publisher's categories
	Section    string   // a section the publisher set; wins over any prediction
}

// Analysis is what Analyze finds.
type Analysis struct {
	Topics   []herald.StoryTopic
	Entities []topic.Entity
	Section  string
}

// Analyze tags one story.
func (a *Analyzer) Analyze(in Input) Analysis {
	res := a.resolver.Resolve(topic.Input{
		Title:         in.Title,
		Text:          in.Text,
		Mentions:      a.entities.Mentions(in.Text),
		TitleMentions: a.entities.Mentions(in.Title),
		Categories:    in.Categories,
	})
	return Analysis{Topics: res.Topics, Entities: res.Entities, Section: a.section(in)}
}

func (a *Analyzer) section(in Input) string {
	if in.Section != "" {
		return in.Section
	}
	if s := sectionFromCategories(in.Categories); s != "" {
		return s
	}
	if a.sections == nil {
		return ""
	}
	s, conf := a.sections.Section(in.Title, in.Text)
	if conf < a.minConf {
		return ""
	}
	return s
}

// ProperNouns is the rule-based entity finder: capitalised phrases.
type ProperNouns struct{}

// Mentions implements EntityFinder.
func (ProperNouns) Mentions(text string) []topic.Mention { return topic.ProperNouns(text) }
