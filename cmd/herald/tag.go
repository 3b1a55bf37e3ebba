package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/heraldnews/herald/internal/analyze"
	"github.com/heraldnews/herald/internal/extract"
	"github.com/heraldnews/herald/internal/topic"
)

// maxTagInput caps what `herald tag` reads.
const maxTagInput = 10 << 20

// tagOutput is what `herald tag` prints (DESIGN.md).
type tagOutput struct {
	Title    string         `json:"title,omitempty"`
	Topics   []tagTopic     `json:"topics"`
	Entities []topic.Entity `json:"entities"`
	Section  string         `json:"section"`
}

type tagTopic struct {
	Name     string  `json:"name"`
	Slug     string  `json:"slug"`
	Kind     string  `json:"kind"`
	Salience float64 `json:"salience"`
}

func cmdTag(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "tag")
	title := fs.String("title", "", "the story's `headline`, when the input does not carry one")
	var cfg struct{ data, db string }
	fs.StringVar(&cfg.data, "data", "", "accepted for consistency; tag reads no data")
	fs.StringVar(&cfg.db, "db", "", "accepted for consistency; tag reads no database")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("want at most one FILE")
	}
	raw, err := readInput(e, pos)
	if err != nil {
		return err
	}
	in := tagInput(raw, *title)
	a := newAnalyzer(newLogger(e, defaultLogConfig()))
	res := a.Analyze(in)
	out := tagOutput{Title: in.Title, Topics: []tagTopic{}, Entities: res.Entities, Section: res.Section}
	if out.Entities == nil {
		out.Entities = []topic.Entity{}
	}
	for _, t := range res.Topics {
		out.Topics = append(out.Topics, tagTopic{Name: t.Name, Slug: t.Slug, Kind: t.Kind, Salience: round3(t.Salience)})
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func readInput(e *env, pos []string) ([]byte, error) {
	var r io.Reader = e.stdin
	if len(pos) == 1 && pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	raw, err := io.ReadAll(io.LimitReader(r, maxTagInput+1))
	if err != nil {
		return nil, fmt.Errorf("read input: %w", err)
	}
	if len(raw) > maxTagInput {
		return nil, fmt.Errorf("read input: larger than %d bytes", maxTagInput)
	}
	return raw, nil
}

// tagInput turns raw input into analyser input: an HTML page goes through the
// article extractor; plain text is used as it is.
func tagInput(raw []byte, title string) analyze.Input {
	s := strings.ToValidUTF8(string(raw), "\uFFFD")
	if looksHTML(s) {
		if art, err := extract.ExtractArticle(raw, ""); err == nil && strings.TrimSpace(art.TextContent) != "" {
			if title == "" {
				title = art.Title
			}
			return analyze.Input{Title: title, Text: art.TextContent}
		}
		return analyze.Input{Title: title, Text: extract.PlainText(s)}
	}
	return analyze.Input{Title: title, Text: s}
}

func looksHTML(s string) bool {
	head := strings.ToLower(strings.TrimSpace(s[:min(len(s), 2048)]))
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") ||
		strings.Contains(head, "<p>") || strings.Contains(head, "<body") || strings.Contains(head, "<div")
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }
