package section

import (
	"context"
	"os"
	"testing"
)

// TestDefaultsSweep reproduces how the defaults were chosen: 5-fold
// cross-validation on the training splits only (never the test splits) for the
// defaults and one change at a time. It is slow, so it runs only when
// HERALD_SECTION_SWEEP=1, and it prints a table instead of asserting:
//
//	HERALD_SECTION_SWEEP=1 go test ./internal/section -run DefaultsSweep -v -timeout 30m
func TestDefaultsSweep(t *testing.T) {
	if os.Getenv("HERALD_SECTION_SWEEP") != "1" {
		t.Skip("set HERALD_SECTION_SWEEP=1 to run the cross-validation sweep")
	}
	type variant struct {
		name string
		opts Options
		cfg  func(*featureConfig)
	}
	variants := []variant{
		{"defaults", Options{}, nil},
		{"plain SVM (no NB scaling)", Options{NBSmoothing: -1}, nil},
		{"NB smoothing 0.5", Options{NBSmoothing: 0.5}, nil},
		{"NB smoothing 2", Options{NBSmoothing: 2}, nil},
		{"C 0.5", Options{C: 0.5}, nil},
		{"C 2", Options{C: 2}, nil},
		{"MinDF 1", Options{MinDF: 1}, nil},
		{"MinDF 3", Options{MinDF: 3}, nil},
		{"unigrams only", Options{NoBigrams: true}, nil},
		{"no title features", Options{}, func(c *featureConfig) { c.TitleTokens = false }},
		{"no header parsing", Options{}, func(c *featureConfig) { c.Headers = false }},
	}
	for _, corpus := range []string{"bbc", "20ng"} {
		examples := loadSplit(t, corpus+"-train.jsonl")
		for _, v := range variants {
			opts := v.opts.withDefaults()
			cfg := featureConfigFor(opts)
			if v.cfg != nil {
				v.cfg(&cfg)
			}
			r, err := crossValidate(context.Background(), examples, 5, opts, cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%-5s %-28s accuracy %.2f  macro-F1 %.2f  train %.2f s/fold", corpus, v.name, r.Accuracy, r.MacroF1, r.TrainSeconds)
		}
	}
}
