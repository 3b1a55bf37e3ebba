package demo

// Events returns the demo's multi-outlet events: the same happening told by
// three or four outlets in their own words, so that `herald demo` shows
// story clusters. It maps each event's name to its stories' paths (as
// Story.Path gives them); the map is the caller's. Stories not listed belong
// to no such event.
func Events() map[string][]string {
	out := make(map[string][]string, len(events))
	for name, paths := range events {
		out[name] = append([]string(nil), paths...)
	}
	return out
}

// WireCopies returns the paths of a wire story and of its nearly verbatim
// copy on another outlet: near-duplicates.
func WireCopies() [2]string { return wireCopies }

// Revision returns the paths of a story and of its revised version under a
// new URL: near-duplicates.
func Revision() [2]string { return revision }

// events are the demo's multi-outlet events, by name, each with the paths of
// its stories.
var events = map[string][]string{
	"kestrel derailment": {
		"/harbour-gazette/kestrel-junction-derailment", "/saltmarsh-courier/kestrel-diesel-leak-fears",
		"/northwind/kestrel-derailment-freight-rerouted", "/calderia-today/kestrel-line-to-reopen-cracked-rail",
	},
	"airport strike": {
		"/calderia-today/norrbridge-airport-strike-wire", "/saltmarsh-courier/norrbridge-airport-walkout",
		"/northwind/airport-strike-cost-airlines", "/civic-ledger/wren-calls-airport-talks",
	},
	"recycling plant fire": {
		"/calderia-today/halden-recycling-plant-fire", "/calderia-today/halden-fire-under-control",
		"/harbour-gazette/aldmoor-residents-smoke-warning", "/northwind/halden-fire-recycling-capacity",
	},
	"bank data breach": {
		"/circuit/fenwick-savings-bank-breach", "/northwind/fenwick-shares-fall-after-breach",
		"/calderia-today/fenwick-breach-what-customers-should-do", "/saltmarsh-courier/fenwick-breach-scam-calls-coast",
	},
	"northern cross race": {
		"/meridian-sport/lindqvist-wins-northern-cross", "/harbour-gazette/crowds-greet-tove-lindqvist",
		"/saltmarsh-courier/kittiwake-built-in-greyshoal",
	},
	"health minister resigns": {
		"/civic-ledger/kray-resigns-over-records-failure", "/calderia-today/castellane-report-carelink",
		"/harbour-gazette/westhaven-hospital-carelink-reaction", "/saltmarsh-courier/hester-lyle-carelink-pledge",
	},
}

// The wire story run nearly verbatim by two outlets, and the story revised
// under a new URL: paths of the original and of the copy.
var (
	wireCopies = [2]string{"/calderia-today/norrbridge-airport-strike-wire", "/saltmarsh-courier/norrbridge-airport-walkout"}
	revision   = [2]string{"/calderia-today/halden-recycling-plant-fire", "/calderia-today/halden-fire-under-control"}
)
