package nlp

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// bruteForce returns the best allowed label sequence by enumeration.
func bruteForce(n, nl int, emit, trans, start, end []float32, ok, okStart, okEnd []bool) []int {
	best, bestScore := []int(nil), float32(math.Inf(-1))
	seq := make([]int, n)
	var walk func(i int, score float32)
	walk = func(i int, score float32) {
		if i == n {
			if y := seq[n-1]; okEnd[y] && score+end[y] > bestScore {
				bestScore, best = score+end[y], append([]int(nil), seq...)
			}
			return
		}
		for y := 0; y < nl; y++ {
			s := score + emit[i*nl+y]
			if i == 0 {
				if !okStart[y] {
					continue
				}
				s += start[y]
			} else {
				if !ok[seq[i-1]*nl+y] {
					continue
				}
				s += trans[seq[i-1]*nl+y]
			}
			seq[i] = y
			walk(i+1, s)
		}
	}
	walk(0, 0)
	return best
}

func TestViterbiMatchesBruteForce(t *testing.T) {
	for _, scheme := range []string{SchemeIOB2, SchemeBILOU} {
		t.Run(scheme, func(t *testing.T) {
			ls, err := newLabelSet(scheme, []string{"LOC", "PER"})
			if err != nil {
				t.Fatal(err)
			}
			m := newTagger(ls, defaultFeatures, &lexicon{})
			rng := rand.New(rand.NewPCG(7, 7))
			nl := m.nl
			for trial := 0; trial < 60; trial++ {
				n := 1 + trial%4
				emit := randFloats(rng, n*nl)
				trans, start, end := randFloats(rng, nl*nl), randFloats(rng, nl), randFloats(rng, nl)
				got := make([]int, n)
				viterbi(n, nl, emit, trans, start, end, m.ok, m.okStart, m.okEnd, make([]float32, n*nl), make([]int32, n*nl), got)
				want := bruteForce(n, nl, emit, trans, start, end, m.ok, m.okStart, m.okEnd)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("trial %d: viterbi mismatch (-want +got):\n%s", trial, diff)
				}
			}
		})
	}
}

func randFloats(rng *rand.Rand, n int) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(rng.NormFloat64())
	}
	return out
}

// handModel builds a tagger with IOB2 labels for PER and hand-set weights.
func handModel(t *testing.T, weights map[uint64][]float32, trans func(ls labelSet, a, b int) float32) *Tagger {
	t.Helper()
	ls, err := newLabelSet(SchemeIOB2, []string{"PER"})
	if err != nil {
		t.Fatal(err)
	}
	m := newTagger(ls, defaultFeatures, &lexicon{words: map[string]int32{}, gaz: map[uint64]uint32{}})
	m.table = newFeatTable(len(weights))
	for h, row := range weights {
		m.table.put(h, int32(len(m.w)/m.nl))
		m.w = append(m.w, row...)
	}
	for a := 0; a < m.nl; a++ {
		for b := 0; b < m.nl; b++ {
			m.trans[a*m.nl+b] = trans(ls, a, b)
		}
	}
	return m
}

func TestDecodeHandModel(t *testing.T) {
	// Labels: 0 O, 1 B-PER, 2 I-PER.
	capitalised := feat(tFlags, fCap)
	capitalisedStart := feat(tFlags, fCap|fSentStart)
	noTrans := func(labelSet, int, int) float32 { return 0 }
	tests := []struct {
		name    string
		weights map[uint64][]float32
		trans   func(ls labelSet, a, b int) float32
		words   []string
		want    []string
	}{
		{
			name:    "emissions alone",
			weights: map[uint64][]float32{capitalised: {0, 2, 1}, capitalisedStart: {0, 2, 1}, feat(tBias, 0): {1, 0, 0}},
			trans:   noTrans,
			words:   []string{"Ann", "met", "Bob"},
			want:    []string{"B-PER", "O", "B-PER"},
		},
		{
			name:    "transitions join a name",
			weights: map[uint64][]float32{capitalised: {0, 2, 1}, capitalisedStart: {0, 2, 1}, feat(tBias, 0): {1, 0, 0}},
			trans: func(ls labelSet, a, b int) float32 {
				if ls.kind[a] == kindB && ls.kind[b] == kindI {
					return 3
				}
				return 0
			},
			words: []string{"Ann", "Lee", "left"},
			want:  []string{"B-PER", "I-PER", "O"},
		},
		{
			name:    "I-PER cannot start a sentence or follow O",
			weights: map[uint64][]float32{feat(tBias, 0): {0, 1, 5}},
			trans:   noTrans,
			words:   []string{"x", "y"},
			want:    []string{"B-PER", "I-PER"},
		},
		{
			name:    "unknown features are ignored",
			weights: map[uint64][]float32{feat(tBias, 0): {1, 0, 0}},
			trans:   noTrans,
			words:   []string{"Ann", "Lee"},
			want:    []string{"O", "O"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := handModel(t, tt.weights, tt.trans)
			if diff := cmp.Diff(tt.want, m.TagTokens(tt.words)); diff != "" {
				t.Errorf("TagTokens(%v) mismatch (-want +got):\n%s", tt.words, diff)
			}
		})
	}
}

func TestLabelEncoding(t *testing.T) {
	tests := []struct {
		scheme string
		in     []string
		want   []string
	}{
		{SchemeBILOU, []string{"B-PER", "I-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC"}, []string{"B-PER", "I-PER", "L-PER", "O", "U-LOC", "B-LOC", "L-LOC"}},
		{SchemeIOB2, []string{"B-PER", "I-PER", "O", "B-LOC"}, []string{"B-PER", "I-PER", "O", "B-LOC"}},
	}
	for _, tt := range tests {
		t.Run(tt.scheme, func(t *testing.T) {
			ls, err := newLabelSet(tt.scheme, []string{"LOC", "PER"})
			if err != nil {
				t.Fatal(err)
			}
			ys, err := ls.encode(tt.in, nil)
			if err != nil {
				t.Fatal(err)
			}
			var names, back []string
			for _, y := range ys {
				names = append(names, ls.names[y])
				back = append(back, ls.iob2(y))
			}
			if diff := cmp.Diff(tt.want, names); diff != "" {
				t.Errorf("encode mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.in, back); diff != "" {
				t.Errorf("decode to IOB2 mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
