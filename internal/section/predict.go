package section

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
)

// scratch is per-call working memory for Predict, pooled per model.
type scratch struct {
	ext    extractor
	hs     []uint64
	tally  tally
	scores []float64
	acc    []float32
}

// maxPooledFeatures bounds the feature buffer a pooled scratch keeps, so that one
// huge story does not pin its buffers for the life of the model.
const maxPooledFeatures = 1 << 16

func (m *Model) putScratch(s *scratch) {
	if cap(s.hs) > maxPooledFeatures {
		s.hs = nil
		s.tally = tally{}
	}
	m.pool.Put(s)
}

func (m *Model) getScratch() *scratch {
	if s, ok := m.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{
		ext:    extractor{cfg: m.cfg},
		scores: make([]float64, len(m.labels)),
		acc:    make([]float32, len(m.labels)),
	}
}

// Predict returns the most likely label for a story and a confidence in
// (0,1]: the softmax over all labels of the scaled decision values. It is near 1
// when one label stands out and near 1/len(Labels()) when none does. A story
// with no known features gets the label with the largest bias. Predict is safe
// for concurrent use.
func (m *Model) Predict(title, text string) (label string, confidence float64) {
	s := m.getScratch()
	defer m.putScratch(s)
	m.decide(s, title, text)
	best := 0
	for k, v := range s.scores {
		if v > s.scores[best] {
			best = k
		}
	}
	return m.labels[best], m.softmax(s.scores, s.scores[best])
}

// softmax returns the softmax of scale·scores at the entry equal to at.
func (m *Model) softmax(scores []float64, at float64) float64 {
	var sum float64
	for _, v := range scores {
		sum += math.Exp(m.scale * (v - at))
	}
	return 1 / sum
}

// LabelScore is a label and its probability for one story.
type LabelScore struct {
	Label       string  `json:"label"`
	Probability float64 `json:"probability"`
}

// Scores returns every label with its probability for the story (the softmax
// Predict's confidence comes from), most probable first; ties keep label order.
// Callers that combine the classifier with other evidence, such as a source's
// own section, use it instead of Predict.
func (m *Model) Scores(title, text string) []LabelScore {
	s := m.getScratch()
	defer m.putScratch(s)
	m.decide(s, title, text)
	out := make([]LabelScore, len(m.labels))
	for k, v := range s.scores {
		out[k] = LabelScore{Label: m.labels[k], Probability: m.softmax(s.scores, v)}
	}
	slices.SortStableFunc(out, func(a, b LabelScore) int { return cmp.Compare(b.Probability, a.Probability) })
	return out
}

// decide sets s.scores to each label's decision value for the story.
func (m *Model) decide(s *scratch, title, text string) {
	s.hs = s.ext.features(s.hs[:0], title, text)
	s.tally.reset(len(s.hs))
	for _, h := range s.hs {
		if j := m.voc.index(h); j >= 0 {
			s.tally.add(j)
		}
	}
	acc := s.acc[:len(m.labels)]
	clear(acc)
	var norm float32
	stride := m.stride()
	for i, j := range s.tally.keys {
		row := m.rows[int(j)*stride:][:stride]
		v := tfWeight(s.tally.counts[i]) * row[0]
		norm += v * v
		for k, w := range row[1:] {
			acc[k] += v * w
		}
	}
	inv := 0.0
	if norm > 0 {
		inv = 1 / math.Sqrt(float64(norm))
	}
	for k, a := range acc {
		s.scores[k] = float64(a)*inv + float64(m.bias[k])*biasValue
	}
}

// tally counts feature indices with a small open-addressing table that fits in
// the cache, instead of a vocabulary-sized array.
type tally struct {
	table  []int32 // slot -> position in keys plus one; 0 is empty
	shift  uint
	keys   []int32 // distinct features in order of first sight
	counts []uint32
}

// reset empties the tally and sizes it for up to n additions.
func (t *tally) reset(n int) {
	size := max(64, 1<<bits.Len(uint(2*n)))
	if len(t.table) < size || len(t.table) > 4*size {
		t.table = make([]int32, size)
	} else {
		clear(t.table)
	}
	t.shift = uint(64 - bits.TrailingZeros(uint(len(t.table))))
	t.keys, t.counts = t.keys[:0], t.counts[:0]
}

// add counts one occurrence of feature j.
func (t *tally) add(j int32) {
	mask := len(t.table) - 1
	for i := int(uint64(j)*0x9e3779b97f4a7c15>>t.shift) & mask; ; i = (i + 1) & mask {
		p := t.table[i]
		if p == 0 {
			t.keys = append(t.keys, j)
			t.counts = append(t.counts, 1)
			t.table[i] = int32(len(t.keys))
			return
		}
		if t.keys[p-1] == j {
			t.counts[p-1]++
			return
		}
	}
}
