package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/analyze"
	"github.com/heraldnews/herald/internal/cluster"
	"github.com/heraldnews/herald/internal/nlp"
	"github.com/heraldnews/herald/internal/topic"
)

func storiesByPath(p *Publisher) map[string]Story {
	out := map[string]Story{}
	for _, st := range p.Stories() {
		out[st.Path()] = st
	}
	return out
}

// TestMultiOutletEvents holds the events to their brief: three to five
// outlets each, different headlines, minutes to hours apart, and a developing
// one whose latest story is under an hour old.
func TestMultiOutletEvents(t *testing.T) {
	p := newTestPublisher(t)
	byPath := storiesByPath(p)
	recent := 0
	for name, paths := range Events() {
		outlets := map[string]bool{}
		var first, last time.Time
		for _, path := range paths {
			st, ok := byPath[path]
			if !ok {
				t.Fatalf("%s: no story %s", name, path)
			}
			outlets[st.Source] = true
			if first.IsZero() || st.Published.Before(first) {
				first = st.Published
			}
			if st.Published.After(last) {
				last = st.Published
			}
		}
		if n := len(outlets); n < 3 || n > 5 {
			t.Errorf("%s: %d outlets, want 3-5", name, n)
		}
		if span := last.Sub(first); span < 30*time.Minute || span > 24*time.Hour {
			t.Errorf("%s: told over %s, want from half an hour to a day", name, span)
		}
		if testNow.Sub(last) < time.Hour {
			recent++
		}
	}
	if len(Events()) < 6 {
		t.Errorf("%d multi-outlet events, want at least 6", len(Events()))
	}
	if recent == 0 {
		t.Error("no event has a development under an hour old")
	}
	wire, rev := WireCopies(), Revision()
	a, b := byPath[wire[0]], byPath[wire[1]]
	if a.Source == b.Source || a.Author != b.Author || a.Title == b.Title {
		t.Errorf("wire copies %s and %s: want two outlets, one byline, two headlines", a.Path(), b.Path())
	}
	r0, r1 := byPath[rev[0]], byPath[rev[1]]
	if r0.Source != r1.Source || !r1.Published.After(r0.Published) || r0.Slug == r1.Slug {
		t.Errorf("revision %s → %s: want the same outlet, a later time and a new URL", r0.Path(), r1.Path())
	}
}

// TestEventsCluster runs the demo's stories through the analysis and the
// clustering engine that ingest uses, in the orders ingest can meet them:
// oldest first, feed by feed, and the feeds interleaved as concurrent
// fetches store them (each feed newest first; ten fixed shuffles). In each,
// every event becomes one cluster of its own, the wire copy and the revision
// are near-duplicates (and no other story is one), and no cluster holds two
// events.
func TestEventsCluster(t *testing.T) {
	p := newTestPublisher(t)
	tagger, err := nlp.DefaultTagger()
	if err != nil {
		t.Fatalf("tagger: %v", err)
	}
	an := analyze.New(analyze.NER{Tagger: tagger}, topic.NewResolver(topic.Options{}), nil)
	topics := map[string][]herald.StoryTopic{}
	for _, st := range p.Stories() {
		topics[st.Path()] = an.Analyze(analyze.Input{ID: st.Path(), Title: st.Title, Text: st.Text, Categories: []string{st.Category}}).Topics
	}
	oldest := p.Stories()
	slices.Reverse(oldest)
	var feeds [][]Story
	for _, s := range p.Sources() {
		feeds = append(feeds, p.bySource[s.Slug])
	}
	orders := map[string][]Story{"oldest first": oldest, "feed by feed": slices.Concat(feeds...)}
	for seed := range 10 {
		orders[fmt.Sprintf("feeds interleaved (%d)", seed)] = interleave(feeds, rand.New(rand.NewPCG(uint64(seed), 1)))
	}
	for order, stories := range orders {
		clusterOf, dupOf := clusterStories(t, topics, stories)
		checkEvents(t, order, clusterOf)
		checkCopies(t, order, dupOf)
		t.Logf("%s: cluster sizes %v", order, clusterSizes(clusterOf))
	}
}

