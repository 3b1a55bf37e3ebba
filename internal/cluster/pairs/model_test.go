package pairs

import "testing"

func TestDefaultModelDecides(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	ps := []Pair{
		{A: "Storm Isolde flooded the Westhaven harbour district on Tuesday, officials said.", B: "Officials said Storm Isolde flooded Westhaven's harbour district on Tuesday.", Same: true},
		{A: "The company said revenue rose 12 percent to $3.1 billion in the quarter.", B: "Revenue rose 12 percent to $3.1 billion in the quarter, the company said.", Same: true},
		{A: "The assembly approved the Lisbon accord by 212 votes to 140.", B: "The assembly approved the Lisbon accord by 212 votes to 140 after critics of the finance minister walked out of the chamber in protest.", Same: false},
		{A: "Lumora shares fell 5 percent after the chip launch.", B: "The national team beat Germany 2-0 in the final.", Same: false},
	}
	df := DFOf(ps)
	for _, p := range ps {
		if got, prob := m.Same(p.A, p.B, df); got != p.Same {
			t.Errorf("Same(%q, %q) = %v (p %.2f), want %v", p.A, p.B, got, prob, p.Same)
		}
	}
}

func TestModelCheckRejectsMismatch(t *testing.T) {
	m := &Model{Features: []string{"x"}, Mean: []float64{0}, Scale: []float64{1}, Weights: []float64{1}}
	if m.check() == nil {
		t.Error("a model over other features passed the check")
	}
}

func TestTrainSeparatesSeparableData(t *testing.T) {
	n := len(FeatureNames)
	var ex []Example
	for i := range 40 {
		x := make([]float64, n)
		for j := range x {
			x[j] = float64(i%7) / 7
		}
		same := i%2 == 0
		if same {
			x[0] = 0.9
		} else {
			x[0] = 0.1
		}
		ex = append(ex, Example{X: x, Same: same})
	}
	if r := Score(Train(ex, 0.1), ex); r.Accuracy != 1 {
		t.Errorf("accuracy on separable data = %v, want 1", r.Accuracy)
	}
}
