package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/heraldnews/herald/internal/analyze"
	"github.com/heraldnews/herald/internal/config"
	"github.com/heraldnews/herald/internal/extract"
	"github.com/heraldnews/herald/internal/ingest"
	"github.com/heraldnews/herald/internal/topic"
)

// maxTagInput caps what `herald tag` reads (one story, or one JSON line).
const maxTagInput = 10 << 20

// jsonlBatch is how many `--jsonl` lines are read before they are tagged as
// one collection (AnalyzeAll) and written out; it bounds memory on endless
// input while letting a file of wire stories teach each other.
const jsonlBatch = 10000

// tagOutput is what `herald tag` prints (DESIGN.md). ID is set with --jsonl.
type tagOutput struct {
	ID       json.RawMessage `json:"id,omitempty"`
	Title    string          `json:"title,omitempty"`
	Topics   []tagTopic      `json:"topics"`
	Entities []topic.Entity  `json:"entities"`
	Section  string          `json:"section"`
	Error    string          `json:"error,omitempty"`
}

type tagTopic struct {
	Name     string  `json:"name"`
	Slug     string  `json:"slug"`
	Kind     string  `json:"kind"`
	Salience float64 `json:"salience"`
}

// tagFlags are the flags of `herald tag`.
type tagFlags struct {
	title  string
	jsonl  bool
	format string
}

func cmdTag(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "tag")
	var f tagFlags
	fs.StringVar(&f.title, "title", "", "the story's `headline`, when the input does not carry one")
	fs.BoolVar(&f.jsonl, "jsonl", false, `read JSON lines {"id","title","text"} on stdin and print one result per line with its "id"`)
	fs.StringVar(&f.format, "format", "json", "`json` (for programs) or text (for people)")
	cfg, pos, err := parseConfig(e, fs, args, commonFlags)
	if err != nil {
		return err
	}
	if f.format != "json" && f.format != "text" {
		return usagef("--format: want json or text, not %q", f.format)
	}
	if len(pos) > 1 || f.jsonl && len(pos) > 0 {
		return usagef("want at most one FILE, and none with --jsonl")
	}
	log := newLogger(e, cfg)
	a := analyze.New(entityFinder(log), topic.NewResolver(topic.Options{}), storeSections(ctx, cfg, log))
	if f.jsonl {
		return tagJSONL(e, a, f.format)
	}
	raw, err := readInput(e, pos)
	if err != nil {
		return err
	}
	in := tagInput(raw, f.title)
	return writeTag(e.stdout, f.format, tagResult(in, a.Analyze(in)))
}

// storeSections returns the section classifier of an existing Herald store
// (the one --data or --db names): the model serve stored there, or one
// learned from its stories as serve learns it; nil when there is no store
// there or it holds too few stories whose publishers gave a section. Without it, `tag` has no section to show for a
// story without categories, and prints "".
func storeSections(ctx context.Context, cfg config.Config, log *slog.Logger) analyze.SectionClassifier {
	if !cfg.IsPostgres() {
		if _, err := os.Stat(cfg.DB); err != nil {
			return nil // no store: do not create one
		}
	}
	store, err := openStore(ctx, cfg)
	if err != nil {
		log.Warn("no section classifier: store not opened", "error", err)
		return nil
	}
	defer store.Close()
	tr := ingest.NewTrainer(store, log, ingest.TrainerOptions{Models: store})
	if tr.Sync(ctx) {
		return tr // the model serve trained and stored
	}
	if err := tr.Retrain(ctx); err != nil {
		if !errors.Is(err, ingest.ErrTooFewExamples) {
			log.Warn("no section classifier", "error", err)
		}
		return nil
	}
	return tr
}

// tagResult turns an analysis into the printed result.
func tagResult(in analyze.Input, res analyze.Analysis) tagOutput {
	out := tagOutput{Title: in.Title, Topics: []tagTopic{}, Entities: res.Entities, Section: res.Section}
	if out.Entities == nil {
		out.Entities = []topic.Entity{}
	}
	for _, t := range res.Topics {
		out.Topics = append(out.Topics, tagTopic{Name: t.Name, Slug: t.Slug, Kind: t.Kind, Salience: round3(t.Salience)})
	}
	return out
}

