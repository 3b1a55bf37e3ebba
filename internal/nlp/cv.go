package nlp

import "strings"

// Folds splits labelled sentences into k folds of whole documents: fold f
// holds documents [f·D/k, (f+1)·D/k) of the D documents in file order, so a
// fold is a stretch of consecutive news (closer to scoring on later news
// than folds of shuffled documents). k below 2 gives one fold.
func Folds(sents []Sentence, k int) [][]Sentence {
	k = max(k, 1)
	docs := Documents(sents)
	folds := make([][]Sentence, k)
	for d, doc := range docs {
		f := d * k / max(len(docs), 1)
		folds[f] = append(folds[f], doc...)
	}
	return folds
}

// Except returns the sentences of every fold but fold f, in order.
func Except(folds [][]Sentence, f int) []Sentence {
	var out []Sentence
	for g, fold := range folds {
		if g != f {
			out = append(out, fold...)
		}
	}
	return out
}

// EntityNames returns the texts (words joined by one space) of the entities
// labelled in sents, of any type.
func EntityNames(sents []Sentence) map[string]bool {
	names := map[string]bool{}
	for _, s := range sents {
		for _, c := range chunks(s.Labels) {
			names[strings.Join(s.Words[c.start:c.end], " ")] = true
		}
	}
	return names
}

// Tag returns the labels the tagger gives sents, tagged document by
// document.
func Tag(t *Tagger, sents []Sentence) [][]string {
	var pred [][]string
	for _, doc := range Documents(sents) {
		words := make([][]string, len(doc))
		for i, s := range doc {
			words[i] = s.Words
		}
		pred = append(pred, t.TagDocument(words)...)
	}
	return pred
}

// ScoreUnseen scores pred against the labels of sents counting only the
// entities, gold or predicted, whose text is not in seen (EntityNames of
// the training data): how well the tagger finds names it was not taught.
func ScoreUnseen(sents []Sentence, pred [][]string, seen map[string]bool) Scores {
	gold := make([][]string, len(sents))
	for i, s := range sents {
		gold[i] = s.Labels
	}
	return scoreWhere(gold, pred, func(s int, c chunk) bool {
		return !seen[strings.Join(sents[s].Words[c.start:c.end], " ")]
	})
}

// Concat returns a followed by b with b's documents numbered after a's, so
// that no document of b merges with the last one of a.
func Concat(a, b []Sentence) []Sentence {
	out := append([]Sentence(nil), a...)
	base := 0
	if len(a) > 0 {
		base = a[len(a)-1].Doc + 1
	}
	for _, s := range b {
		s.Doc += base
		out = append(out, s)
	}
	return out
}
