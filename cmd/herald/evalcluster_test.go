package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalCluster(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "stories.jsonl")
	lines := []string{
		`{"id":"a1","label":"storm","title":"Storm Isolde floods Westhaven","text":"Storm Isolde flooded the Westhaven harbour district; the port closed and 3,000 residents were evacuated."}`,
		`{"id":"b1","label":"vote","title":"Assembly passes Lisbon accord","text":"The national assembly approved the Lisbon accord on climate finance after a long debate."}`,
		`{"id":"a2","label":"storm","title":"Westhaven counts the cost of Storm Isolde","text":"Residents of Westhaven returned to flooded homes after Storm Isolde; the harbour district was worst hit.","published":"2026-03-01T10:00:00Z"}`,
		`{"id":"b2","label":"vote","title":"Lisbon accord vote hailed","text":"Ministers hailed the assembly vote on the Lisbon accord as a turning point for climate finance."}`,
	}
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var got map[string]float64
	if err := json.Unmarshal([]byte(lastLine(cli(t, "", "eval", "cluster", "--input", in))), &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"bcubed_precision", "bcubed_recall", "bcubed_f1", "nmi", "ari", "clusters", "docs_per_second"} {
		if _, ok := got[k]; !ok {
			t.Errorf("output lacks %q: %v", k, got)
		}
	}
	if got["bcubed_f1"] != 1 || got["clusters"] != 2 {
		t.Errorf("two clear events scored %v, want F1 1 with 2 clusters", got)
	}
}

func TestEvalPairs(t *testing.T) {
	in := filepath.Join(t.TempDir(), "pairs.tsv")
	body := "\ufeffQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n" +
		"1\t1\t2\tThe storm flooded the harbour district on Tuesday.\tOn Tuesday the storm flooded the harbour district.\r\n" +
		"0\t3\t4\tThe assembly approved the accord by 212 votes.\tShares in Lumora fell 5% after the chip launch.\r\n"
	if err := os.WriteFile(in, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	var got struct{ Accuracy, F1 float64 }
	if err := json.Unmarshal([]byte(lastLine(cli(t, "", "eval", "pairs", "--input", in))), &got); err != nil {
		t.Fatal(err)
	}
	if got.Accuracy != 1 || got.F1 != 1 {
		t.Errorf("eval pairs = %+v, want a reworded sentence and an unrelated pair told apart", got)
	}
}

func TestEvalClusterNeedsInput(t *testing.T) {
	for _, args := range [][]string{{"eval", "cluster"}, {"eval", "pairs"}, {"eval", "cluster", "--input", "/nonexistent.jsonl"}} {
		var stdout, stderr strings.Builder
		e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: noEnv}
		if code := run(t.Context(), e, args); code == 0 || stderr.Len() == 0 {
			t.Errorf("herald %s: exit %d, stderr %q; want a failure with a message", strings.Join(args, " "), code, stderr.String())
		}
	}
}

func TestEvalRank(t *testing.T) {
	in := filepath.Join(t.TempDir(), "replay.jsonl")
	lines := []string{
		`{"story":{"id":1,"title":"Rocket launch","text":"rocket launch orbit satellite","source_id":1,"published":"2026-03-01T08:00:00Z"}}`,
		`{"story":{"id":2,"title":"Football match","text":"football league match goal","source_id":2,"published":"2026-03-02T08:00:00Z"}}`,
		`{"story":{"id":3,"title":"Satellite in orbit","text":"satellite orbit rocket astronauts","source_id":1,"published":"2026-03-03T09:00:00Z"}}`,
		`{"story":{"id":4,"title":"Goal in extra time","text":"football goal striker league","source_id":2,"published":"2026-03-03T10:00:00Z"}}`,
		`{"reader":{"id":"r","now":"2026-03-03T12:00:00Z","follows":{"sources":[1,2]},"events":[{"story_id":1,"kind":"read","at":"2026-03-01T09:00:00Z","dwell_ms":60000},{"story_id":2,"kind":"impression","at":"2026-03-02T09:00:00Z"}],"relevant":{"3":1}}}`,
	}
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var got map[string]float64
	if err := json.Unmarshal([]byte(lastLine(cli(t, "", "eval", "rank", "--input", in))), &got); err != nil {
		t.Fatal(err)
	}
	if got["ndcg_at_10"] != 1 || got["recall_at_10"] != 1 || got["mrr"] != 1 || got["readers"] != 1 {
		t.Errorf("eval rank = %v, want the read theme's fresh story first", got)
	}
}
