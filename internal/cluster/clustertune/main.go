// Command clustertune searches the clustering engine's main numbers on a
// labelled development file (the same JSON lines as `herald eval cluster`):
// it analyses the stories once, then clusters them under every combination of
// the grid, in the file's order and in a few fixed shuffles, and prints one
// JSON line a combination with the mean B-cubed F1 over the orders. It is the
// tool behind the defaults in DefaultConfig (see ../README.md):
//
//	go run ./internal/cluster/clustertune --input ../shared/eval/cluster/wikiref186.jsonl
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"

	"github.com/heraldnews/herald/internal/analyze"
	"github.com/heraldnews/herald/internal/cluster"
	"github.com/heraldnews/herald/internal/cluster/evalset"
	"github.com/heraldnews/herald/internal/nlp"
	"github.com/heraldnews/herald/internal/topic"
)

func main() {
	input := flag.String("input", "", "labelled JSON-lines `FILE`")
	shuffles := flag.Int("shuffles", 3, "fixed random orders scored besides the file's order")
	dump := flag.Bool("dump", false, "print, for the default configuration, each label's clusters")
	flag.BoolVar(&onlyDefault, "default", false, "score DefaultConfig alone, over the same orders, instead of the grid")
	flag.IntVar(&dumpSeed, "seed", 0, "with --dump: shuffle the stories with this seed first (0: file order)")
	flag.BoolVar(&runBaseline, "baseline", false, "score TF-IDF average-link clustering at a range of thresholds instead")
	flag.Parse()
	if err := run(*input, *shuffles, *dump); err != nil {
		fmt.Fprintln(os.Stderr, "clustertune:", err)
		os.Exit(1)
	}
}

func run(input string, shuffles int, dump bool) error {
	f, err := os.Open(input)
	if err != nil {
		return err
	}
	items, err := evalset.ReadJSONL(f)
	f.Close()
	if err != nil {
		return err
	}
	if runBaseline {
		return baseline(items)
	}
	tagger, err := nlp.DefaultTagger()
	if err != nil {
		return err
	}
	a := analyze.New(analyze.NER{Tagger: tagger}, topic.NewResolver(topic.Options{}), nil)
	docs, err := evalset.Docs(context.Background(), a, items)
	if err != nil {
		return err
	}
	if dump {
		return dumpLabels(docs, items)
	}
	orders := [][]int{identity(len(items))}
	for s := range shuffles {
		orders = append(orders, rand.New(rand.NewPCG(uint64(s+1), 7)).Perm(len(items)))
	}
	enc := json.NewEncoder(os.Stdout)
	cfgs := grid()
	if onlyDefault {
		cfgs = []cluster.Config{cluster.DefaultConfig()}
	}
	for _, cfg := range cfgs {
		res, err := score(cfg, docs, items, orders)
		if err != nil {
			return err
		}
		if err := enc.Encode(res); err != nil {
			return err
		}
	}
	return nil
}

type result struct {
	Threshold, TopicShare, MinCoherence, MergeThreshold float64
	CoherencePower                                      float64
	TitleWeight, DocTerms, LookupTerms, ColdDocs        int
	F1                                                  float64 `json:"mean_bcubed_f1"`
	F1FileOrder, NMIFileOrder                           float64
	F1ByOrder                                           []float64 `json:"f1_by_order"` // the file's order, then the shuffles
	Clusters                                            int
}

func score(cfg cluster.Config, docs []cluster.Doc, items []evalset.Item, orders [][]int) (result, error) {
	r := result{Threshold: cfg.Threshold, TopicShare: cfg.TopicShare, MinCoherence: cfg.MinCoherence, MergeThreshold: cfg.MergeThreshold, TitleWeight: cfg.TitleWeight,
		DocTerms: cfg.DocTerms, LookupTerms: cfg.LookupTerms, CoherencePower: cfg.CoherencePower, ColdDocs: cfg.ColdDocs}
	for i, order := range orders {
		od, oi := reorder(docs, items, order)
		ids, err := evalset.Cluster(cfg, od)
		if err != nil {
			return r, err
		}
		rep := evalset.Score(ids, oi)
		r.F1 += rep.BCubedF1 / float64(len(orders))
		r.F1ByOrder = append(r.F1ByOrder, rep.BCubedF1)
		if i == 0 {
			r.F1FileOrder, r.NMIFileOrder, r.Clusters = rep.BCubedF1, rep.NMI, rep.Clusters
		}
	}
	return r, nil
}

// grid is the search behind DefaultConfig's Threshold, TopicShare,
// CoherencePower, MergeThreshold and MinCoherence; the other numbers keep
// their defaults (ColdDocs is calibrated apart, by TestColdStartMeasured).
func grid() []cluster.Config {
	var out []cluster.Config
	for _, th := range []float64{0.06, 0.08, 0.10, 0.12, 0.14, 0.18, 0.22, 0.30} {
		for _, ts := range []float64{0, 0.1, 0.15, 0.25, 0.35} {
			for _, cp := range []float64{-1, 0, 0.5} {
				for _, mt := range []float64{0.2, 0.3, 0.5} {
					for _, mc := range []float64{0, 0.2} {
						c := cluster.DefaultConfig()
						c.Threshold, c.TopicShare, c.CoherencePower, c.MergeThreshold, c.MinCoherence = th, ts, cp, mt, mc
						out = append(out, c)
					}
				}
			}
		}
	}
	return out
}

func identity(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return p
}

// dumpLabels prints each label with the clusters its stories ended in.
func dumpLabels(docs []cluster.Doc, items []evalset.Item) error {
	if dumpSeed != 0 {
		docs, items = reorder(docs, items, rand.New(rand.NewPCG(uint64(dumpSeed), 7)).Perm(len(items)))
	}
	ids, err := evalset.Cluster(cluster.DefaultConfig(), docs)
	if err != nil {
		return err
	}
	byLabel := map[string][]int64{}
	var labels []string
	for i, it := range items {
		if _, ok := byLabel[it.Label]; !ok {
			labels = append(labels, it.Label)
		}
		byLabel[it.Label] = append(byLabel[it.Label], ids[i])
	}
	for _, l := range labels {
		fmt.Printf("%-30s %v\n", l, byLabel[l])
	}
	fmt.Println(evalset.Score(ids, items))
	return nil
}

var (
	dumpSeed    int
	runBaseline bool
	onlyDefault bool
)

// reorder returns docs and items in the given order, renumbering story ids.
func reorder(docs []cluster.Doc, items []evalset.Item, order []int) ([]cluster.Doc, []evalset.Item) {
	od, oi := make([]cluster.Doc, len(order)), make([]evalset.Item, len(order))
	for j, k := range order {
		od[j], oi[j] = docs[k], items[k]
		od[j].StoryID = int64(j + 1)
	}
	return od, oi
}
