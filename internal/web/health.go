package web

import (
	"strings"
)

// health is a source's fetch status in words a person understands.
type health struct {
	State  string // ok, paused, waiting, failing
	Label  string // "Working", "Paused", "Waiting for its first fetch", "Failing"
	Reason string // why it fails, in plain words; "" unless failing
}

// sourceHealth sums up a source's fetch state.
func sourceHealth(row sourceRow) health {
	switch {
	case row.Paused:
		return health{State: "paused", Label: "Paused: Herald does not fetch it until you resume it"}
	case row.LastError != "":
		return health{State: "failing", Label: "Failing", Reason: plainFetchError(row.LastError)}
	case row.URL == "":
		return health{State: "ok", Label: "Its publisher pushes its stories to Herald"}
	case row.LastFetched.ISO == "":
		return health{State: "waiting", Label: "Waiting for its first fetch"}
	}
	return health{State: "ok", Label: "Working"}
}

// fetchProblems map what fetch and feed errors say to what they mean for a
// reader, first match wins.
var fetchProblems = []struct{ needle, words string }{
	{"connection refused", "The site refused the connection: it may be down, or no longer at that address."},
	{"no such host", "That address does not exist (the site's name cannot be found). Check its spelling."},
	{"private or reserved network", "That address is on a private network, which Herald does not fetch from."},
	{"timed out", "The site took too long to answer."},
	{"deadline exceeded", "The site took too long to answer."},
	{"HTTP 404", "The feed is not at that address any more (the site says “not found”)."},
	{"HTTP 410", "The site has removed this feed for good."},
	{"HTTP 401", "The site asks for a password to read this feed."},
	{"HTTP 403", "The site does not let Herald read this feed."},
	{"HTTP 429", "The site asked Herald to slow down; it will try again later."},
	{"HTTP 5", "The site had a problem of its own; Herald will try again."},
	{"looks like an HTML page", "That address is a web page, not a feed. Open the source's settings and use its feed address."},
	{"certificate", "The site's security certificate is not valid, so Herald will not trust it."},
	{"tls", "A secure connection to the site could not be made."},
	{"too large", "The feed is larger than Herald reads."},
	{"too many redirects", "The site sends Herald round in circles (too many redirects)."},
	{"not a feed", "What the site sends is not a feed Herald can read."},
	{"parse feed", "The feed is broken: Herald could not read it."},
}

// plainFetchError says what a recorded fetch error means, with the technical
// text after it for whoever runs the site.
func plainFetchError(msg string) string {
	lower := strings.ToLower(msg)
	for _, p := range fetchProblems {
		if strings.Contains(lower, strings.ToLower(p.needle)) {
			return p.words
		}
	}
	return "Herald could not fetch the feed."
}
