package section

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/heraldnews/herald"
)

// Result is the outcome of Evaluate. Accuracy and MacroF1 are percentages in
// [0,100]; TrainSeconds is the wall-clock time Train took.
type Result struct {
	Accuracy     float64 `json:"accuracy"`
	MacroF1      float64 `json:"macro_f1"`
	TrainSeconds float64 `json:"train_seconds"`
}

// Evaluate trains a model on trainSet with opts and scores it on testSet.
// Macro-F1 is the unweighted mean of per-label F1 over the labels found in the
// test set's gold labels or in the predictions. It returns a herald.EINVALID
// error when testSet is empty, and Train's errors.
func Evaluate(ctx context.Context, trainSet, testSet []Example, opts Options) (Result, error) {
	if len(testSet) == 0 {
		return Result{}, fmt.Errorf("evaluate: %w", herald.Errorf(herald.EINVALID, "no test examples"))
	}
	start := time.Now()
	m, err := Train(ctx, trainSet, opts)
	if err != nil {
		return Result{}, fmt.Errorf("evaluate: %w", err)
	}
	secs := time.Since(start).Seconds()
	gold := make([]string, len(testSet))
	pred := make([]string, len(testSet))
	err = parallel(ctx, len(testSet), opts.withDefaults().Workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			gold[i] = testSet[i].Label
			pred[i], _ = m.Predict(testSet[i].Title, testSet[i].Text)
		}
	})
	if err != nil {
		return Result{}, fmt.Errorf("evaluate: %w", err)
	}
	acc, f1 := scores(gold, pred)
	return Result{Accuracy: 100 * acc, MacroF1: 100 * f1, TrainSeconds: secs}, nil
}

// scores returns accuracy and macro-averaged F1 (as fractions) of pred against
// gold, which have equal lengths. A label's F1 is 0 when it is never predicted
// correctly.
func scores(gold, pred []string) (accuracy, macroF1 float64) {
	type counts struct{ tp, fp, fn int }
	per := map[string]*counts{}
	get := func(l string) *counts {
		if per[l] == nil {
			per[l] = &counts{}
		}
		return per[l]
	}
	correct := 0
	for i := range gold {
		if gold[i] == pred[i] {
			correct++
			get(gold[i]).tp++
			continue
		}
		get(gold[i]).fn++
		get(pred[i]).fp++
	}
	if len(gold) == 0 {
		return 0, 0
	}
	var sum float64
	for _, c := range per {
		if c.tp > 0 {
			sum += 2 * float64(c.tp) / float64(2*c.tp+c.fp+c.fn)
		}
	}
	return float64(correct) / float64(len(gold)), sum / float64(len(per))
}

// CrossValidate estimates how well Train with opts generalises from examples:
// it splits them into folds stratified by label (a fixed shuffle, so repeatable),
// trains on all folds but one, tests on that one, and returns the pooled accuracy
// and macro-F1 over all held-out predictions and the mean training time. folds
// must be at least 2 and at most len(examples); otherwise it returns a
// herald.EINVALID error.
func CrossValidate(ctx context.Context, examples []Example, folds int, opts Options) (Result, error) {
	return crossValidate(ctx, examples, folds, opts, featureConfigFor(opts))
}

func crossValidate(ctx context.Context, examples []Example, folds int, opts Options, cfg featureConfig) (Result, error) {
	if err := opts.validate(); err != nil {
		return Result{}, fmt.Errorf("cross-validate: %w", err)
	}
	if folds < 2 || folds > len(examples) {
		return Result{}, fmt.Errorf("cross-validate: %w", herald.Errorf(herald.EINVALID, "folds %d not in [2,%d]", folds, len(examples)))
	}
	opts = opts.withDefaults()
	fold := assignFolds(examples, folds, opts.Seed)
	gold := make([]string, 0, len(examples))
	pred := make([]string, 0, len(examples))
	var secs float64
	for f := range folds {
		trainSet, test := splitFold(examples, fold, f)
		start := time.Now()
		m, err := train(ctx, trainSet, opts, cfg)
		if err != nil {
			return Result{}, fmt.Errorf("cross-validate: fold %d: %w", f, err)
		}
		secs += time.Since(start).Seconds()
		for _, ex := range test {
			p, _ := m.Predict(ex.Title, ex.Text)
			gold, pred = append(gold, ex.Label), append(pred, p)
		}
	}
	acc, f1 := scores(gold, pred)
	return Result{Accuracy: 100 * acc, MacroF1: 100 * f1, TrainSeconds: secs / float64(folds)}, nil
}

// splitFold returns the examples outside fold f and those in it.
func splitFold(examples []Example, fold []int, f int) (rest, in []Example) {
	for i, ex := range examples {
		if fold[i] == f {
			in = append(in, ex)
		} else {
			rest = append(rest, ex)
		}
	}
	return rest, in
}

// assignFolds deals each label's examples, in a seeded random order, round-robin
// into folds, so every fold has close to the same label mix.
func assignFolds(examples []Example, folds int, seed uint64) []int {
	byLabel := map[string][]int{}
	for i, ex := range examples {
		byLabel[ex.Label] = append(byLabel[ex.Label], i)
	}
	labels := slices.Sorted(maps.Keys(byLabel))
	rng := rand.New(rand.NewPCG(seed, 0xf01d))
	fold := make([]int, len(examples))
	next := 0
	for _, l := range labels {
		idx := byLabel[l]
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		for _, i := range idx {
			fold[i] = next % folds
			next++
		}
	}
	return fold
}
