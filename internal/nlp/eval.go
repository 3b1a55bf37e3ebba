package nlp

import (
	"strings"
	"time"
)

// Scores are entity-level scores under the conlleval rules: an entity counts
// as found only when its span and type both match exactly. F1, Precision and
// Recall are percentages (0-100).
type Scores struct {
	F1              float64               `json:"f1"`
	Precision       float64               `json:"precision"`
	Recall          float64               `json:"recall"`
	ByType          map[string]TypeScores `json:"by_type"`
	Tokens          int                   `json:"tokens"`
	TokensPerSecond float64               `json:"tokens_per_second"`
	Gold            int                   `json:"gold"`
	Predicted       int                   `json:"predicted"`
	Correct         int                   `json:"correct"`
}

// TypeScores are the scores of one entity type.
type TypeScores struct {
	F1        float64 `json:"f1"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	Gold      int     `json:"gold"`
	Predicted int     `json:"predicted"`
	Correct   int     `json:"correct"`
}

// Evaluate tags the sentences, document by document, and scores the result
// against their labels. TokensPerSecond measures tagging alone.
func Evaluate(t *Tagger, sents []Sentence) Scores {
	var gold, pred [][]string
	var elapsed time.Duration
	for _, doc := range Documents(sents) {
		words := make([][]string, len(doc))
		for i, s := range doc {
			words[i] = s.Words
			gold = append(gold, s.Labels)
		}
		began := time.Now()
		got := t.TagDocument(words)
		elapsed += time.Since(began)
		pred = append(pred, got...)
	}
	sc := Score(gold, pred)
	if elapsed > 0 {
		sc.TokensPerSecond = float64(sc.Tokens) / elapsed.Seconds()
	}
	return sc
}

// chunk is one entity span in a label sequence.
type chunk struct {
	start, end int // tokens [start, end)
	typ        string
}

// Score compares predicted IOB labels with gold ones, sentence by sentence,
// under the conlleval rules (an I- label after O or another type starts an
// entity, as conlleval reads it).
func Score(gold, pred [][]string) Scores {
	return scoreWhere(gold, pred, func(int, chunk) bool { return true })
}

// scoreWhere is Score counting only the entities (gold or predicted) of
// sentence s for which keep(s, c) is true; tokens are all counted.
func scoreWhere(gold, pred [][]string, keep func(s int, c chunk) bool) Scores {
	sc := Scores{ByType: map[string]TypeScores{}}
	counts := map[string]*TypeScores{}
	get := func(typ string) *TypeScores {
		if counts[typ] == nil {
			counts[typ] = &TypeScores{}
		}
		return counts[typ]
	}
	for s := range gold {
		sc.Tokens += len(gold[s])
		var p []string
		if s < len(pred) {
			p = pred[s]
		}
		g, pc := chunks(gold[s]), chunks(p)
		found := map[chunk]bool{}
		for _, c := range g {
			if !keep(s, c) {
				continue
			}
			get(c.typ).Gold++
			found[c] = true
		}
		for _, c := range pc {
			if !keep(s, c) {
				continue
			}
			get(c.typ).Predicted++
			if found[c] {
				get(c.typ).Correct++
			}
		}
	}
	var all TypeScores
	for typ, c := range counts {
		c.fill()
		sc.ByType[typ] = *c
		all.Gold += c.Gold
		all.Predicted += c.Predicted
		all.Correct += c.Correct
	}
	all.fill()
	sc.F1, sc.Precision, sc.Recall = all.F1, all.Precision, all.Recall
	sc.Gold, sc.Predicted, sc.Correct = all.Gold, all.Predicted, all.Correct
	return sc
}

func (c *TypeScores) fill() {
	if c.Predicted > 0 {
		c.Precision = 100 * float64(c.Correct) / float64(c.Predicted)
	}
	if c.Gold > 0 {
		c.Recall = 100 * float64(c.Correct) / float64(c.Gold)
	}
	if c.Precision+c.Recall > 0 {
		c.F1 = 2 * c.Precision * c.Recall / (c.Precision + c.Recall)
	}
}

// chunks returns the entities of an IOB1/IOB2 label sequence as conlleval
// finds them.
func chunks(labels []string) []chunk {
	var out []chunk
	open := -1
	openType := ""
	for i, l := range labels {
		prefix, typ := splitLabel(l)
		if open >= 0 && (prefix != "I" || typ != openType) {
			out = append(out, chunk{open, i, openType})
			open = -1
		}
		if prefix == "B" || (prefix == "I" && open < 0) {
			open, openType = i, typ
		}
	}
	if open >= 0 {
		out = append(out, chunk{open, len(labels), openType})
	}
	return out
}

// splitLabel splits "B-PER" into "B" and "PER"; "O" and anything unknown give "O", "".
func splitLabel(l string) (string, string) {
	prefix, typ, ok := strings.Cut(l, "-")
	if !ok || (prefix != "B" && prefix != "I") {
		return "O", ""
	}
	return prefix, typ
}