// clusterSizes returns the sizes of the clusters in clusterOf, largest
// first: with -v, what a reader of the demo sees.
func clusterSizes(clusterOf map[string]int64) []int {
	n := map[int64]int{}
	for _, id := range clusterOf {
		n[id]++
	}
	var sizes []int
	for _, k := range n {
		sizes = append(sizes, k)
	}
	slices.SortFunc(sizes, func(a, b int) int { return b - a })
	return sizes
}

// checkEvents checks that every event is one cluster that holds no other.
func checkEvents(t *testing.T, order string, clusterOf map[string]int64) {
	t.Helper()
	eventOf := map[string]string{}
	for name, paths := range Events() {
		for _, path := range paths {
			eventOf[path] = name
		}
	}
	members := map[int64][]string{}
	for path, id := range clusterOf {
		members[id] = append(members[id], path)
	}
	for name, paths := range Events() {
		id := clusterOf[paths[0]]
		for _, path := range paths[1:] {
			if clusterOf[path] != id {
				t.Errorf("%s: %s is not in the cluster of %s", order, path, paths[0])
			}
		}
		for _, path := range members[id] {
			if other := eventOf[path]; other != "" && other != name {
				t.Errorf("%s: the %s and %s events share cluster %d", order, name, other, id)
			}
		}
	}
}

// checkCopies checks that the wire copies and the revision are taken for
// near-duplicates (whichever of a pair arrives later is the duplicate) and
// that no other story is.
func checkCopies(t *testing.T, order string, dupOf map[string]string) {
	t.Helper()
	copies := map[string]string{}
	for _, pair := range [][2]string{WireCopies(), Revision()} {
		copies[pair[0]], copies[pair[1]] = pair[1], pair[0]
		if dupOf[pair[0]] != pair[1] && dupOf[pair[1]] != pair[0] {
			t.Errorf("%s: %s and %s are not taken for near-duplicates", order, pair[0], pair[1])
		}
	}
	for path, orig := range dupOf {
		if copies[path] != orig {
			t.Errorf("%s: %s is taken for a near-duplicate of %s: want stories in their own words", order, path, orig)
		}
	}
}

// interleave merges the feeds in a random order that keeps each feed's own.
func interleave(feeds [][]Story, r *rand.Rand) []Story {
	queues := slices.Clone(feeds)
	var out []Story
	for len(queues) > 0 {
		i := r.IntN(len(queues))
		out = append(out, queues[i][0])
		if queues[i] = queues[i][1:]; len(queues[i]) == 0 {
			queues = slices.Delete(queues, i, i+1)
		}
	}
	return out
}

// clusterStories clusters stories, with their topics by path, in the order
// given and returns each story's final cluster and the story it nearly
// duplicates.
func clusterStories(t *testing.T, topics map[string][]herald.StoryTopic, stories []Story) (clusterOf map[string]int64, dupOf map[string]string) {
	t.Helper()
	e := cluster.New(cluster.DefaultConfig())
	for i, st := range stories {
		d := cluster.Doc{StoryID: int64(i + 1), Title: st.Title, Text: st.Text, Topics: topics[st.Path()], Published: st.Published}
		if _, err := e.Add(d); err != nil {
			t.Fatalf("add %s: %v", st.Path(), err)
		}
	}
	clusterOf, dupOf = map[string]int64{}, map[string]string{}
	for _, m := range e.Snapshot().Members {
		path := stories[m.StoryID-1].Path()
		clusterOf[path] = m.ClusterID
		if m.DuplicateOf != 0 {
			dupOf[path] = stories[m.DuplicateOf-1].Path()
		}
	}
	return clusterOf, dupOf
}
