package score

import (
	"math"
	"testing"
)

func TestCompare(t *testing.T) {
	tests := []struct {
		name  string
		pred  []int
		truth []string
		want  Scores
	}{
		{"perfect", []int{1, 1, 2, 2, 3}, []string{"a", "a", "b", "b", "c"}, Scores{1, 1, 1, 1, 1}},
		{"ids are opaque", []int{7, 7, 9}, []string{"x", "x", "y"}, Scores{1, 1, 1, 1, 1}},
		// One cluster of four, two classes of two: each item's cluster is
		// half its class (precision 0.5); recall 1; NMI 0; ARI 0.
		{"all in one", []int{1, 1, 1, 1}, []string{"a", "a", "b", "b"}, Scores{0.5, 1, 2.0 / 3, 0, 0}},
		// Singletons against two pairs: precision 1, recall 0.5.
		{"all apart", []int{1, 2, 3, 4}, []string{"a", "a", "b", "b"}, Scores{1, 0.5, 2.0 / 3, 2.0 / 3, 0}},
		// Worked example: clusters {0,1,2} {3,4}, classes {0,1} {2,3,4}.
		// Precision: (2/3+2/3+1/3+1+1)/5 = 11/15; recall: (1+1+1/3+2/3+2/3)/5 = 11/15.
		// ARI = (2 - 4·4/10) / (4 - 1.6) = 1/6.
		{"worked", []int{1, 1, 1, 2, 2}, []string{"a", "a", "b", "b", "b"}, Scores{11.0 / 15, 11.0 / 15, 11.0 / 15, nmiWorked(), 1.0 / 6}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Compare(tc.pred, tc.truth)
			for _, f := range []struct {
				name      string
				got, want float64
			}{{"precision", got.BCubedPrecision, tc.want.BCubedPrecision}, {"recall", got.BCubedRecall, tc.want.BCubedRecall},
				{"f1", got.BCubedF1, tc.want.BCubedF1}, {"nmi", got.NMI, tc.want.NMI}, {"ari", got.ARI, tc.want.ARI}} {
				if math.Abs(f.got-f.want) > 1e-9 {
					t.Errorf("%s = %v, want %v", f.name, f.got, f.want)
				}
			}
		})
	}
}

// nmiWorked computes the worked case's NMI by hand from its contingency
// table [[2,1],[0,2]]: I / ((H(P)+H(T))/2).
func nmiWorked() float64 {
	h := -(0.6*math.Log(0.6) + 0.4*math.Log(0.4))
	i := 0.4*math.Log(0.4/(0.6*0.4)) + 0.2*math.Log(0.2/(0.6*0.6)) + 0.4*math.Log(0.4/(0.4*0.6))
	return i / h
}

func TestCompareEmptyAndMismatched(t *testing.T) {
	if got := Compare([]int{}, []string{}); got != (Scores{}) {
		t.Errorf("empty: %+v", got)
	}
	if got := Compare([]int{1}, []string{"a", "b"}); got != (Scores{}) {
		t.Errorf("mismatched: %+v", got)
	}
}
