package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/heraldnews/herald/internal/config"
	"github.com/heraldnews/herald/internal/nlp"
	"github.com/heraldnews/herald/internal/section"
)

func defaultLogConfig() config.Config { return config.Defaults() }

// printJSON writes v as one line of JSON: the last line of every eval command.
func printJSON(e *env, v any) error { return json.NewEncoder(e.stdout).Encode(v) }

func cmdEvalNER(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval ner")
	test := fs.String("test", "", "CoNLL-format `FILE` to score against (required)")
	model := fs.String("model", "", "a tagger `FILE` from 'herald train ner'; default: the built-in model")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if *test == "" {
		return usagef("--test FILE is required")
	}
	t, err := loadTagger(*model)
	if err != nil {
		return err
	}
	docs, err := readCoNLL(*test)
	if err != nil {
		return err
	}
	return printJSON(e, nlp.Evaluate(t, docs))
}

func loadTagger(path string) (*nlp.Tagger, error) {
	if path == "" {
		return defaultTagger()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := nlp.Load(f)
	if err != nil {
		return nil, fmt.Errorf("load tagger %s: %w", path, err)
	}
	return t, nil
}

func readCoNLL(path string) ([]nlp.Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	docs, err := nlp.ReadCoNLL(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return docs, nil
}

func cmdTrainNER(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "train ner")
	var train fileList
	fs.Var(&train, "train", "CoNLL-format training `FILE` (required); repeat it or give a comma-separated list to train on several files")
	dev := fs.String("dev", "", "CoNLL-format development `FILE`, scored after each pass")
	out := fs.String("out", "", "where to write the model `FILE` (required)")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if len(train) == 0 || *out == "" {
		return usagef("--train FILE and --out FILE are required")
	}
	var trainDocs []nlp.Sentence
	for _, path := range train {
		docs, err := readCoNLL(path)
		if err != nil {
			return err
		}
		trainDocs = nlp.Concat(trainDocs, docs)
	}
	var devDocs []nlp.Sentence
	if *dev != "" {
		var err error
		if devDocs, err = readCoNLL(*dev); err != nil {
			return err
		}
	}
	t, err := nlp.Train(ctx, trainDocs, devDocs, nlp.TrainOptions{}, e.stderr)
	if err != nil {
		return err
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	if err := t.Save(f); err != nil {
		f.Close()
		return fmt.Errorf("save model: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("save model: %w", err)
	}
	result := map[string]any{"model": *out}
	if len(devDocs) > 0 {
		result["dev"] = nlp.Evaluate(t, devDocs)
	}
	return printJSON(e, result)
}

func cmdEvalClassify(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval classify")
	train := fs.String("train", "", "JSON-lines training `FILE` of {\"label\",\"text\"[,\"title\"]} (required)")
	test := fs.String("test", "", "JSON-lines test `FILE` (required)")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if *train == "" || *test == "" {
		return usagef("--train FILE and --test FILE are required")
	}
	tr, err := readExamples(*train)
	if err != nil {
		return err
	}
	te, err := readExamples(*test)
	if err != nil {
		return err
	}
	res, err := section.Evaluate(ctx, tr, te, section.Options{})
	if err != nil {
		return err
	}
	return printJSON(e, res)
}

func readExamples(path string) ([]section.Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ex, err := section.ReadJSONL(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return ex, nil
}

// fileList is a flag naming files: it may be repeated, and each value may
// list several files separated by commas.
type fileList []string

func (l *fileList) String() string { return strings.Join(*l, ",") }

func (l *fileList) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}
