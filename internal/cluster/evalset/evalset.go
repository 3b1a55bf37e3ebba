// Package evalset runs labelled stories through the same analysis and
// clustering that ingest uses, in arrival order, and scores the clusters
// against the labels: the code behind `herald eval cluster`.
package evalset

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/heraldnews/herald/internal/analyze"
	"github.com/heraldnews/herald/internal/cluster"
	"github.com/heraldnews/herald/internal/cluster/score"
)

// Item is one labelled story: a line of the input.
type Item struct {
	ID        string    `json:"id"`
	Label     string    `json:"label"` // the truth; used only for scoring
	Title     string    `json:"title"`
	Text      string    `json:"text"`
	Published time.Time `json:"published,omitzero"`
}

// maxLine bounds one JSON line (a long article is well under 1 MiB).
const maxLine = 16 << 20

// ReadJSONL reads items, one JSON object a line; blank lines are skipped. It
// names the line of the first malformed item.
func ReadJSONL(r io.Reader) ([]Item, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	var items []Item
	for line := 1; sc.Scan(); line++ {
		b := sc.Bytes()
		if strings.TrimSpace(string(b)) == "" {
			continue
		}
		var it Item
		if err := json.Unmarshal(b, &it); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read items: %w", err)
	}
	return items, nil
}

// Analyzer is what clustering needs of internal/analyze.
type Analyzer interface {
	Analyze(analyze.Input) analyze.Analysis
}

// Docs analyses the items in order into engine input: story ids 1, 2, … in
// arrival order, topics from the analyzer (none with a nil analyzer).
func Docs(ctx context.Context, a Analyzer, items []Item) ([]cluster.Doc, error) {
	docs := make([]cluster.Doc, len(items))
	for i, it := range items {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		docs[i] = cluster.Doc{StoryID: int64(i + 1), Title: it.Title, Text: it.Text, Published: it.Published}
		if a != nil {
			docs[i].Topics = a.Analyze(analyze.Input{Title: it.Title, Text: it.Text}).Topics
		}
	}
	return docs, nil
}

// Cluster runs docs through a new engine in order and returns each doc's final
// cluster id, as a store applying the engine's Changes would hold it after
// the last story.
func Cluster(cfg cluster.Config, docs []cluster.Doc) ([]int64, error) {
	e := cluster.New(cfg)
	for _, d := range docs {
		if _, err := e.Add(d); err != nil {
			return nil, err
		}
	}
	ch := e.Flush()
	ids := make([]int64, len(docs))
	for _, m := range ch.Members {
		ids[m.StoryID-1] = m.ClusterID
	}
	return ids, nil
}

// Report is what `herald eval cluster` prints.
type Report struct {
	score.Scores
	Clusters      int     `json:"clusters"`
	DocsPerSecond float64 `json:"docs_per_second"`
}

// Evaluate analyses and clusters items, in order, and scores the clusters
// against the labels; DocsPerSecond counts analysis and clustering.
func Evaluate(ctx context.Context, a Analyzer, cfg cluster.Config, items []Item) (Report, error) {
	start := time.Now()
	docs, err := Docs(ctx, a, items)
	if err != nil {
		return Report{}, err
	}
	ids, err := Cluster(cfg, docs)
	if err != nil {
		return Report{}, err
	}
	elapsed := time.Since(start).Seconds()
	return report(ids, items, elapsed), nil
}

func report(ids []int64, items []Item, seconds float64) Report {
	labels := make([]string, len(items))
	distinct := map[int64]bool{}
	for i, it := range items {
		labels[i] = it.Label
		distinct[ids[i]] = true
	}
	r := Report{Scores: score.Compare(ids, labels), Clusters: len(distinct)}
	if seconds > 0 {
		r.DocsPerSecond = float64(len(items)) / seconds
	}
	return r
}

// Score scores given cluster ids against the items' labels (for tools that
// cluster the same docs many times).
func Score(ids []int64, items []Item) Report { return report(ids, items, 0) }
