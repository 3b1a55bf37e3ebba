package pairs

import (
	"math"

	"github.com/heraldnews/herald/internal/textvec"
)

// Example is a feature vector with its truth.
type Example struct {
	X    []float64
	Same bool
}

// Examples turns pairs into examples, weighing words by their document
// frequency over every text of the pairs themselves (no labels are read for
// that), as `herald eval pairs` does.
func Examples(ps []Pair) []Example {
	df := DFOf(ps)
	out := make([]Example, len(ps))
	for i, p := range ps {
		out[i] = Example{X: Features(p.A, p.B, df), Same: p.Same}
	}
	return out
}

// DFOf counts document frequencies over both texts of every pair.
func DFOf(ps []Pair) *textvec.DF {
	df := textvec.NewDF()
	for _, p := range ps {
		df.Add(textvec.Counts(p.A))
		df.Add(textvec.Counts(p.B))
	}
	return df
}

// Train fits a logistic model with L2 penalty lambda by Newton's method on
// standardised features; the cutoff is 0.5 (set Cutoff afterwards to change it).
func Train(ex []Example, lambda float64) *Model {
	n := 2 * len(FeatureNames)
	m := &Model{Features: inputNames(), Mean: make([]float64, n), Scale: make([]float64, n), Weights: make([]float64, n), Cutoff: 0.5}
	xs := make([][]float64, len(ex))
	for i, e := range ex {
		xs[i] = expand(e.X)
	}
	m.standardise(xs)
	w := make([]float64, n+1) // w[n] is the bias
	z := make([][]float64, len(ex))
	for i := range ex {
		z[i] = make([]float64, n+1)
		for j, v := range xs[i] {
			z[i][j] = (v - m.Mean[j]) / m.Scale[j]
		}
		z[i][n] = 1
	}
	for range 25 {
		grad := make([]float64, n+1)
		hess := make([][]float64, n+1)
		for j := range hess {
			hess[j] = make([]float64, n+1)
		}
		for i, e := range ex {
			p := sigmoid(dot(w, z[i]))
			y := 0.0
			if e.Same {
				y = 1
			}
			for j := range grad {
				grad[j] += (p - y) * z[i][j]
				for k := range grad {
					hess[j][k] += p * (1 - p) * z[i][j] * z[i][k]
				}
			}
		}
		for j := 0; j < n; j++ { // the bias is not penalised
			grad[j] += lambda * w[j]
			hess[j][j] += lambda
		}
		step := solve(hess, grad)
		for j := range w {
			w[j] -= step[j]
		}
	}
	copy(m.Weights, w[:n])
	m.Bias = w[n]
	return m
}

func (m *Model) standardise(xs [][]float64) {
	n := len(m.Mean)
	for _, x := range xs {
		for j, v := range x {
			m.Mean[j] += v / float64(len(xs))
		}
	}
	for _, x := range xs {
		for j, v := range x {
			m.Scale[j] += (v - m.Mean[j]) * (v - m.Mean[j]) / float64(len(xs))
		}
	}
	for j := 0; j < n; j++ {
		m.Scale[j] = math.Sqrt(m.Scale[j])
		if m.Scale[j] < 1e-9 {
			m.Scale[j] = 1
		}
	}
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// solve returns x with A·x = b by Gaussian elimination with partial pivoting
// (A is small, symmetric and positive definite here).
func solve(a [][]float64, b []float64) []float64 {
	n := len(b)
	m := make([][]float64, n)
	for i := range m {
		m[i] = append(append([]float64{}, a[i]...), b[i])
	}
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		m[c], m[p] = m[p], m[c]
		if m[c][c] == 0 {
			continue
		}
		for r := c + 1; r < n; r++ {
			f := m[r][c] / m[c][c]
			for k := c; k <= n; k++ {
				m[r][k] -= f * m[c][k]
			}
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := m[r][n]
		for k := r + 1; k < n; k++ {
			s -= m[r][k] * x[k]
		}
		if m[r][r] != 0 {
			x[r] = s / m[r][r]
		}
	}
	return x
}

// Result is what `herald eval pairs` prints.
type Result struct {
	Accuracy float64 `json:"accuracy"`
	F1       float64 `json:"f1"`
	Pairs    int     `json:"pairs"`
}

// Score decides each example with m and compares with the truth; F1 is of
// the "same" class.
func Score(m *Model, ex []Example) Result {
	var tp, fp, fn, right int
	for _, e := range ex {
		got := m.Prob(e.X) >= m.Cutoff
		switch {
		case got && e.Same:
			tp++
		case got:
			fp++
		case e.Same:
			fn++
		}
		if got == e.Same {
			right++
		}
	}
	r := Result{Pairs: len(ex)}
	if len(ex) > 0 {
		r.Accuracy = float64(right) / float64(len(ex))
	}
	if tp > 0 {
		r.F1 = 2 * float64(tp) / float64(2*tp+fp+fn)
	}
	return r
}

// Evaluate scores the model on labelled pairs.
func Evaluate(m *Model, ps []Pair) Result { return Score(m, Examples(ps)) }
