// Command replaygen makes a replay file for `herald eval rank` from labelled
// news in JSON lines ({"id","label","text"[,"title"]}, as in the classify
// evaluation sets): simulated readers who follow one place and have two
// latent interests (labels) that they show only by what they open and read.
//
//	go run ./internal/rank/replaygen --input news.jsonl --seed 1 > replay.jsonl
//
// Each story gets a source, a publication time over --days days and one of
// --places places: carried as a topic (right with probability --tagging,
// else another place) and named in a dateline (with probability 0.7). Each
// reader follows a place and, for each of the history days, is shown 8
// stories of their place and 8 others, opens those of their interests with
// probability 0.7 (others 0.05) and reads what they open (long dwell for an
// interest, short otherwise). The stories of the last --fresh-days are the
// fresh ones: a story's grade is 1 for the reader's place plus 1 for one of
// their interests; the replay's "relevant" lists the graded ones.
//
// Write the file outside the repository: the corpora's licences do not let
// their text into it.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/rank"
)

var places = []string{"Norway", "Chile", "Kenya", "Vietnam", "Portugal", "Canada", "Peru", "Ghana",
	"Finland", "Morocco", "Nepal", "Uruguay", "Austria", "Jordan", "Iceland", "Bolivia"}

type item struct {
	Label, Title, Text string
}

type story struct {
	rank.ReplayStory
	label string
	place int
}

func main() {
	in := flag.String("input", "", "labelled JSON lines (required)")
	seed := flag.Uint64("seed", 1, "random seed")
	readers := flag.Int("readers", 60, "simulated readers")
	nplaces := flag.Int("places", 8, "places")
	tagging := flag.Float64("tagging", 0.8, "probability that a story's place topic is right")
	days := flag.Int("days", 16, "days the stories span")
	fresh := flag.Int("fresh-days", 2, "the last days, whose stories are the fresh ones")
	maxStories := flag.Int("stories", 6000, "at most this many stories (a random sample)")
	flag.Parse()
	if err := run(*in, *seed, *readers, *nplaces, *tagging, *days, *fresh, *maxStories); err != nil {
		fmt.Fprintln(os.Stderr, "replaygen:", err)
		os.Exit(1)
	}
}

func run(in string, seed uint64, readers, nplaces int, tagging float64, days, fresh, maxStories int) error {
	items, err := read(in)
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(seed, 99))
	r.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	items = items[:min(maxStories, len(items))]
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	start := now.Add(-time.Duration(days) * 24 * time.Hour)
	stories := make([]*story, len(items))
	for i, it := range items {
		stories[i] = makeStory(r, it, int64(i+1), nplaces, tagging, start.Add(time.Duration(r.Int64N(int64(now.Sub(start))))))
	}
	slices.SortFunc(stories, func(a, b *story) int { return a.Published.Compare(b.Published) })
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for _, s := range stories {
		if err := enc.Encode(map[string]any{"story": s.ReplayStory}); err != nil {
			return err
		}
	}
	labels := labelSet(stories)
	freshFrom := now.Add(-time.Duration(fresh) * 24 * time.Hour)
	for i := range readers {
		rd := makeReader(r, i, stories, labels, nplaces, freshFrom, now)
		if err := enc.Encode(map[string]any{"reader": rd}); err != nil {
			return err
		}
	}
	return nil
}

func read(path string) ([]item, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var items []item
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var it item
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			return nil, err
		}
		if it.Title == "" {
			it.Title = firstWords(it.Text, 10)
		}
		items = append(items, it)
	}
	return items, sc.Err()
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	return strings.Join(f[:min(n, len(f))], " ")
}

func makeStory(r *rand.Rand, it item, id int64, nplaces int, tagging float64, at time.Time) *story {
	place := r.IntN(nplaces)
	tagged := place
	if r.Float64() > tagging {
		tagged = r.IntN(nplaces)
	}
	text := it.Text
	if r.Float64() < 0.7 {
		text = strings.ToUpper(places[place]) + " - " + text
	}
	src := r.IntN(20) + 1
	name := places[tagged]
	return &story{label: it.Label, place: place, ReplayStory: rank.ReplayStory{ID: id, Title: it.Title, Text: text,
		SourceID: int64(src), Source: "Source " + strconv.Itoa(src), Published: at,
		Topics: []rank.DocTopic{{ID: int64(tagged + 1), Slug: strings.ToLower(name), Name: name, Salience: 0.8}}}}
}

func labelSet(stories []*story) []string {
	var ls []string
	for _, s := range stories {
		if !slices.Contains(ls, s.label) {
			ls = append(ls, s.label)
		}
	}
	slices.Sort(ls)
	return ls
}

func makeReader(r *rand.Rand, n int, stories []*story, labels []string, nplaces int, freshFrom, now time.Time) rank.ReplayReader {
	place := r.IntN(nplaces)
	a := r.IntN(len(labels))
	b := (a + 1 + r.IntN(len(labels)-1)) % len(labels)
	interest := map[string]bool{labels[a]: true, labels[b]: true}
	rd := rank.ReplayReader{ID: "reader-" + strconv.Itoa(n), Now: now, Relevant: map[string]float64{},
		Follows: rank.ReplayFollows{Topics: []int64{int64(place + 1)}}}
	byDay := map[int][]*story{}
	for _, s := range stories {
		if s.Published.Before(freshFrom) {
			d := int(now.Sub(s.Published).Hours() / 24)
			byDay[d] = append(byDay[d], s)
		} else if g := grade(s, place, interest); g > 0 {
			rd.Relevant[strconv.FormatInt(s.ID, 10)] = g
		}
	}
	for d := 14 + int(now.Sub(freshFrom).Hours()/24); d >= 0; d-- {
		day := byDay[d]
		var shown []*story
		for _, i := range r.Perm(len(day)) {
			s := day[i]
			inPlace := s.Topics[0].ID == int64(place+1)
			if (inPlace && countIf(shown, true, place) < 8) || (!inPlace && countIf(shown, false, place) < 8) {
				shown = append(shown, s)
			}
		}
		for _, s := range shown {
			rd.Events = append(rd.Events, events(r, s, interest[s.label])...)
		}
	}
	return rd
}

func countIf(list []*story, inPlace bool, place int) int {
	n := 0
	for _, s := range list {
		if (s.Topics[0].ID == int64(place+1)) == inPlace {
			n++
		}
	}
	return n
}

func grade(s *story, place int, interest map[string]bool) float64 {
	g := 0.0
	if s.place == place {
		g++
	}
	if interest[s.label] {
		g++
	}
	return g
}

// events are one shown story's impression, and an open and read if the reader clicks.
func events(r *rand.Rand, s *story, interested bool) []herald.Event {
	at := s.Published.Add(time.Duration(r.IntN(180)) * time.Minute)
	evs := []herald.Event{{StoryID: s.ID, Kind: herald.EventImpression, At: at}}
	p := 0.05
	if interested {
		p = 0.7
	}
	if r.Float64() >= p {
		return evs
	}
	dwell := int64(2000 + r.IntN(6000))
	if interested {
		dwell = int64(20000 + r.IntN(100000))
	}
	return append(evs, herald.Event{StoryID: s.ID, Kind: herald.EventOpen, At: at.Add(10 * time.Second)},
		herald.Event{StoryID: s.ID, Kind: herald.EventRead, At: at.Add(10*time.Second + time.Duration(dwell)*time.Millisecond), DwellMS: dwell})
}
