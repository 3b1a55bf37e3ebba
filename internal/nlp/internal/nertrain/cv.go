package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald/internal/nlp"
)

// foldResult is one fold's scores: all entities, and only those whose text
// is not an entity of the training folds.
type foldResult struct {
	Fold     int     `json:"fold"`
	F1       float64 `json:"f1"`
	UnseenF1 float64 `json:"unseen_f1"`
	UnseenP  float64 `json:"unseen_p"`
	UnseenR  float64 `json:"unseen_r"`
	Unseen   int     `json:"unseen_gold"`
	Gold     int     `json:"gold"`
	Seconds  float64 `json:"seconds"`
	CapsF1   float64 `json:"caps_f1"`
}

// crossValidate trains on all folds but one and scores the one left out,
// for each fold, and prints one JSON line per fold and the means.
func crossValidate(train []nlp.Sentence, k int, clusterPattern, only, errPath string, opts nlp.TrainOptions) error {
	folds := nlp.Folds(train, k)
	run, err := foldList(only, k)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(os.Stdout)
	var sum foldResult
	for _, f := range run {
		if clusterPattern != "" {
			path := clusterPattern
			if strings.Contains(path, "%d") {
				path = fmt.Sprintf(clusterPattern, f)
			}
			text, err := readText(path)
			if err != nil {
				return err
			}
			opts.Clusters = text
		}
		began := time.Now()
		tr := nlp.Except(folds, f)
		m, err := nlp.Train(context.Background(), tr, nil, opts, os.Stderr)
		if err != nil {
			return err
		}
		pred := nlp.Tag(m, folds[f])
		gold := make([][]string, len(folds[f]))
		for i, s := range folds[f] {
			gold[i] = s.Labels
		}
		all := nlp.Score(gold, pred)
		un := nlp.ScoreUnseen(folds[f], pred, nlp.EntityNames(tr))
		caps := capsScore(m, folds[f])
		if errPath != "" {
			if err := writeErrors(fmt.Sprintf("%s.%d", errPath, f), folds[f], pred); err != nil {
				return err
			}
		}
		r := foldResult{Fold: f, F1: all.F1, UnseenF1: un.F1, UnseenP: un.Precision, UnseenR: un.Recall,
			Unseen: un.Gold, Gold: all.Gold, Seconds: time.Since(began).Seconds(), CapsF1: caps}
		if err := enc.Encode(r); err != nil {
			return err
		}
		sum.F1 += r.F1
		sum.UnseenF1 += r.UnseenF1
		sum.UnseenP += r.UnseenP
		sum.UnseenR += r.UnseenR
		sum.CapsF1 += r.CapsF1
		sum.Seconds += r.Seconds
	}
	n := float64(len(run))
	return enc.Encode(map[string]any{"mean_f1": round2(sum.F1 / n), "mean_unseen_f1": round2(sum.UnseenF1 / n),
		"mean_unseen_p": round2(sum.UnseenP / n), "mean_unseen_r": round2(sum.UnseenR / n),
		"mean_caps_f1": round2(sum.CapsF1 / n), "folds": len(run), "seconds": round2(sum.Seconds)})
}

// capsScore scores the tagger on the fold with every sentence upper-cased:
// how well it copes with text in capitals (headlines, wire copy).
func capsScore(m *nlp.Tagger, sents []nlp.Sentence) float64 {
	up := make([]nlp.Sentence, len(sents))
	for i, s := range sents {
		up[i] = s
		up[i].Words = make([]string, len(s.Words))
		for j, w := range s.Words {
			up[i].Words[j] = strings.ToUpper(w)
		}
	}
	return nlp.Evaluate(m, up).F1
}

func foldList(only string, k int) ([]int, error) {
	if only == "" {
		out := make([]int, k)
		for i := range out {
			out[i] = i
		}
		return out, nil
	}
	var out []int
	for _, f := range strings.Split(only, ",") {
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 || n >= k {
			return nil, fmt.Errorf("bad -cv-folds %q", only)
		}
		out = append(out, n)
	}
	return out, nil
}

func round2(x float64) float64 { return float64(int(x*100+0.5)) / 100 }

// writeErrors writes every sentence whose predicted entities differ from
// the gold ones, with both lists, for reading the errors.
func writeErrors(path string, sents []nlp.Sentence, pred [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	for i, s := range sents {
		g, p := entities(s.Words, s.Labels), entities(s.Words, pred[i])
		if strings.Join(g, "|") == strings.Join(p, "|") {
			continue
		}
		fmt.Fprintf(f, "%s\n  gold: %s\n  pred: %s\n", strings.Join(s.Words, " "), strings.Join(g, " | "), strings.Join(p, " | "))
	}
	return f.Close()
}

// entities lists the entities of IOB2 labels as "TYPE words".
func entities(words, labels []string) []string {
	var out []string
	for i := 0; i < len(labels); i++ {
		if !strings.HasPrefix(labels[i], "B-") {
			continue
		}
		j := i + 1
		for j < len(labels) && labels[j] == "I-"+labels[i][2:] {
			j++
		}
		out = append(out, labels[i][2:]+" "+strings.Join(words[i:j], " "))
	}
	return out
}
