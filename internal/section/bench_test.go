package section

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// syntheticCorpus makes n stories over labels, each of about words words drawn
// from a Zipf vocabulary, with a label's own words mixed in, so that benchmarks
// run without the evaluation data.
func syntheticCorpus(n, labels, words int) []Example {
	rng := rand.New(rand.NewPCG(1, 2))
	zipf := rand.NewZipf(rng, 1.1, 1, 50_000)
	out := make([]Example, n)
	var b strings.Builder
	for i := range out {
		label := i % labels
		b.Reset()
		for w := range words {
			if w%8 == 0 {
				fmt.Fprintf(&b, "topic%dword%d ", label, zipf.Uint64()%500)
				continue
			}
			fmt.Fprintf(&b, "w%d ", zipf.Uint64())
		}
		out[i] = Example{Label: fmt.Sprintf("label%d", label), Title: "A title for story", Text: b.String()}
	}
	return out
}

func benchPredict(b *testing.B, m *Model, stories []Example) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ex := stories[i%len(stories)]
		m.Predict(ex.Title, ex.Text)
	}
}

// BenchmarkPredict measures one 600-word story against a model of 12 labels
// trained on 5,000 synthetic stories.
func BenchmarkPredict(b *testing.B) {
	m, err := Train(context.Background(), syntheticCorpus(5000, 12, 300), Options{})
	if err != nil {
		b.Fatal(err)
	}
	benchPredict(b, m, syntheticCorpus(50, 12, 600))
}

// BenchmarkPredictBBC measures Predict on BBC test stories (about 380 words)
// with a model trained on the BBC training split.
func BenchmarkPredictBBC(b *testing.B) {
	m, err := Train(context.Background(), loadSplit(b, "bbc-train.jsonl"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	benchPredict(b, m, loadSplit(b, "bbc-test.jsonl"))
}

// BenchmarkPredict20NG measures Predict on 20 Newsgroups test posts with a model
// of 20 labels trained on its training split.
func BenchmarkPredict20NG(b *testing.B) {
	m, err := Train(context.Background(), loadSplit(b, "20ng-train.jsonl"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	benchPredict(b, m, loadSplit(b, "20ng-test.jsonl"))
}

func benchTrain(b *testing.B, exs []Example) {
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Train(context.Background(), exs, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTrain trains on 5,000 synthetic 300-word stories of 12 labels.
func BenchmarkTrain(b *testing.B) { benchTrain(b, syntheticCorpus(5000, 12, 300)) }

// BenchmarkTrainBBC trains on the BBC training split (1,701 stories, 5 labels).
func BenchmarkTrainBBC(b *testing.B) { benchTrain(b, loadSplit(b, "bbc-train.jsonl")) }

// BenchmarkTrain20NG trains on the 20 Newsgroups training split (11,314 posts,
// 20 labels).
func BenchmarkTrain20NG(b *testing.B) { benchTrain(b, loadSplit(b, "20ng-train.jsonl")) }
