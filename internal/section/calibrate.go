package section

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/heraldnews/herald"
)

// calibrate fits the confidence scale by cross-validation: it trains on all
// folds but one, collects the decision values on the held-out fold, and fits the
// scale to all of them. Held-out examples whose label a fold's model never saw
// are skipped, as are folds whose training part has fewer than two labels.
func calibrate(ctx context.Context, examples []Example, opts Options, cfg featureConfig) (float64, error) {
	labels, _, err := labelIndex(examples)
	if err != nil {
		return 0, err
	}
	folds := min(opts.CalibrationFolds, len(examples))
	fold := assignFolds(examples, folds, opts.Seed)
	var scores []float64
	var gold []int32
	for f := range folds {
		rest, in := splitFold(examples, fold, f)
		m, err := train(ctx, rest, opts, cfg)
		if herald.ErrorCode(err) == herald.EINVALID {
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("fold %d: %w", f, err)
		}
		scores, gold = m.heldOutScores(scores, gold, in, labels)
	}
	if len(gold) == 0 {
		return DefaultScale, nil
	}
	return fitScale(scores, gold, len(labels)), nil
}

// heldOutScores appends the decision values of m on examples, laid out over
// labels (a superset of m's labels; labels m lacks get -Inf), and their gold
// label indices. Examples whose label m lacks are skipped.
func (m *Model) heldOutScores(scores []float64, gold []int32, examples []Example, labels []string) ([]float64, []int32) {
	s := m.getScratch()
	defer m.putScratch(s)
	for _, ex := range examples {
		if _, ok := slices.BinarySearch(m.labels, ex.Label); !ok {
			continue
		}
		m.decide(s, ex.Title, ex.Text)
		row := len(scores)
		for range labels {
			scores = append(scores, math.Inf(-1))
		}
		for k, l := range m.labels {
			i, _ := slices.BinarySearch(labels, l)
			scores[row+i] = s.scores[k]
		}
		g, _ := slices.BinarySearch(labels, ex.Label)
		gold = append(gold, int32(g))
	}
	return scores, gold
}

// fitScale returns the s > 0 that minimises the cross-entropy of softmax(s·v)
// against the gold labels y, where v = scores[i*k:(i+1)*k] are held-out decision
// values of example i over k labels. It searches log s by golden section over
// [1e-2, 1e3]; the loss is convex in s, so the search finds the optimum.
func fitScale(scores []float64, y []int32, k int) float64 {
	lo, hi := math.Log(1e-2), math.Log(1e3)
	loss := func(logS float64) float64 { return softmaxLoss(scores, y, k, math.Exp(logS)) }
	const phi = 0.6180339887498949
	a, b := hi-phi*(hi-lo), lo+phi*(hi-lo)
	fa, fb := loss(a), loss(b)
	for range 60 {
		if fa < fb {
			hi, b, fb = b, a, fa
			a = hi - phi*(hi-lo)
			fa = loss(a)
		} else {
			lo, a, fa = a, b, fb
			b = lo + phi*(hi-lo)
			fb = loss(b)
		}
	}
	return math.Exp((lo + hi) / 2)
}

// softmaxLoss is the mean cross-entropy of softmax(s·v) against y.
func softmaxLoss(scores []float64, y []int32, k int, s float64) float64 {
	var total float64
	for i, gold := range y {
		v := scores[i*k : (i+1)*k]
		top := math.Inf(-1)
		for _, x := range v {
			top = max(top, x)
		}
		var sum float64
		for _, x := range v {
			sum += math.Exp(s * (x - top))
		}
		total += math.Log(sum) - s*(v[gold]-top)
	}
	return total / float64(len(y))
}
