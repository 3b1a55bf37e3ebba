package nlp

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchText is hand-written news prose for the tagging benchmarks.
const benchText = `Prime Minister Shinzo Abe said he and US President Donald Trump agreed in telephone talks on Wednesday night to keep up pressure on North Korea over its nuclear weapons programme.
The talks, which lasted more than an hour, came a day after South Korean President Moon Jae-in met Kim Yo-jong, the sister of Kim Jong-un, at the Pyeongchang Winter Olympics.
"We talked thoroughly about what we should do from here on," Abe told reporters in Tokyo. The European Commission and the United Nations welcomed the call.
Shares of Toyota Motor Corp. rose 2.5 percent in Tokyo while the Nikkei average fell, according to Reuters data.`

func benchWords() [][]string {
	toks := Tokenize(benchText)
	var sents [][]string
	for _, sp := range SplitSentences(benchText, toks) {
		var words []string
		for _, t := range toks[sp[0]:sp[1]] {
			words = append(words, t.Text)
		}
		sents = append(sents, words)
	}
	return sents
}

func BenchmarkTagTokens(b *testing.B) {
	m := mustDefault(b)
	sents := benchWords()
	tokens := 0
	for _, s := range sents {
		tokens += len(s)
	}
	m.TagDocument(sents) // warm the pool
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m.tagSentences(sents, func(int, []int) {})
	}
	b.ReportMetric(float64(tokens*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkEntities(b *testing.B) {
	m := mustDefault(b)
	text := strings.Repeat(benchText+"\n\n", 4)
	tokens := len(Tokenize(text))
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		m.Entities(text)
	}
	b.ReportMetric(float64(tokens*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkTokenize(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		Tokenize(benchText)
	}
}

// BenchmarkTagDev tags eng.testa document by document with the embedded
// model and, when HERALD_NER_BASELINE names a model file (say the model of
// an earlier commit), with that model too, so that one run compares them.
func BenchmarkTagDev(b *testing.B) {
	dev := readCoNLLFile(b, filepath.Join(conllDir(b), "eng.testa"))
	models := []struct {
		name string
		m    *Tagger
	}{{"embedded", mustDefault(b)}}
	if path := os.Getenv("HERALD_NER_BASELINE"); path != "" {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		m, err := Load(f)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		models = append(models, struct {
			name string
			m    *Tagger
		}{"baseline", m})
	}
	docs := Documents(dev)
	words := make([][][]string, len(docs))
	tokens := 0
	for d, doc := range docs {
		for _, s := range doc {
			words[d] = append(words[d], s.Words)
			tokens += len(s.Words)
		}
	}
	for _, mm := range models {
		b.Run(mm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, doc := range words {
					mm.m.tagSentences(doc, func(int, []int) {})
				}
			}
			b.ReportMetric(float64(tokens*b.N)/b.Elapsed().Seconds(), "tokens/s")
			b.ReportMetric(float64(tokens), "tokens/op")
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(embeddedModel)))
	for b.Loop() {
		if _, err := Load(bytes.NewReader(embeddedModel)); err != nil {
			b.Fatal(err)
		}
	}
}
