package main

import (
	"context"
	"fmt"
	"github.com/heraldnews/herald/internal/analyze"
	"github.com/heraldnews/herald/internal/topic"
	"os"

	"github.com/heraldnews/herald/internal/cluster"
	"github.com/heraldnews/herald/internal/cluster/evalset"
	"github.com/heraldnews/herald/internal/cluster/pairs"
)

// cmdEvalCluster clusters labelled JSON lines in arrival order through the
// analysis and engine that ingest uses, and prints the scores.
func cmdEvalCluster(ctx context.Context, e *env, args []string) error {
	f, err := openInput(e, "eval cluster", "JSON-lines `FILE` of {\"id\",\"label\",\"title\",\"text\"[,\"published\"]} (required)", args)
	if err != nil {
		return err
	}
	defer f.Close()
	items, err := evalset.ReadJSONL(f)
	if err != nil {
		return fmt.Errorf("read %s: %w", f.Name(), err)
	}
	log := newLogger(e, defaultLogConfig())
	an := analyze.New(entityFinder(log), topic.NewResolver(topic.Options{}), nil)
	rep, err := evalset.Evaluate(ctx, an, cluster.DefaultConfig(), items)
	if err != nil {
		return err
	}
	return printJSON(e, rep)
}

// cmdEvalPairs scores the paraphrase decision on MSRP-format pairs.
func cmdEvalPairs(ctx context.Context, e *env, args []string) error {
	f, err := openInput(e, "eval pairs", "MSRP-format `FILE` of sentence pairs (required)", args)
	if err != nil {
		return err
	}
	defer f.Close()
	ps, err := pairs.ReadMSRP(f)
	if err != nil {
		return fmt.Errorf("read %s: %w", f.Name(), err)
	}
	m, err := pairs.Default()
	if err != nil {
		return err
	}
	return printJSON(e, pairs.Evaluate(m, ps))
}

// openInput parses a command's only flag, --input FILE, and opens the file.
func openInput(e *env, name, usage string, args []string) (*os.File, error) {
	fs := newFlags(e, name)
	input := fs.String("input", "", usage)
	if _, err := parseInterspersed(fs, args); err != nil {
		return nil, err
	}
	if *input == "" {
		return nil, usagef("--input FILE is required")
	}
	return os.Open(*input)
}
