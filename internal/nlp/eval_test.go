package nlp

import (
	"math"
	"testing"
)

func TestScore(t *testing.T) {
	tests := []struct {
		name         string
		gold, pred   [][]string
		wantP, wantR float64
		wantF1       float64
		wantCorrect  int
		wantType     string
		wantTypeF1   float64
	}{
		{
			name:  "exact match",
			gold:  [][]string{{"B-PER", "I-PER", "O", "B-LOC"}},
			pred:  [][]string{{"B-PER", "I-PER", "O", "B-LOC"}},
			wantP: 100, wantR: 100, wantF1: 100, wantCorrect: 2,
			wantType: "PER", wantTypeF1: 100,
		},
		{
			name:  "partial span counts as wrong",
			gold:  [][]string{{"B-PER", "I-PER", "O"}},
			pred:  [][]string{{"B-PER", "O", "O"}},
			wantP: 0, wantR: 0, wantF1: 0, wantCorrect: 0,
			wantType: "PER", wantTypeF1: 0,
		},
		{
			name:  "too long span counts as wrong",
			gold:  [][]string{{"B-ORG", "O", "O"}},
			pred:  [][]string{{"B-ORG", "I-ORG", "O"}},
			wantP: 0, wantR: 0, wantF1: 0,
			wantType: "ORG", wantTypeF1: 0,
		},
		{
			name:  "wrong type",
			gold:  [][]string{{"B-ORG", "O", "B-PER"}},
			pred:  [][]string{{"B-LOC", "O", "B-PER"}},
			wantP: 50, wantR: 50, wantF1: 50, wantCorrect: 1,
			wantType: "ORG", wantTypeF1: 0,
		},
		{
			name:  "missed and spurious",
			gold:  [][]string{{"B-LOC", "O", "O", "O"}, {"B-PER", "I-PER"}},
			pred:  [][]string{{"B-LOC", "O", "B-MISC", "O"}, {"O", "O"}},
			wantP: 50, wantR: 50, wantF1: 50, wantCorrect: 1,
			wantType: "LOC", wantTypeF1: 100,
		},
		{
			name:  "I after O starts an entity as in conlleval",
			gold:  [][]string{{"O", "B-PER", "I-PER"}},
			pred:  [][]string{{"O", "I-PER", "I-PER"}},
			wantP: 100, wantR: 100, wantF1: 100, wantCorrect: 1,
			wantType: "PER", wantTypeF1: 100,
		},
		{
			name:  "adjacent entities of one type",
			gold:  [][]string{{"B-LOC", "B-LOC"}},
			pred:  [][]string{{"B-LOC", "I-LOC"}},
			wantP: 0, wantR: 0, wantF1: 0,
			wantType: "LOC", wantTypeF1: 0,
		},
		{
			name:  "precision and recall differ",
			gold:  [][]string{{"B-PER", "O", "B-PER", "O", "B-PER"}},
			pred:  [][]string{{"B-PER", "O", "O", "O", "O"}},
			wantP: 100, wantR: 100.0 / 3, wantF1: 50, wantCorrect: 1,
			wantType: "PER", wantTypeF1: 50,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := Score(tt.gold, tt.pred)
			for _, c := range []struct {
				what      string
				got, want float64
			}{
				{"precision", sc.Precision, tt.wantP},
				{"recall", sc.Recall, tt.wantR},
				{"F1", sc.F1, tt.wantF1},
				{tt.wantType + " F1", sc.ByType[tt.wantType].F1, tt.wantTypeF1},
			} {
				if math.Abs(c.got-c.want) > 1e-9 {
					t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
				}
			}
			if sc.Correct != tt.wantCorrect {
				t.Errorf("correct = %d, want %d", sc.Correct, tt.wantCorrect)
			}
		})
	}
}

func TestScoreCountsTokens(t *testing.T) {
	sc := Score([][]string{{"O", "O"}, {"B-PER"}}, [][]string{{"O", "O"}, {"B-PER"}})
	if sc.Tokens != 3 {
		t.Errorf("Tokens = %d, want 3", sc.Tokens)
	}
}
