// Package topic turns the entity mentions of a story into the topics a reader
// can follow (people, places, organisations, events and other named
// subjects), each with a salience saying how central it is to the story.
//
// The flow for one story is:
//
//	mentions (a tagger's, or ProperNouns')
//	  → layout: each mention's line is prose, a heading, a caption, or
//	    boilerplate (menus, promotions, bylines, credits), found by structure
//	  → normalise: titles, honorifics, possessives, legal forms, capitals
//	  → resolve: the Catalogue across stories (aliases, demonyms), or a fuller
//	    name in the same story ("Abe" → "Shinzo Abe"), or the name itself
//	  → score: title, categories, frequency, first position and kind
//	  → Result: topics above the threshold, and every mention as an Entity
//
// ProperNouns is the first extractor: rules over capitalisation, titles,
// known places and name shapes, with no model. A trained tagger can replace
// it; MergeMentions keeps ProperNouns as a fallback for what the tagger
// misses.
//
// Resolve does no I/O and keeps no state between calls (it reuses working
// memory through a sync.Pool, never results), so it needs no context; it
// runs at ingest for every story and costs a fraction of a millisecond for a
// typical one. Its work is linear in the length of the text. A Resolver and a
// Catalogue are safe for concurrent use.
//
// Text is read line by line: callers converting HTML should end each block
// element (paragraph, heading, list item, caption) with a line break, as the
// boilerplate rules look at lines.
package topic
