// Package analyze understands a story once, at ingest: the entities it mentions,
// the topics they resolve to with their salience, and its section. `herald tag`
// and ingest share it, so both give the same answer for the same text.
package analyze

import (
	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/section"
	"github.com/heraldnews/herald/internal/textnorm"
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
	// ID names the story for the topic memory (a story id, a feed item's
	// id): analysing the same ID again replaces what it taught. "" means a
	// hash of the title and text.
	ID         string
	Title      string
	Text       string   // plain text of the story
	Categories []string // the feed's or publisher's categories
	Section    string   // a section the publisher set; wins over any prediction
	// SourceCategory is the source's own category (from OPML or the operator);
	// when it names a section, every story of the source is in that section.
	SourceCategory string
	// Source is the name of the story's source ("The Civic Ledger"); a story
	// naming its own publisher is not about it.
	Source string
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

// Analyze tags one story: it normalises the title and text (textnorm), finds
// the entities in them, resolves them into topics (recording what the story
// teaches the resolver's memory) and picks the section. Entity offsets and
// texts refer to in.Text as given.
func (a *Analyzer) Analyze(in Input) Analysis {
	p := a.prepare(in)
	return a.finish(in, p)
}

// prepared is a story normalised and tagged, ready for resolution.
type prepared struct {
	ti topic.Input
}

// prepare normalises in and runs the entity finder over it.
func (a *Analyzer) prepare(in Input) prepared {
	title, text := textnorm.Story(in.Title, in.Text)
	ti := topic.Input{ID: in.ID, Title: title, Text: text, Categories: in.Categories}
	if in.Source != "" {
		ti.Publishers = []string{in.Source}
	}
	if a.entities != nil {
		ti.Mentions = a.entities.Mentions(text)
		ti.TitleMentions = a.entities.Mentions(title)
	}
	return prepared{ti: ti}
}

// finish resolves a prepared story and picks its section.
func (a *Analyzer) finish(in Input, p prepared) Analysis {
	res := a.resolver.Resolve(p.ti)
	for i := range res.Entities {
		e := &res.Entities[i]
		e.Text = in.Text[e.Start:e.End] // the normalised text has the original's offsets
	}
	sec, from := a.section(Input{Title: p.ti.Title, Text: p.ti.Text, Categories: in.Categories,
		Section: in.Section, SourceCategory: in.SourceCategory})
	return Analysis{Topics: res.Topics, Entities: res.Entities, Section: sec, SectionSource: from}
}

// AnalyzeAll tags a collection of stories as one: every story is first
// resolved once so that the resolver's memory learns from all of them
// (acronyms defined in one story, full names, kind evidence), then again to
// give each its topics in the light of the whole collection. Each story is
// tagged once. It is what re-resolving stored stories does, and what `herald
// tag --jsonl` does with its input.
func (a *Analyzer) AnalyzeAll(ins []Input) []Analysis {
	ps := make([]prepared, len(ins))
	for i, in := range ins {
		ps[i] = a.prepare(in)
		a.resolver.Resolve(ps[i].ti)
	}
	out := make([]Analysis, len(ins))
	for i, in := range ins {
		out[i] = a.finish(in, ps[i])
	}
	return out
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
