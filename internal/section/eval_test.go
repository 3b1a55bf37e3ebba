package section

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/heraldnews/herald"
)

func TestAccuracyAndMacroF1(t *testing.T) {
	tests := []struct {
		name          string
		gold, pred    []string
		wantAcc, want float64
	}{
		{"perfect", []string{"a", "b", "a"}, []string{"a", "b", "a"}, 1, 1},
		{"all wrong", []string{"a", "b"}, []string{"b", "a"}, 0, 0},
		// a: tp 1, fp 1, fn 1 -> F1 1/2; b: tp 1, fp 1 -> F1 2/3; c: never right -> 0.
		{"mixed", []string{"a", "a", "b", "c"}, []string{"a", "b", "b", "a"}, 0.5, (0.5 + 2.0/3 + 0) / 3},
		{"empty", nil, nil, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			acc, f1 := scores(tc.gold, tc.pred)
			if math.Abs(acc-tc.wantAcc) > 1e-12 || math.Abs(f1-tc.want) > 1e-12 {
				t.Errorf("scores = %v, %v; want %v, %v", acc, f1, tc.wantAcc, tc.want)
			}
		})
	}
}

func TestEvaluate(t *testing.T) {
	exs := toyExamples()
	r, err := Evaluate(context.Background(), exs, exs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Accuracy != 100 || r.MacroF1 != 100 || r.TrainSeconds <= 0 {
		t.Errorf("Evaluate on training data = %+v, want 100 %% and a training time", r)
	}
	if _, err := Evaluate(context.Background(), exs, nil, Options{}); herald.ErrorCode(err) != herald.EINVALID {
		t.Errorf("Evaluate(no test) error = %v, want EINVALID", err)
	}
}

func TestCrossValidate(t *testing.T) {
	r, err := CrossValidate(context.Background(), toyExamples(), 4, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Accuracy < 90 {
		t.Errorf("CrossValidate accuracy = %.1f %%, want at least 90 on separable data", r.Accuracy)
	}
	for _, folds := range []int{0, 1, len(toyExamples()) + 1} {
		if _, err := CrossValidate(context.Background(), toyExamples(), folds, Options{}); herald.ErrorCode(err) != herald.EINVALID {
			t.Errorf("CrossValidate(folds=%d) error = %v, want EINVALID", folds, err)
		}
	}
}

func TestAssignFoldsStratified(t *testing.T) {
	exs := toyExamples() // 12 per label
	fold := assignFolds(exs, 4, 1)
	per := map[[2]any]int{}
	for i, ex := range exs {
		per[[2]any{ex.Label, fold[i]}]++
	}
	for k, n := range per {
		if n != 3 {
			t.Errorf("label %v fold %v has %d examples, want 3", k[0], k[1], n)
		}
	}
}

// evalDir is the shared evaluation data: $HERALD_EVAL or ../../../shared/eval.
func evalDir() string {
	if d := os.Getenv("HERALD_EVAL"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "eval")
}

// loadSplit reads classify/<name> from the evaluation data, skipping the test
// when the data is absent (as on a fresh clone).
func loadSplit(tb testing.TB, name string) []Example {
	tb.Helper()
	path := filepath.Join(evalDir(), "classify", name)
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		tb.Skipf("evaluation data %s not found (set HERALD_EVAL to the shared eval folder to run this)", path)
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	exs, err := ReadJSONL(f)
	if err != nil {
		tb.Fatal(err)
	}
	return exs
}

// TestEvalSplits checks accuracy on the development splits against floors a
// little under the measured figures (see README.md), well above the published
// TF-IDF baselines (BBC 96.95 %, 20 Newsgroups 86.29 %). Training time is a
// benchmark's business (BenchmarkTrainBBC, BenchmarkTrain20NG), not a test's.
func TestEvalSplits(t *testing.T) {
	tests := []struct {
		name  string
		floor float64
		long  bool
	}{
		{"bbc", 97.5, false},
		{"20ng", 87.0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.long && testing.Short() {
				t.Skip("skipping the 20 Newsgroups split in -short mode")
			}
			train, test := loadSplit(t, tc.name+"-train.jsonl"), loadSplit(t, tc.name+"-test.jsonl")
			r, err := Evaluate(context.Background(), train, test, Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: accuracy %.2f %%, macro-F1 %.2f %%, trained in %.2f s", tc.name, r.Accuracy, r.MacroF1, r.TrainSeconds)
			if r.Accuracy < tc.floor {
				t.Errorf("accuracy %.2f %% below the floor %.2f %%", r.Accuracy, tc.floor)
			}
		})
	}
}
