package analyze

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/topic"
)

// scores are the figures of one judged sample.
type scores struct {
	stories, topics              int
	correct, kindCorrect         int            // topics matching a gold entity; with its kind
	gold, found, foundKind       int            // gold entities; found as a topic; with the right kind
	goldBy, foundBy              map[string]int // by kind
	credits, tickers             int            // topics that are a credit or a ticker
	splitEntities, twoKindSlugs  int
	splits, twoKinds             []string
	falsePositives, falseMissing []string
}

var creditNames = map[string]bool{"reuter": true, "reuters": true, "kyodo": true, "ap": true, "afp": true}

// score judges the tagged stories against their gold entities.
func score(stories []judgedStory, got []tagged) scores {
	sc := scores{goldBy: map[string]int{}, foundBy: map[string]int{}}
	slugsOf := map[string]map[string]bool{} // gold entity (first key) → slugs it was given
	kindsOf := map[string]map[string]bool{} // slug → kinds
	for i, s := range stories {
		sc.stories++
		for _, tp := range got[i].Topics {
			sc.topics++
			if kindsOf[tp.Slug] == nil {
				kindsOf[tp.Slug] = map[string]bool{}
			}
			kindsOf[tp.Slug][tp.Kind] = true
			g, ok := matchGold(s.Gold, tp, got[i].Entities)
			switch {
			case ok:
				sc.correct++
				if g.Kind == tp.Kind {
					sc.kindCorrect++
				}
			case matchesAny(s.allowed, tp, got[i].Entities):
				sc.topics-- // neither right nor wrong
			default:
				sc.falsePositives = append(sc.falsePositives, s.ID+":"+tp.Name+"/"+tp.Kind)
			}
			if creditNames[tp.Slug] {
				sc.credits++
			}
			if isTicker(s.Text, tp.Name) && !ok {
				sc.tickers++
			}
		}
		for _, g := range s.Gold {
			sc.gold++
			sc.goldBy[g.Kind]++
			var kinds []string
			for _, tp := range got[i].Topics {
				if gold, ok := matchGold([]goldTopic{g}, tp, got[i].Entities); ok && gold.Name == g.Name {
					kinds = append(kinds, tp.Kind)
					k := g.keys()[0]
					if slugsOf[k] == nil {
						slugsOf[k] = map[string]bool{}
					}
					slugsOf[k][tp.Slug] = true
				}
			}
			if len(kinds) > 0 {
				sc.found++
				sc.foundBy[g.Kind]++
				if contains(kinds, g.Kind) {
					sc.foundKind++
				}
			} else {
				sc.falseMissing = append(sc.falseMissing, s.ID+":"+g.Name+"/"+g.Kind)
			}
		}
	}
	for k, slugs := range slugsOf {
		if len(slugs) > 1 {
			sc.splitEntities++
			sc.splits = append(sc.splits, k+"→"+strings.Join(keys(slugs), ","))
		}
	}
	for slug, kinds := range kindsOf {
		if len(kinds) > 1 {
			sc.twoKindSlugs++
			sc.twoKinds = append(sc.twoKinds, slug+":"+strings.Join(keys(kinds), "/"))
		}
	}
	sort.Strings(sc.splits)
	sort.Strings(sc.twoKinds)
	return sc
}

// matchGold finds the gold entity a topic stands for: one whose name or an
// alias folds to the topic's name, or whose name a mention gave that
// resolved to the topic.
func matchGold(gs []goldTopic, tp herald.StoryTopic, ents []topic.Entity) (goldTopic, bool) {
	names := []string{topic.Key(tp.Name), tp.Slug}
	for _, e := range ents {
		if e.Topic == tp.Slug {
			names = append(names, topic.Key(strings.TrimSuffix(strings.TrimSuffix(e.Text, "'s"), "'")))
		}
	}
	for _, g := range gs {
		for _, k := range g.keys() {
			if contains(names, k) {
				return g, true
			}
		}
	}
	return goldTopic{}, false
}

func matchesAny(gs []goldTopic, tp herald.StoryTopic, ents []topic.Entity) bool {
	_, ok := matchGold(gs, tp, ents)
	return ok
}

