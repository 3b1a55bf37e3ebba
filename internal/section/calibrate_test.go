package section

import (
	"math"
	"testing"
)

func TestFitScale(t *testing.T) {
	// Every example scores +1 for label 0 and -1 for label 1, and 90 % of them
	// are label 0; the best softmax then gives label 0 probability 0.9, that is
	// 1/(1+exp(-2s)) = 0.9, s = ln(9)/2.
	var scores []float64
	var gold []int32
	for i := range 100 {
		scores = append(scores, 1, -1)
		g := int32(0)
		if i%10 == 0 {
			g = 1
		}
		gold = append(gold, g)
	}
	want := math.Log(9) / 2
	if got := fitScale(scores, gold, 2); math.Abs(got-want) > 1e-6 {
		t.Errorf("fitScale = %v, want %v", got, want)
	}
}

func TestFitScaleSkipsMissingLabels(t *testing.T) {
	// A third label that a fold's model never saw scores -Inf and must not
	// disturb the fit.
	scores := []float64{1, -1, math.Inf(-1), 1, -1, math.Inf(-1), -1, 1, math.Inf(-1)}
	gold := []int32{0, 0, 1}
	got := fitScale(scores, gold, 3)
	if math.IsNaN(got) || got <= 0 {
		t.Fatalf("fitScale = %v", got)
	}
}

func TestCalibrationFolds(t *testing.T) {
	m := trainToy(t, Options{CalibrationFolds: 4})
	if m.scale == DefaultScale || m.scale <= 0 {
		t.Errorf("calibrated scale = %v, want a fitted positive value", m.scale)
	}
}
