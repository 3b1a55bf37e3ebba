package nlp

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/heraldnews/herald"
)

func TestIOB1ToIOB2(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"entity start", []string{"I-PER", "I-PER", "O"}, []string{"B-PER", "I-PER", "O"}},
		{"adjacent entities of one type", []string{"I-LOC", "B-LOC", "I-LOC"}, []string{"B-LOC", "B-LOC", "I-LOC"}},
		{"type change", []string{"I-ORG", "I-PER"}, []string{"B-ORG", "B-PER"}},
		{"after O", []string{"O", "I-MISC", "O", "I-MISC"}, []string{"O", "B-MISC", "O", "B-MISC"}},
		{"IOB2 unchanged", []string{"B-PER", "I-PER", "B-PER", "O"}, []string{"B-PER", "I-PER", "B-PER", "O"}},
		{"empty", []string{}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.in)
			if diff := cmp.Diff(tt.want, IOB1ToIOB2(in)); diff != "" {
				t.Errorf("IOB1ToIOB2(%v) mismatch (-want +got):\n%s", tt.in, diff)
			}
			if diff := cmp.Diff(tt.in, in); diff != "" {
				t.Errorf("input modified (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadCoNLL(t *testing.T) {
	data := DocStart + ` -X- O O

Herald NNP I-NP I-ORG
hired VBD I-VP O
Ann NNP I-NP I-PER
Lee NNP I-NP I-PER
. . O O

` + DocStart + ` -X- O O

Paris NNP I-NP I-LOC
Rome NNP I-NP B-LOC
`
	got, err := ReadCoNLL(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	want := []Sentence{
		{Words: []string{"Herald", "hired", "Ann", "Lee", "."}, Labels: []string{"B-ORG", "O", "B-PER", "I-PER", "O"}, Doc: 0},
		{Words: []string{"Paris", "Rome"}, Labels: []string{"B-LOC", "B-LOC"}, Doc: 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadCoNLL mismatch (-want +got):\n%s", diff)
	}
	if docs := Documents(got); len(docs) != 2 {
		t.Errorf("Documents: got %d documents, want 2", len(docs))
	}
}

func TestReadCoNLLErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"missing label", "word\n"},
		{"bad label", "word NN X-PER\n"},
		{"label without type", "word NN B-\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCoNLL(strings.NewReader(tt.in))
			if herald.ErrorCode(err) != herald.EINVALID {
				t.Errorf("ReadCoNLL(%q) error = %v, want code %s", tt.in, err, herald.EINVALID)
			}
		})
	}
}
