// Command nertrain trains the named-entity tagger on CoNLL-format data and
// writes the model, the way the shipped model/ner.bin was made (MODEL.md):
//
//	go run ./internal/nlp/internal/nertrain -train eng.train,eng.testa -out internal/nlp/model/ner.bin
//
// With -eval it only scores a saved model (or the embedded one) on -dev, and
// with -train also the entities of -dev unseen in those files. With -cv N it
// cross-validates the options on -train in N folds of documents (MODEL.md).
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/heraldnews/herald/internal/nlp"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "nertrain:", err)
		os.Exit(1)
	}
}

func run() error {
	trainPath := flag.String("train", "", "CoNLL training files, comma-separated")
	devPath := flag.String("dev", "", "CoNLL development file, scored after each ensemble member (choose settings with -cv, not with it)")
	out := flag.String("out", "", "where to write the model")
	model := flag.String("model", "", "with -eval: model file (default: the embedded model)")
	eval := flag.Bool("eval", false, "only score -model on -dev")
	epochs := flag.Int("epochs", 0, "training epochs (0: default)")
	scheme := flag.String("scheme", "", "label scheme: BILOU or IOB2")
	noLex := flag.Bool("nolex", false, "train without clusters and gazetteers")
	clusters := flag.String("clusters", "", "word cluster list (default: embedded)")
	gaz := flag.String("gazetteer", "", "gazetteer list (default: embedded)")
	seed := flag.Uint64("seed", 0, "shuffling seed (0: default)")
	ensemble := flag.Int("ensemble", 0, "perceptrons to average (0: default)")
	minCount := flag.Int("min-count", 0, "drop features seen fewer times (0: keep all)")
	dropout := flag.Float64("word-dropout", 0, "probability of hiding a token's word features in training (0: default, <0: none)")
	cv := flag.Int("cv", 0, "cross-validate on -train with this many folds of documents instead of training")
	cvClusters := flag.String("cv-clusters", "", "with -cv: cluster list per fold, a pattern with %d for the fold number (or one file for all)")
	cvErrors := flag.String("cv-errors", "", "with -cv: write each fold's wrongly tagged sentences to this path plus .fold")
	cvFolds := flag.String("cv-folds", "", "with -cv: comma-separated fold numbers to run (default: all)")
	features := flag.String("features", "", "optional features to add (+name) or remove (-name), comma-separated")
	upper := flag.Float64("upper", 0, "share of training documents also trained on in capitals")
	bag := flag.Float64("bag", 0, "share of training documents each ensemble member sees (0: all)")
	histDrop := flag.Float64("hist-dropout", 0, "probability of hiding a token's history features in training")
	flag.Parse()
	if *eval {
		return evaluate(*model, *devPath, *trainPath)
	}
	train, err := readFiles(*trainPath)
	if err != nil {
		return err
	}
	var dev []nlp.Sentence
	if *devPath != "" {
		if dev, err = readFile(*devPath); err != nil {
			return err
		}
	}
	opts := nlp.TrainOptions{Epochs: *epochs, Scheme: *scheme, NoLexicon: *noLex, Seed: *seed, Ensemble: *ensemble, MinCount: *minCount, WordDropout: *dropout, Features: *features, UpperCase: *upper, Bag: *bag, HistoryDropout: *histDrop}
	if opts.Clusters, err = readText(*clusters); err != nil {
		return err
	}
	if opts.Gazetteer, err = readText(*gaz); err != nil {
		return err
	}
	if *cv > 0 {
		return crossValidate(train, *cv, *cvClusters, *cvFolds, *cvErrors, opts)
	}
	began := time.Now()
	m, err := nlp.Train(context.Background(), train, dev, opts, os.Stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "trained in %.1fs\n", time.Since(began).Seconds())
	if *out == "" {
		return nil
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	if err := m.Save(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// evaluate scores a model on devPath; with training files it also scores
// the entities whose text is not an entity of the training data.
func evaluate(modelPath, devPath, trainPaths string) error {
	m, err := nlp.DefaultTagger()
	if modelPath != "" {
		f, ferr := os.Open(modelPath)
		if ferr != nil {
			return ferr
		}
		defer f.Close()
		m, err = nlp.Load(f)
	}
	if err != nil {
		return err
	}
	dev, err := readFile(devPath)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(nlp.Evaluate(m, dev)); err != nil {
		return err
	}
	if trainPaths == "" {
		return nil
	}
	train, err := readFiles(trainPaths)
	if err != nil {
		return err
	}
	un := nlp.ScoreUnseen(dev, nlp.Tag(m, dev), nlp.EntityNames(train))
	return enc.Encode(map[string]any{"unseen_f1": un.F1, "unseen_p": un.Precision, "unseen_r": un.Recall, "unseen_gold": un.Gold})
}

// readFiles reads and concatenates comma-separated CoNLL files, numbering
// their documents apart.
func readFiles(paths string) ([]nlp.Sentence, error) {
	var all []nlp.Sentence
	for _, p := range strings.Split(paths, ",") {
		sents, err := readFile(p)
		if err != nil {
			return nil, err
		}
		all = nlp.Concat(all, sents)
	}
	return all, nil
}

func readFile(path string) ([]nlp.Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return nlp.ReadCoNLL(f)
}

// readText returns the text of a list file, gunzipped when it is gzip.
func readText(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		return string(b), err
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	text, err := io.ReadAll(zr)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return string(text), nil
}
