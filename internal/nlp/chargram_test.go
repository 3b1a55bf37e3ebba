package nlp

import "testing"

func TestCharGrams(t *testing.T) {
	tests := []struct {
		word string
		want []string
	}{
		{"Kim", []string{"^ki", "kim", "im$"}},
		{"Jae-in", []string{"^ja", "jae", "ae-", "e-i", "-in", "in$"}},
		{"Öl", nil},
		{"ÉTAT", []string{"^ét", "éta", "tat", "at$"}},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			var ti tokInfo
			wordInfo(tt.word, &ti)
			if ti.ngrams != len(tt.want) {
				t.Fatalf("%d trigrams, want %d", ti.ngrams, len(tt.want))
			}
			for k, g := range tt.want {
				h := uint64(fnvOffset)
				for _, r := range g {
					h = hashRune(h, r)
				}
				if ti.grams[k] != h {
					t.Errorf("trigram %d is not %q", k, g)
				}
			}
		})
	}
}
