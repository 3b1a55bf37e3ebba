package main

import (
	"context"
	"fmt"
	"os"

	"github.com/heraldnews/herald/internal/cluster"
	"github.com/heraldnews/herald/internal/cluster/evalset"
	"github.com/heraldnews/herald/internal/cluster/pairs"
)

// cmdEvalCluster clusters labelled JSON lines in arrival order through the
// analysis and engine that ingest uses, and prints the scores.
func cmdEvalCluster(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval cluster")
	input := fs.String("input", "", "JSON-lines `FILE` of {\"id\",\"label\",\"title\",\"text\"[,\"published\"]} (required)")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if *input == "" {
		return usagef("--input FILE is required")
	}
	f, err := os.Open(*input)
	if err != nil {
		return err
	}
	defer f.Close()
	items, err := evalset.ReadJSONL(f)
	if err != nil {
		return fmt.Errorf("read %s: %w", *input, err)
	}
	rep, err := evalset.Evaluate(ctx, newAnalyzer(newLogger(e, defaultLogConfig())), cluster.DefaultConfig(), items)
	if err != nil {
		return err
	}
	return printJSON(e, rep)
}

// cmdEvalPairs scores the paraphrase decision on MSRP-format pairs.
func cmdEvalPairs(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval pairs")
	input := fs.String("input", "", "MSRP-format `FILE` of sentence pairs (required)")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if *input == "" {
		return usagef("--input FILE is required")
	}
	f, err := os.Open(*input)
	if err != nil {
		return err
	}
	defer f.Close()
	ps, err := pairs.ReadMSRP(f)
	if err != nil {
		return fmt.Errorf("read %s: %w", *input, err)
	}
	m, err := pairs.Default()
	if err != nil {
		return err
	}
	return printJSON(e, pairs.Evaluate(m, ps))
}
