// Package score compares a clustering with the true classes: B-cubed
// precision, recall and F1 (Bagga & Baldwin 1998, per item), normalised
// mutual information (arithmetic-mean normalisation, as scikit-learn's
// default) and the adjusted Rand index (Hubert & Arabie 1985).
package score

import "math"

// Scores are the agreement figures of a clustering with the truth.
type Scores struct {
	BCubedPrecision float64 `json:"bcubed_precision"`
	BCubedRecall    float64 `json:"bcubed_recall"`
	BCubedF1        float64 `json:"bcubed_f1"`
	NMI             float64 `json:"nmi"`
	ARI             float64 `json:"ari"`
}

// Compare scores predicted cluster ids against true labels, item by item
// (pred[i] and truth[i] belong to item i). Labels and ids are opaque: only
// equality counts. Empty input scores zero.
func Compare[P, T comparable](pred []P, truth []T) Scores {
	n := len(pred)
	if n == 0 || n != len(truth) {
		return Scores{}
	}
	t := newTable(pred, truth)
	var s Scores
	s.BCubedPrecision, s.BCubedRecall = t.bcubed()
	if s.BCubedPrecision+s.BCubedRecall > 0 {
		s.BCubedF1 = 2 * s.BCubedPrecision * s.BCubedRecall / (s.BCubedPrecision + s.BCubedRecall)
	}
	s.NMI = t.nmi()
	s.ARI = t.ari()
	return s
}

// table is the contingency table of a clustering against the truth.
type table struct {
	n      float64
	cell   map[[2]int]float64 // (cluster, class) → items
	rows   []float64          // items per cluster
	cols   []float64          // items per class
	ofItem [][2]int
}

func newTable[P, T comparable](pred []P, truth []T) *table {
	t := &table{n: float64(len(pred)), cell: map[[2]int]float64{}}
	pi, ti := map[P]int{}, map[T]int{}
	for i := range pred {
		p, ok := pi[pred[i]]
		if !ok {
			p = len(t.rows)
			pi[pred[i]] = p
			t.rows = append(t.rows, 0)
		}
		c, ok := ti[truth[i]]
		if !ok {
			c = len(t.cols)
			ti[truth[i]] = c
			t.cols = append(t.cols, 0)
		}
		t.rows[p]++
		t.cols[c]++
		t.cell[[2]int{p, c}]++
		t.ofItem = append(t.ofItem, [2]int{p, c})
	}
	return t
}

// bcubed averages, over items, the share of the item's cluster that is of its
// class (precision) and the share of its class that is in its cluster (recall).
func (t *table) bcubed() (p, r float64) {
	for _, pc := range t.ofItem {
		both := t.cell[pc]
		p += both / t.rows[pc[0]]
		r += both / t.cols[pc[1]]
	}
	return p / t.n, r / t.n
}

func entropy(counts []float64, n float64) float64 {
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			h -= c / n * math.Log(c/n)
		}
	}
	return h
}

// nmi is I(P;T) / ((H(P)+H(T))/2); 1 when both partitions are a single
// cluster (nothing to tell apart, as scikit-learn defines it).
func (t *table) nmi() float64 {
	hp, ht := entropy(t.rows, t.n), entropy(t.cols, t.n)
	if hp == 0 && ht == 0 {
		return 1
	}
	mi := 0.0
	for pc, c := range t.cell {
		mi += c / t.n * math.Log(c*t.n/(t.rows[pc[0]]*t.cols[pc[1]]))
	}
	return max(0, mi/((hp+ht)/2))
}

func pairs(x float64) float64 { return x * (x - 1) / 2 }

// ari is the Rand index adjusted for chance.
func (t *table) ari() float64 {
	var sumCell, sumRows, sumCols float64
	for _, c := range t.cell {
		sumCell += pairs(c)
	}
	for _, c := range t.rows {
		sumRows += pairs(c)
	}
	for _, c := range t.cols {
		sumCols += pairs(c)
	}
	expected := sumRows * sumCols / pairs(t.n)
	maxIndex := (sumRows + sumCols) / 2
	if maxIndex == expected {
		return 1
	}
	return (sumCell - expected) / (maxIndex - expected)
}
