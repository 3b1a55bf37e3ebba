package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/heraldnews/herald/internal/rank"
)

// cmdEvalRank replays readers' histories through the ranker the feed uses
// and prints nDCG@10, recall@10 and MRR (see rank.Replay for the format).
func cmdEvalRank(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval rank")
	input := fs.String("input", "", "JSON-lines replay `FILE` of stories and readers (required)")
	preset := fs.String("preset", rank.PresetBalanced, "ranking `PRESET`: latest (newest first), balanced or discover")
	weights := fs.String("weights", "", "ranking weights as a JSON object over the preset's (as GET /api/v1/me/ranking shows them)")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if *input == "" {
		return usagef("--input FILE is required")
	}
	w, ok := rank.Preset(*preset)
	if !ok {
		return usagef("--preset: %q is not one of latest, balanced, discover", *preset)
	}
	if *weights != "" {
		if err := json.Unmarshal([]byte(*weights), &w); err != nil {
			return usagef("--weights: %v", err)
		}
		if err := w.Check(); err != nil {
			return usagef("--weights: %v", err)
		}
	}
	f, err := os.Open(*input)
	if err != nil {
		return err
	}
	defer f.Close()
	res, err := rank.Replay(f, w)
	if err != nil {
		return fmt.Errorf("read %s: %w", f.Name(), err)
	}
	return printJSON(e, res)
}
