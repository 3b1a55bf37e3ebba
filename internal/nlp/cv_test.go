package nlp

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// docs returns n one-sentence documents whose single word names the document.
func docs(n int) []Sentence {
	out := make([]Sentence, n)
	for d := range out {
		out[d] = Sentence{Words: []string{string(rune('a' + d))}, Labels: []string{"O"}, Doc: d}
	}
	return out
}

func words(sents []Sentence) string {
	var s string
	for _, x := range sents {
		s += x.Words[0]
	}
	return s
}

func TestFolds(t *testing.T) {
	tests := []struct {
		name string
		n, k int
		want []string
	}{
		{name: "even", n: 6, k: 3, want: []string{"ab", "cd", "ef"}},
		{name: "uneven keeps order", n: 7, k: 3, want: []string{"abc", "de", "fg"}},
		{name: "one fold", n: 3, k: 1, want: []string{"abc"}},
		{name: "k below one means one fold", n: 2, k: 0, want: []string{"ab"}},
		{name: "more folds than documents", n: 2, k: 3, want: []string{"a", "b", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range Folds(docs(tt.n), tt.k) {
				got = append(got, words(f))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Folds mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFoldsKeepDocumentsWhole(t *testing.T) {
	sents := []Sentence{
		{Words: []string{"a"}, Doc: 0}, {Words: []string{"b"}, Doc: 0}, {Words: []string{"c"}, Doc: 0},
		{Words: []string{"d"}, Doc: 1}, {Words: []string{"e"}, Doc: 2}, {Words: []string{"f"}, Doc: 2},
	}
	folds := Folds(sents, 2)
	if got := []string{words(folds[0]), words(folds[1])}; !cmp.Equal(got, []string{"abcd", "ef"}) {
		t.Errorf("Folds = %q, want [abcd ef]", got)
	}
	if got := words(Except(folds, 0)); got != "ef" {
		t.Errorf("Except(folds, 0) = %q, want ef", got)
	}
}

func TestConcatNumbersDocumentsApart(t *testing.T) {
	a := []Sentence{{Words: []string{"a"}, Doc: 0}, {Words: []string{"b"}, Doc: 1}}
	b := []Sentence{{Words: []string{"c"}, Doc: 0}, {Words: []string{"d"}, Doc: 0}}
	got := Concat(a, b)
	var nums []int
	for _, s := range got {
		nums = append(nums, s.Doc)
	}
	if !cmp.Equal(nums, []int{0, 1, 2, 2}) {
		t.Errorf("Concat documents = %v, want [0 1 2 2]", nums)
	}
	if a[1].Doc != 1 || b[0].Doc != 0 {
		t.Error("Concat changed its inputs")
	}
}

func TestScoreUnseen(t *testing.T) {
	train := []Sentence{{Words: []string{"Ann", "Lee", "in", "Rome"}, Labels: []string{"B-PER", "I-PER", "O", "B-LOC"}}}
	seen := EntityNames(train)
	if !cmp.Equal(seen, map[string]bool{"Ann Lee": true, "Rome": true}) {
		t.Fatalf("EntityNames = %v", seen)
	}
	test := []Sentence{{
		Words:  []string{"Ann", "Lee", "met", "Bo", "Kim", "in", "Rome", "and", "Oslo"},
		Labels: []string{"B-PER", "I-PER", "O", "B-PER", "I-PER", "O", "B-LOC", "O", "B-LOC"},
	}}
	tests := []struct {
		name                        string
		pred                        []string
		wantGold, wantPred, wantHit int
	}{
		{
			name:     "all right",
			pred:     []string{"B-PER", "I-PER", "O", "B-PER", "I-PER", "O", "B-LOC", "O", "B-LOC"},
			wantGold: 2, wantPred: 2, wantHit: 2,
		},
		{
			name:     "seen names missed do not count",
			pred:     []string{"O", "O", "O", "B-PER", "I-PER", "O", "O", "O", "B-ORG"},
			wantGold: 2, wantPred: 2, wantHit: 1,
		},
		{
			name:     "a wrong span of a seen name counts as unseen",
			pred:     []string{"B-PER", "O", "O", "O", "O", "O", "B-LOC", "O", "O"},
			wantGold: 2, wantPred: 1, wantHit: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := ScoreUnseen(test, [][]string{tt.pred}, seen)
			if sc.Gold != tt.wantGold || sc.Predicted != tt.wantPred || sc.Correct != tt.wantHit {
				t.Errorf("gold %d predicted %d correct %d, want %d %d %d", sc.Gold, sc.Predicted, sc.Correct, tt.wantGold, tt.wantPred, tt.wantHit)
			}
		})
	}
}

func TestParseFeatures(t *testing.T) {
	tests := []struct {
		in      string
		want    featureSet
		wantErr bool
	}{
		{in: "", want: defaultFeatures},
		{in: "+lexctx", want: defaultFeatures | fsLexCtx},
		{in: "-agg, -hist", want: defaultFeatures &^ (fsAgg | fsHist)},
		{in: "char,-char", want: defaultFeatures &^ fsChar},
		{in: "-case", want: defaultFeatures &^ fsCase},
		{in: "+nonsense", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseFeatures(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseFeatures(%q) error %v, want error %v", tt.in, err, tt.wantErr)
			}
			if err == nil && got != tt.want {
				t.Errorf("parseFeatures(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}