// isTicker reports a topic whose name the text gives only as a ticker:
// "<BUD>", "(VMNB)".
func isTicker(text, name string) bool {
	return strings.Contains(text, "<"+name+">") || strings.Contains(text, "("+name+")") && !strings.Contains(name, " ")
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func pct(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", 100*float64(a)/float64(b))
}

// report is the figures as one line of text.
func (sc scores) report() string {
	var by []string
	for _, k := range []string{herald.KindPerson, herald.KindPlace, herald.KindOrganisation} {
		by = append(by, fmt.Sprintf("%s %s (%d)", k, pct(sc.foundBy[k], sc.goldBy[k]), sc.goldBy[k]))
	}
	return fmt.Sprintf("stories %d, topics %d: precision %s, with kind %s; recall %s [%s]; kind accuracy %s; split entities %d, slugs with two kinds %d, credit topics %d, ticker topics %d",
		sc.stories, sc.topics, pct(sc.correct, sc.topics), pct(sc.kindCorrect, sc.topics), pct(sc.found, sc.gold),
		strings.Join(by, ", "), pct(sc.foundKind, sc.found), sc.splitEntities, sc.twoKindSlugs, sc.credits, sc.tickers)
}

// judgedSamples returns the samples' stories of one split, by sample name.
func judgedSamples(t *testing.T, split string) map[string][]judgedStory {
	all := map[string][]judgedStory{"wire": readWire(t), "conll-train": readCoNLLStories(t)}
	out := map[string][]judgedStory{}
	for name, stories := range all {
		for _, s := range stories {
			if s.Split == split {
				out[name] = append(out[name], s)
			}
		}
	}
	return out
}

// TestJudgedSweep scores settings of the topic cap and thresholds on the
// development split (HERALD_JUDGE_SWEEP=1): how the defaults were chosen.
func TestJudgedSweep(t *testing.T) {
	if os.Getenv("HERALD_JUDGE_SWEEP") == "" {
		t.Skip("set HERALD_JUDGE_SWEEP=1 to sweep the resolver's settings on the dev split")
	}
	samples := judgedSamples(t, "dev")
	for _, max := range []int{12, 16, 20, 30} {
		for _, th := range []float64{0.1, 0.05, 0.02} {
			for _, ev := range []float64{0.9, 0.7, 0.55, 0.4} {
				var line []string
				for _, name := range []string{"wire", "conll-train"} {
					sc := score(samples[name], tagAll(t, samples[name], topic.Options{MaxTopics: max, Threshold: th, MinEvidence: ev}))
					line = append(line, fmt.Sprintf("%s P %s R %s (per %s pl %s org %s)", name, pct(sc.correct, sc.topics), pct(sc.found, sc.gold),
						pct(sc.foundBy[herald.KindPerson], sc.goldBy[herald.KindPerson]), pct(sc.foundBy[herald.KindPlace], sc.goldBy[herald.KindPlace]),
						pct(sc.foundBy[herald.KindOrganisation], sc.goldBy[herald.KindOrganisation])))
				}
				t.Logf("max %d threshold %.2f evidence %.2f: %s", max, th, ev, strings.Join(line, "; "))
			}
		}
	}
}

func TestJudged(t *testing.T) {
	split := os.Getenv("HERALD_JUDGE_SPLIT")
	if split == "" {
		split = "dev"
	}
	samples := judgedSamples(t, split)
	for _, name := range []string{"wire", "conll-train"} {
		stories := samples[name]
		if len(stories) == 0 {
			continue
		}
		sc := score(stories, tagAll(t, stories, topic.Options{}))
		t.Logf("%s (%s): %s", name, split, sc.report())
		if testing.Verbose() && os.Getenv("HERALD_JUDGE_DETAIL") != "" {
			t.Logf("wrong topics: %v", sc.falsePositives)
			t.Logf("missed: %v", sc.falseMissing)
			t.Logf("split: %v", sc.splits)
			t.Logf("two kinds: %v", sc.twoKinds)
		}
	}
}
