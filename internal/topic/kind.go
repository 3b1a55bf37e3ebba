package topic

import (
	"strings"
	"unicode/utf8"

	"github.com/heraldnews/herald"
)

// Kind maps an entity type to a topic kind: PER → person, LOC → place,
// ORG → organisation, anything else (MISC, "") → other. It also accepts the
// common synonyms PERSON, GPE, LOCATION, ORGANIZATION and EVENT, in any case.
// Events are recognised by their name, not their type: see KindFor.
func Kind(nerType string) string {
	switch strings.ToUpper(nerType) {
	case "PER", "PERSON":
		return herald.KindPerson
	case "LOC", "GPE", "LOCATION":
		return herald.KindPlace
	case "ORG", "ORGANIZATION", "ORGANISATION":
		return herald.KindOrganisation
	case "EVENT":
		return herald.KindEvent
	default:
		return herald.KindOther
	}
}

// KindFor is Kind refined by the name: an entity typed MISC, ORG or nothing
// whose last word names a kind of event ("Pyeongchang Winter Olympics",
// "G20 Summit", "World Cup", "Cannes Film Festival") is an event.
func KindFor(name, nerType string) string {
	k := Kind(nerType)
	if hasEventHead(name) {
		return herald.KindEvent // "Storm Isolde" is tagged PER by taggers trained on news of people
	}
	if k == herald.KindPerson || k == herald.KindPlace {
		return k
	}
	if isEventName(name) {
		return herald.KindEvent
	}
	return k
}

// eventHeads begin the names of events whose other words are a given name
// ("Hurricane Katrina", "Operation Desert Storm").
var eventHeads = []string{"storm ", "tropical storm ", "hurricane ", "typhoon ", "cyclone ", "super typhoon ", "operation "}

// eventHeadStarts are the first letters of eventHeads, in both cases.
var eventHeadStarts = func() string {
	var b []byte
	for _, h := range eventHeads {
		b = append(b, h[0], h[0]-'a'+'A')
	}
	return string(b)
}()

// hasEventHead reports whether name starts with an event head and has a name after it.
func hasEventHead(name string) bool {
	name = strings.TrimSpace(name)
	if name != "" && name[0] < utf8.RuneSelf && strings.IndexByte(eventHeadStarts, name[0]) < 0 {
		return false // no head starts so: spare lower-casing the name
	}
	low := strings.ToLower(name)
	for _, h := range eventHeads {
		if strings.HasPrefix(low, h) && len(low) > len(h) {
			return true
		}
	}
	return false
}

// isEventName reports whether the last word of name marks an event.
func isEventName(name string) bool {
	name = strings.TrimRight(name, " .")
	i := strings.LastIndexAny(name, " -")
	if i < 0 {
		return false // a lone "Olympics" or "Games" is not enough to name one
	}
	return lexOf(name[i+1:])&lexEvent != 0
}

// nerType is the inverse of Kind, used to type entities that resolved
// through the catalogue.
func nerType(kind string) string {
	switch kind {
	case herald.KindPerson:
		return "PER"
	case herald.KindPlace:
		return "LOC"
	case herald.KindOrganisation:
		return "ORG"
	default:
		return "MISC"
	}
}

// normKind returns kind when it is a known topic kind, the Kind of it when it
// is an entity type, and KindOther otherwise.
func normKind(kind string) string {
	switch kind {
	case herald.KindPerson, herald.KindPlace, herald.KindOrganisation, herald.KindEvent, herald.KindOther:
		return kind
	}
	return Kind(kind)
}
