package topic

import (
	"unicode"

	"github.com/heraldnews/herald"
)

// typePersons types as persons the untyped names that read like them: a name
// with a particle ("Erik ten Hag"), or a two- or three-word name whose last
// word also appears on its own in the text, the way news writing gives a
// full name first and the surname after ("Marcus Rashford" … "Rashford").
// Names of places, institutions and events, and names built on a known place
// ("Manchester United", "Greater China"), are left alone.
func (x *extractor) typePersons(cs []cand) {
	var alone map[string]bool // x.alone, once built
	for i := range cs {
		c := &cs[i]
		if c.m.Type != "" || len(c.ts) < 2 || len(c.ts) > 4 {
			continue
		}
		if alone == nil {
			alone = emptyMap(x.alone, len(cs))
			x.alone = alone
			for _, d := range cs {
				if len(d.ts) == 1 {
					alone[d.ts[0].low] = true
				}
			}
		}
		last := c.ts[len(c.ts)-1].low
		if !hasParticle(c.ts) && (len(c.ts) > 3 || !alone[last]) {
			continue
		}
		if x.personShaped(c.ts) && !x.seenLower(c.ts[0].low) {
			c.m.Type = "PER" // not "Good Samsung": a word of the text is no given name
		}
	}
}

// personShaped reports whether the words could be a person's name: letters
// only, no word of an institution, event or facility, no known place or
// organisation at either end.
func (x *extractor) personShaped(ts []token) bool {
	if ts[0].is(lexFacility) {
		return false // "Place de la Republique", "Stade de France"
	}
	for _, t := range ts {
		if t.is(lexOrgSuffix|lexEvent|lexWork|lexTitleHead) || !alphabetic(t.low) {
			return false
		}
	}
	return !x.knownThing(ts[:1]) && !x.knownThing(ts[len(ts)-1:])
}

// knownThing reports whether the catalogue knows ts as something other
// than a person.
func (x *extractor) knownThing(ts []token) bool {
	if !x.mayBeKnown(ts) {
		return false
	}
	m, ok := x.lookupSpan(ts[0].start, ts[len(ts)-1].end)
	return ok && m.Kind != herald.KindPerson
}

// alphabetic reports whether w is made of letters, with inner hyphens,
// apostrophes and dots ("Jae-in", "O'Neill", "J.").
func alphabetic(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) && r != '-' && r != '.' && !isApostrophe(r) {
			return false
		}
	}
	return true
}

// hasParticle reports a lower-case name particle inside ts ("ten" in "Erik
// ten Hag"; a capitalised "Van" as in "Dick Van Dyke" is just a name word).
func hasParticle(ts []token) bool {
	for _, t := range ts[1 : len(ts)-1] {
		if !t.cap && t.is(lexParticle) {
			return true
		}
	}
	return false
}