// jsonlStory is one line of `herald tag --jsonl` input.
type jsonlStory struct {
	ID    json.RawMessage `json:"id"`
	Title string          `json:"title"`
	Text  string          `json:"text"`
}

// tagJSONL tags JSON lines from stdin in batches, the model loaded once. A
// line that is not a story gives a result with "error" and no topics.
func tagJSONL(e *env, a *analyze.Analyzer, format string) error {
	sc := bufio.NewScanner(e.stdin)
	sc.Buffer(make([]byte, 64<<10), maxTagInput)
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	var batch []jsonlStory
	var bad []string // parse errors, by position in batch
	flush := func() error {
		if err := writeBatch(w, a, format, batch, bad); err != nil {
			return err
		}
		batch, bad = batch[:0], bad[:0]
		return w.Flush()
	}
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var s jsonlStory
		err := json.Unmarshal([]byte(line), &s)
		msg := ""
		if err != nil {
			msg = "not a JSON story: " + err.Error()
		}
		batch, bad = append(batch, s), append(bad, msg)
		if len(batch) == jsonlBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read JSON lines: %w", err)
	}
	return flush()
}

// writeBatch tags a batch as one collection and writes a result per story.
func writeBatch(w io.Writer, a *analyze.Analyzer, format string, batch []jsonlStory, bad []string) error {
	ins := make([]analyze.Input, 0, len(batch))
	for i, s := range batch {
		if bad[i] == "" {
			ins = append(ins, analyze.Input{ID: string(s.ID), Title: s.Title, Text: strings.ToValidUTF8(s.Text, "\uFFFD")})
		}
	}
	res := a.AnalyzeAll(ins)
	k := 0
	for i, s := range batch {
		out := tagOutput{ID: s.ID, Topics: []tagTopic{}, Entities: []topic.Entity{}, Error: bad[i]}
		if bad[i] == "" {
			out = tagResult(ins[k], res[k])
			out.ID, out.Title = s.ID, ""
			k++
		}
		if err := writeTag(w, format, out); err != nil {
			return err
		}
	}
	return nil
}

// writeTag prints one result: compact JSON on one line for --jsonl, indented
// JSON for one story, or text for people.
func writeTag(w io.Writer, format string, out tagOutput) error {
	if format == "text" {
		return writeTagText(w, out)
	}
	enc := json.NewEncoder(w)
	if out.ID == nil {
		enc.SetIndent("", "  ")
	}
	return enc.Encode(out)
}

// writeTagText prints a result for people: the topics as a table, most
// salient first, then the entities and what they resolved to.
func writeTagText(w io.Writer, out tagOutput) error {
	var b strings.Builder
	if out.ID != nil {
		fmt.Fprintf(&b, "id: %s\n", out.ID)
	}
	if out.Error != "" {
		fmt.Fprintf(&b, "error: %s\n\n", out.Error)
		_, err := io.WriteString(w, b.String())
		return err
	}
	if out.Title != "" {
		fmt.Fprintf(&b, "title: %s\n", out.Title)
	}
	section := out.Section
	if section == "" {
		section = "(none)"
	}
	fmt.Fprintf(&b, "section: %s\ntopics:\n", section)
	if len(out.Topics) == 0 {
		b.WriteString("  (none)\n")
	}
	for _, t := range out.Topics {
		fmt.Fprintf(&b, "  %5.3f  %-12s  %s  [%s]\n", t.Salience, t.Kind, t.Name, t.Slug)
	}
	b.WriteString("entities:\n")
	for _, en := range out.Entities {
		target := en.Topic
		if target == "" {
			target = "(no topic)"
		}
		fmt.Fprintf(&b, "  %-4s  %q  %d-%d  → %s\n", en.Type, en.Text, en.Start, en.End, target)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
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
