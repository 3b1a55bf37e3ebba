// Command trainpairs trains the paraphrase model that package pairs ships
// (model.json) on an MSRP-format training file. It picks the L2 penalty and
// the probability cutoff by k-fold cross-validation on that file alone (the
// folds are fixed: pair i is in fold i mod k), trains on the whole file with
// the chosen values and writes the model:
//
//	go run ./internal/cluster/pairs/trainpairs --train ../shared/eval/pairs/msrp-train.tsv --out internal/cluster/pairs/model.json
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/heraldnews/herald/internal/cluster/pairs"
)

func main() {
	train := flag.String("train", "", "MSRP-format training `FILE`")
	out := flag.String("out", "", "where to write the model `FILE`")
	folds := flag.Int("folds", 10, "cross-validation folds")
	flag.Parse()
	if err := run(*train, *out, *folds); err != nil {
		fmt.Fprintln(os.Stderr, "trainpairs:", err)
		os.Exit(1)
	}
}

var (
	lambdas = []float64{0.01, 0.1, 1, 10, 100}
	cutoffs = []float64{0.35, 0.4, 0.45, 0.5, 0.55, 0.6}
)

func run(train, out string, folds int) error {
	f, err := os.Open(train)
	if err != nil {
		return err
	}
	ps, err := pairs.ReadMSRP(f)
	f.Close()
	if err != nil {
		return err
	}
	ex := pairs.Examples(ps)
	best, bestAcc := [2]float64{}, -1.0
	for _, l := range lambdas {
		for _, c := range cutoffs {
			acc := crossValidate(ex, folds, l, c)
			fmt.Fprintf(os.Stderr, "lambda %-6v cutoff %-5v cv accuracy %.4f\n", l, c, acc)
			if acc > bestAcc {
				best, bestAcc = [2]float64{l, c}, acc
			}
		}
	}
	m := pairs.Train(ex, best[0])
	m.Cutoff = best[1]
	m.Trained = fmt.Sprintf("%s: %d pairs; lambda %v and cutoff %v chosen by %d-fold cross-validation (accuracy %.4f)",
		train, len(ex), best[0], best[1], folds, bestAcc)
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	fmt.Println(m.Trained)
	return os.WriteFile(out, append(b, '\n'), 0o644)
}

// crossValidate returns the mean held-out accuracy over fixed folds.
func crossValidate(ex []pairs.Example, k int, lambda, cutoff float64) float64 {
	right := 0.0
	for fold := range k {
		var tr, te []pairs.Example
		for i, e := range ex {
			if i%k == fold {
				te = append(te, e)
			} else {
				tr = append(tr, e)
			}
		}
		m := pairs.Train(tr, lambda)
		m.Cutoff = cutoff
		right += pairs.Score(m, te).Accuracy * float64(len(te))
	}
	return right / float64(len(ex))
}
