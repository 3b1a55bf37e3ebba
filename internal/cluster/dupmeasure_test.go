package cluster

import (
	"encoding/json"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/heraldnews/herald/internal/textvec"
)

// The near-duplicate threshold is measured on pairs built from real articles
// (WikiRef186, the development set): each article and an edited copy of it
// (paragraphs cut, boilerplate added, words changed, and these combined) is a
// duplicate pair; two different articles with the same label (the same topic
// or event, often the same facts in other words) are a distinct pair, and so
// is such a pair where the second quotes the first's longest paragraph. The
// articles are split in two by a hash of their id: the threshold is chosen on
// one half (best F1 over 0.20…0.90) and the other half is scored once with it.
//
//	HERALD_EVAL=/work/shared/eval go test ./internal/cluster -run DupThreshold -v

type dupPair struct {
	a, b string
	dup  bool
}

func TestDupThresholdMeasured(t *testing.T) {
	path := filepath.Join(evalDir(t), "cluster", "wikiref186.jsonl")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("no development data (%v): set HERALD_EVAL to the shared eval folder", err)
	}
	var tune, test []dupPair
	byLabel := map[string][][]string{} // label → [half][text]
	for i, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var it struct{ ID, Label, Text string }
		if err := json.Unmarshal([]byte(line), &it); err != nil {
			t.Fatal(err)
		}
		h := fnv.New32a()
		h.Write([]byte(it.ID))
		half := int(h.Sum32() % 2)
		rng := rand.New(rand.NewPCG(uint64(i), 11))
		for _, edit := range edits {
			p := dupPair{a: it.Text, b: edit(it.Text, rng), dup: true}
			if half == 0 {
				tune = append(tune, p)
			} else {
				test = append(test, p)
			}
		}
		label := strings.SplitN(it.Label, " (", 2)[0] // the Paris files are one event
		if byLabel[label] == nil {
			byLabel[label] = make([][]string, 2)
		}
		byLabel[label][half] = append(byLabel[label][half], it.Text)
	}
	for _, halves := range byLabel {
		for half, texts := range halves {
			for i := range texts {
				for j := i + 1; j < len(texts); j++ {
					// Two reports of one event, and the second quoting the
					// first's longest paragraph: distinct stories both.
					for _, p := range []dupPair{{a: texts[i], b: texts[j]}, {a: texts[i], b: texts[j] + "\n" + longest(texts[i])}} {
						if half == 0 {
							tune = append(tune, p)
						} else {
							test = append(test, p)
						}
					}
				}
			}
		}
	}
	tuneJ, testJ := jaccards(tune), jaccards(test)
	best, bestF1 := 0.0, -1.0
	for th := 0.20; th <= 0.901; th += 0.05 {
		if _, _, f1 := prf(tune, tuneJ, th); f1 > bestF1 {
			best, bestF1 = th, f1
		}
	}
	maxNeg := 0.0
	for i, p := range tune {
		if !p.dup {
			maxNeg = max(maxNeg, tuneJ[i])
		}
	}
	t.Logf("tune half: the most similar distinct pair has Jaccard %.3f", maxNeg)
	p, r, f1 := prf(test, testJ, best)
	t.Logf("tune half: %d pairs, best threshold %.2f (F1 %.4f)", len(tune), best, bestF1)
	t.Logf("test half: %d pairs, at %.2f: precision %.4f recall %.4f F1 %.4f", len(test), best, p, r, f1)
	dp, dr, df1 := prf(test, testJ, DefaultConfig().DupThreshold)
	t.Logf("test half at DefaultConfig().DupThreshold %.2f: precision %.4f recall %.4f F1 %.4f", DefaultConfig().DupThreshold, dp, dr, df1)
	if df1 < 0.95 {
		t.Errorf("near-duplicate F1 at the default threshold is %.4f on the held-out half, want at least 0.95", df1)
	}
}

// jaccards estimates each pair's similarity as the engine sees it: 0 unless
// the LSH index offers the pair as a candidate.
func jaccards(ps []dupPair) []float64 {
	out := make([]float64, len(ps))
	for i, p := range ps {
		ia, _ := textvec.IDs(p.a, nil, nil)
		ib, _ := textvec.IDs(p.b, nil, nil)
		sa, _ := sign(ia)
		sb, _ := sign(ib)
		x := newDupIndex()
		x.add(&features{story: 1, sig: sa})
		x.candidates(&sb, func(*features) { out[i] = Jaccard(&sa, &sb) })
	}
	return out
}

func prf(ps []dupPair, js []float64, th float64) (p, r, f1 float64) {
	var tp, fp, fn float64
	for i, pr := range ps {
		got := js[i] >= th
		switch {
		case got && pr.dup:
			tp++
		case got:
			fp++
		case pr.dup:
			fn++
		}
	}
	if tp == 0 {
		return 0, 0, 0
	}
	p, r = tp/(tp+fp), tp/(tp+fn)
	return p, r, 2 * p * r / (p + r)
}

// edits make a lightly edited copy of an article, as syndication and revision do.
var edits = []func(string, *rand.Rand) string{
	cutParagraphs,
	addBoilerplate,
	changeWords,
	func(s string, r *rand.Rand) string { return addBoilerplate(cutParagraphs(s, r), r) },
	func(s string, r *rand.Rand) string { return changeWords(addBoilerplate(cutParagraphs(s, r), r), r) },
}

func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}

func longest(s string) string {
	best := ""
	for _, p := range paragraphs(s) {
		if len(p) > len(best) {
			best = p
		}
	}
	return best
}

// cutParagraphs drops the last paragraph and one more at random (a shorter
// syndicated version), keeping at least two.
func cutParagraphs(s string, r *rand.Rand) string {
	ps := paragraphs(s)
	if len(ps) > 2 {
		ps = ps[:len(ps)-1]
	}
	if len(ps) > 2 {
		i := r.IntN(len(ps))
		ps = slices.Delete(ps, i, i+1)
	}
	return strings.Join(ps, "\n")
}

var boilerplate = []string{
	"Copyright 2015 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
	"Sign up for our morning newsletter and get the day's top stories in your inbox.",
	"Reporting by Staff Writers; additional reporting by our correspondents; editing by the news desk.",
	"Follow us on Twitter and Facebook for the latest updates on this story.",
}

// addBoilerplate puts an outlet's lines before and after the text.
func addBoilerplate(s string, r *rand.Rand) string {
	return boilerplate[r.IntN(2)] + "\n" + s + "\n" + boilerplate[2+r.IntN(2)]
}

// changeWords replaces one word in twenty (a copy-editor's pass).
func changeWords(s string, r *rand.Rand) string {
	ws := strings.Fields(s)
	for i := range ws {
		if r.IntN(20) == 0 {
			ws[i] = "edited"
		}
	}
	return strings.Join(ws, " ")
}

// evalDir finds the shared evaluation data: HERALD_EVAL, else ../shared/eval
// beside the module root.
func evalDir(t *testing.T) string {
	if d := os.Getenv("HERALD_EVAL"); d != "" {
		return d
	}
	wd, _ := os.Getwd()
	for d := wd; d != filepath.Dir(d); d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(d, "..", "shared", "eval")
		}
	}
	return filepath.Join("..", "shared", "eval")
}
