package pairs

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sync"

	"github.com/heraldnews/herald/internal/textvec"
)

// Model is a logistic model over the standardised features and their
// squares (the squares let a feature matter more at one end of its range):
// with z = expand(x), P(same) = σ(Bias + Σ Weights[i]·(z[i]−Mean[i])/Scale[i]);
// a pair is the same when P ≥ Cutoff.
type Model struct {
	Features []string  `json:"features"`
	Mean     []float64 `json:"mean"`
	Scale    []float64 `json:"scale"`
	Weights  []float64 `json:"weights"`
	Bias     float64   `json:"bias"`
	Cutoff   float64   `json:"cutoff"`
	// Trained says how the model was made (data, protocol, CV accuracy).
	Trained string `json:"trained"`
}

// Prob returns P(same) for a feature vector from Features.
func (m *Model) Prob(x []float64) float64 {
	z := m.Bias
	for i, v := range expand(x) {
		z += m.Weights[i] * (v - m.Mean[i]) / m.Scale[i]
	}
	return 1 / (1 + math.Exp(-z))
}

// Same decides whether a and b say the same thing, with its probability.
func (m *Model) Same(a, b string, df *textvec.DF) (bool, float64) {
	p := m.Prob(Features(a, b, df))
	return p >= m.Cutoff, p
}

//go:embed model.json
var modelJSON []byte

var (
	defaultOnce  sync.Once
	defaultModel *Model
	defaultErr   error
)

// Default returns the shipped model (model.json, made by ./trainpairs).
func Default() (*Model, error) {
	defaultOnce.Do(func() {
		m := &Model{}
		if err := json.Unmarshal(modelJSON, m); err != nil {
			defaultErr = fmt.Errorf("pairs: load model: %w", err)
			return
		}
		if err := m.check(); err != nil {
			defaultErr = err
			return
		}
		defaultModel = m
	})
	return defaultModel, defaultErr
}

// check verifies the model fits this package's features.
func (m *Model) check() error {
	n := 2 * len(FeatureNames)
	if len(m.Features) != n || len(m.Mean) != n || len(m.Scale) != n || len(m.Weights) != n {
		return fmt.Errorf("pairs: model has %d features, want %d", len(m.Weights), n)
	}
	for i, name := range inputNames() {
		if m.Features[i] != name || m.Scale[i] <= 0 {
			return fmt.Errorf("pairs: model feature %d is %q (scale %v), want %q", i, m.Features[i], m.Scale[i], name)
		}
	}
	return nil
}

// expand appends the squares of the features.
func expand(x []float64) []float64 {
	out := append(make([]float64, 0, 2*len(x)), x...)
	for _, v := range x {
		out = append(out, v*v)
	}
	return out
}

// inputNames names the model's inputs: the features, then their squares.
func inputNames() []string {
	out := append([]string(nil), FeatureNames...)
	for _, n := range FeatureNames {
		out = append(out, n+"^2")
	}
	return out
}
