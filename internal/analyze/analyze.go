// Package analyze understands a story once, at ingest: the entities it mentions,
// the topics they resolve to with their salience, and its section. `herald tag`
// and ingest share it, so both give the same answer for the same text.
package analyze

import (
	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/section"
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

// New returns an Analyzer. A nil finder leaves extraction to the resolver's
// proper-noun phrases (which also read its alias catalogue); a nil classifier
// leaves the section to feed categories.
func New(entities EntityFinder, resolver *topic.Resolver, sections SectionClassifier) *Analyzer {
	return &Analyzer{entities: entities, resolver: resolver, sections: sections, minConf: 0.4}
}

// Input is what Analyze reads.
type Input struct {
	Title      string
	Text       string   // plain text of the story
	Categories []string // the feed's or publisher's categories
	Section    string   // a section the publisher set; wins over any prediction
	// SourceCategory is the source's own category (from OPML or the operator);
	// when it names a section, every story of the source is in that section.
	SourceCategory string
}

// Analysis is what Analyze finds.
type Analysis struct {
	Topics   []herald.StoryTopic
	Entities []topic.Entity
	Section  string
	// SectionSource says where Section came from: a herald.SectionFrom
	// constant, "" when Section is "".
	SectionSource string
}

// Analyze tags one story.
func (a *Analyzer) Analyze(in Input) Analysis {
	ti := topic.Input{Title: in.Title, Text: in.Text, Categories: in.Categories}
	if a.entities != nil {
		ti.Mentions = a.entities.Mentions(in.Text)
		ti.TitleMentions = a.entities.Mentions(in.Title)
	}
	res := a.resolver.Resolve(ti)
	sec, from := a.section(in)
	return Analysis{Topics: res.Topics, Entities: res.Entities, Section: sec, SectionSource: from}
}

// Section picks the story's section as Analyze does, without the topics, and
// says where it came from (a herald.SectionFrom constant): the publisher's, the
// source's category, the item's categories, then the classifier when it is
// confident enough; "", "" when none applies.
func (a *Analyzer) Section(in Input) (section, from string) { return a.section(in) }

func (a *Analyzer) section(in Input) (string, string) {
	if in.Section != "" {
		return in.Section, herald.SectionFromPublisher
	}
	if s, ok := section.CanonicalSection(in.SourceCategory); ok {
		return s, herald.SectionFromSource
	}
	if s, ok := section.SectionOf(in.Categories...); ok {
		return s, herald.SectionFromCategory
	}
	if a.sections == nil {
		return "", ""
	}
	s, conf := a.sections.Section(in.Title, in.Text)
	if s == "" || conf < a.minConf {
		return "", ""
	}
	return s, herald.SectionFromModel
}
