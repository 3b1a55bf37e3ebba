// Package bench generates deterministic news corpora and drives HTTP load,
// for `herald bench`: the same seed gives the same stories, sources, topics
// and readers on every machine and either database.
package bench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/heraldnews/herald"
)

// Corpus describes a generated corpus. Topic and source popularity follow
// Zipf's law, as real news does: a few topics are in many stories.
type Corpus struct {
	Seed    uint64
	Stories int           // stories stored straight into the store
	Sources int           // K sources they come from
	Topics  int           // T topics they carry (5 each)
	Span    time.Duration // stories are spread over the Span before End
	End     time.Time
}

// Source returns the i-th source (0-based).
func (c Corpus) Source(i int) *herald.Source {
	return &herald.Source{URL: fmt.Sprintf("https://outlet-%03d.bench.example/feed.xml", i),
		Title: fmt.Sprintf("%s %s", pick(outletA, i), pick(outletB, i/len(outletA))), FullText: herald.FullTextNever}
}

// TopicSlug returns the slug of topic k.
func (c Corpus) TopicSlug(k int) string { return fmt.Sprintf("bench-topic-%05d", k) }

// Story returns the i-th story, for the source with id sourceIDs[its source
// index]: about 120 words of text and 5 topics, one of them its most salient.
func (c Corpus) Story(i int, sourceIDs []int64) *herald.Story {
	r := rand.New(rand.NewPCG(c.Seed, uint64(i)))
	src := zipf(r, len(sourceIDs))
	step := c.Span / time.Duration(max(c.Stories, 1))
	at := c.End.Add(-c.Span + time.Duration(i)*step).Truncate(time.Millisecond)
	topics := make([]herald.StoryTopic, 0, 5)
	seen := map[int]bool{}
	for len(topics) < 5 {
		k := zipf(r, c.Topics)
		if seen[k] {
			continue
		}
		seen[k] = true
		topics = append(topics, herald.StoryTopic{
			Topic:    herald.Topic{Slug: c.TopicSlug(k), Name: topicName(k), Kind: kinds[k%len(kinds)]},
			Salience: 1 - float64(len(topics))*0.18,
		})
	}
	text := Text(r, 120)
	return &herald.Story{
		SourceID: sourceIDs[src], ExternalID: fmt.Sprintf("bench-%d", i),
		URL:   fmt.Sprintf("https://outlet-%03d.bench.example/%d", src, i),
		Title: Title(r), Summary: "<p>" + text[:min(len(text), 200)] + "</p>", ContentHTML: "<p>" + text + "</p>",
		Text: text, Authors: []string{pick(first, i) + " " + pick(last, i/7)}, PublishedAt: at,
		Topics: topics, Section: sections[i%len(sections)], SectionSource: herald.SectionFromSource,
	}
}

// zipf draws an index in [0, n) with probability falling as 1/(k+1).
func zipf(r *rand.Rand, n int) int {
	if n <= 1 {
		return 0
	}
	// Inverse of the continuous approximation of the harmonic CDF.
	u := r.Float64()
	k := int(math.Exp(u*math.Log(float64(n)+1))) - 1
	return min(max(k, 0), n-1)
}

// Title returns a headline of a few words and a name or two.
func Title(r *rand.Rand) string {
	return fmt.Sprintf("%s %s %s %s in %s", pick(first, r.IntN(1<<20)), pick(last, r.IntN(1<<20)),
		pick(verbs, r.IntN(1<<20)), pick(objects, r.IntN(1<<20)), pick(places, r.IntN(1<<20)))
}

// Text returns about words words of news-like prose with people, places and
// organisations in it, so that a tagger has real work.
func Text(r *rand.Rand, words int) string {
	var b strings.Builder
	n := 0
	for n < words {
		s := fmt.Sprintf("%s %s of the %s %s %s %s in %s on %s, officials said. ",
			pick(first, r.IntN(1<<20)), pick(last, r.IntN(1<<20)), pick(orgs, r.IntN(1<<20)),
			pick(verbs, r.IntN(1<<20)), pick(adjectives, r.IntN(1<<20)), pick(objects, r.IntN(1<<20)),
			pick(places, r.IntN(1<<20)), pick(days, r.IntN(1<<20)))
		b.WriteString(s)
		n += strings.Count(s, " ")
	}
	return strings.TrimSpace(b.String())
}

func pick(list []string, i int) string { return list[i%len(list)] }

// topicName is a readable name for topic k.
func topicName(k int) string {
	switch kinds[k%len(kinds)] {
	case herald.KindPerson:
		return pick(first, k) + " " + pick(last, k/len(first))
	case herald.KindPlace:
		return pick(places, k) + fmt.Sprintf(" %d", k)
	}
	return pick(orgs, k) + fmt.Sprintf(" %d", k)
}

var (
	kinds      = []string{herald.KindPerson, herald.KindPlace, herald.KindOrganisation, herald.KindEvent, herald.KindOther}
	sections   = []string{"World", "Business", "Politics", "Sport", "Technology", "Science", "Culture"}
	outletA    = []string{"Northern", "Daily", "Evening", "Harbour", "Capital", "Valley", "Coastal", "Metro", "Union", "Free"}
	outletB    = []string{"Herald", "Courier", "Gazette", "Tribune", "Post", "Observer", "Chronicle", "Ledger", "Times", "Standard"}
	first      = []string{"Anna", "Kenji", "Maria", "Tomas", "Amara", "Liam", "Sofia", "Ravi", "Elena", "Omar", "Ingrid", "Chen", "Fatima", "Lucas", "Noor", "Pavel"}
	last       = []string{"Keller", "Okafor", "Tanaka", "Silva", "Novak", "Haddad", "Lindqvist", "Moreau", "Patel", "Fischer", "Rossi", "Kowalski", "Nakamura", "Brennan"}
	orgs       = []string{"Finance Ministry", "Central Bank", "Port Authority", "Football Federation", "Energy Agency", "Supreme Court", "Medical Council", "Transport Union", "Space Agency", "Trade Commission"}
	places     = []string{"Westhaven", "Norrbridge", "Port Ellery", "Calderia", "Lisbon", "Osaka", "Nairobi", "Quito", "Tallinn", "Perth", "Montreal", "Busan"}
	verbs      = []string{"announced", "rejected", "approved", "delayed", "questioned", "unveiled", "defended", "criticised", "expanded", "reviewed"}
	adjectives = []string{"new", "disputed", "long-awaited", "costly", "regional", "emergency", "revised", "national", "temporary", "ambitious"}
	objects    = []string{"budget", "rail link", "trade deal", "election plan", "stadium", "vaccine programme", "tax reform", "harbour project", "wind farm", "peace talks"}
	days       = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
)
