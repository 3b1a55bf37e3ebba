package nlp

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/heraldnews/herald"
)

// trainSent is a training sentence with its features looked up.
type trainSent struct {
	feats []int32  // static feature numbers, token by token
	off   []int32  // token i has feats[off[i]:off[i+1]]
	nlex  []uint8  // the first nlex[i] features of token i name the word
	lower []uint64 // lowercase hashes, for the document history
	flags []uint32
	gold  []int
}

// trainer holds the state of a structured averaged perceptron.
type trainer struct {
	m       *Tagger
	docs    [][]trainSent
	u       []float32 // sums of update * step, for averaging
	uTrans  []float32
	uStart  []float32
	uEnd    []float32
	step    float32
	ws      *workspace
	dyn     []int32
	dynOff  []int32
	from    []int32 // token i's features used in this pass start at from[i]
	rng     *rand.Rand
	dropout float64
	// histDropout is the probability of hiding a token's history features
	histDropout float64
	mistake     int
}

func newTrainer(m *Tagger, train []Sentence) (*trainer, error) {
	m.table = newFeatTable(1 << 20)
	tr := &trainer{m: m, ws: &workspace{fs: m.fs}}
	for _, doc := range Documents(train) {
		for from := 0; from < len(doc); from += maxDocSentences {
			sents, err := tr.prepareDoc(doc[from:min(from+maxDocSentences, len(doc))])
			if err != nil {
				return nil, err
			}
			tr.docs = append(tr.docs, sents)
		}
	}
	for major := 0; major <= len(m.ls.types); major++ {
		for _, fl := range []uint32{0, fSentStart, fCapsSent, fSentStart | fCapsSent} {
			for _, h := range histFeatures(major, fl|fCap, nil) {
				m.table.add(h)
			}
		}
	}
	return tr, nil
}

// dropRare removes from the training sentences the static features seen
// fewer than minCount times; they keep zero weights and are pruned.
func (tr *trainer) dropRare(minCount int) {
	counts := make([]int32, tr.m.table.n)
	for _, doc := range tr.docs {
		for _, s := range doc {
			for _, f := range s.feats {
				counts[f]++
			}
		}
	}
	for _, doc := range tr.docs {
		for k := range doc {
			s := &doc[k]
			kept := s.feats[:0]
			for i := 0; i+1 < len(s.off); i++ {
				from, to := s.off[i], s.off[i+1]
				s.off[i] = int32(len(kept))
				lex := 0
				for k, f := range s.feats[from:to] {
					if counts[f] >= int32(minCount) {
						kept = append(kept, f)
						if k < int(s.nlex[i]) {
							lex++
						}
					}
				}
				s.nlex[i] = uint8(lex)
			}
			s.off[len(s.off)-1] = int32(len(kept))
			s.feats = kept
		}
	}
}

// reset zeroes the weights for a new ensemble member.
func (tr *trainer) reset() {
	m := tr.m
	nw := m.table.n * m.nl
	m.w = make([]float32, nw)
	m.trans = make([]float32, m.nl*m.nl)
	m.start = make([]float32, m.nl)
	m.end = make([]float32, m.nl)
	tr.u = make([]float32, nw)
	tr.uTrans = make([]float32, len(m.trans))
	tr.uStart = make([]float32, m.nl)
	tr.uEnd = make([]float32, m.nl)
	tr.step = 1
}

// prepareDoc extracts the static features of one document's sentences.
func (tr *trainer) prepareDoc(doc []Sentence) ([]trainSent, error) {
	m, ws := tr.m, tr.ws
	words := make([][]string, len(doc))
	for i, s := range doc {
		words[i] = s.Words
	}
	ws.doc.reset(words)
	out := make([]trainSent, len(doc))
	for k, s := range doc {
		if len(s.Labels) != len(s.Words) {
			return nil, herald.Errorf(herald.EINVALID, "train ner: sentence with %d words and %d labels", len(s.Words), len(s.Labels))
		}
		gold, err := m.ls.encode(s.Labels, nil)
		if err != nil {
			return nil, herald.Errorf(herald.EINVALID, "train ner: %v", err)
		}
		n := len(s.Words)
		m.sentenceInfo(ws, s.Words)
		ws.doc.apply(ws, n)
		ts := trainSent{gold: gold, off: make([]int32, 1, n+1), lower: make([]uint64, n), flags: make([]uint32, n), nlex: make([]uint8, n)}
		for i := 0; i < n; i++ {
			ws.feats = staticFeatures(ws, i, ws.feats[:0])
			ws.feats = ws.doc.aggFeatures(ws, i, ws.feats)
			for _, h := range ws.feats {
				ts.feats = append(ts.feats, m.table.add(h))
			}
			ts.off = append(ts.off, int32(len(ts.feats)))
			ts.lower[i], ts.flags[i] = ws.info[pad+i].lower, ws.info[pad+i].flags
			ts.nlex[i] = uint8(lexicalCount(ws, pad+i))
		}
		out[k] = ts
	}
	return out, nil
}

// run trains ensemble member k for opts.Epochs epochs, writes one line
// about it to progress, and returns its averaged model.
func (tr *trainer) run(ctx context.Context, dev []Sentence, k int, opts TrainOptions, progress io.Writer) (*Tagger, error) {
	began := time.Now()
	rng := rand.New(rand.NewPCG(opts.Seed+uint64(k), 0x4e4552))
	tr.rng, tr.dropout, tr.histDropout = rng, opts.WordDropout, opts.HistoryDropout
	order := make([]int, 0, len(tr.docs))
	for i := range tr.docs {
		if opts.Bag <= 0 || rng.Float64() < opts.Bag {
			order = append(order, i)
		}
	}
	var best *Tagger
	bestF1, bestEpoch := -1.0, opts.Epochs
	for epoch := 1; epoch <= opts.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		tr.mistake = 0
		for _, d := range order {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("train ner: %w", err)
			}
			tr.trainDoc(tr.docs[d])
		}
		if opts.KeepBest && len(dev) > 0 {
			avg := tr.averaged()
			if sc := Evaluate(avg, dev); sc.F1 > bestF1 {
				bestF1, best, bestEpoch = sc.F1, avg, epoch
			}
		}
	}
	if best == nil {
		best = tr.averaged()
	}
	line := fmt.Sprintf("member %d/%d: %d epochs in %.1fs, %d sentences wrong in the last",
		k+1, opts.Ensemble, opts.Epochs, time.Since(began).Seconds(), tr.mistake)
	if len(dev) > 0 {
		sc := Evaluate(best, dev)
		line += fmt.Sprintf(", dev F1 %.2f (epoch %d)", sc.F1, bestEpoch)
	}
	fmt.Fprintln(progress, line)
	return best, nil
}

// trainDoc makes one perceptron pass over the sentences of a document.
func (tr *trainer) trainDoc(doc []trainSent) {
	ws := tr.ws
	clear(ws.doc.hist)
	if ws.doc.hist == nil {
		ws.doc.hist = map[uint64][8]uint16{}
	}
	for k := range doc {
		s := &doc[k]
		pred := tr.decode(s)
		if !slices.Equal(pred, s.gold) {
			tr.mistake++
			tr.update(s, pred)
		}
		tr.step++
		for i, y := range pred {
			ws.doc.recordToken(s.lower[i], s.flags[i], tr.m.ls.typ[y])
		}
	}
}

// decode scores a training sentence with the current weights and returns
// the best labels; the history features used are left in tr.dyn.
func (tr *trainer) decode(s *trainSent) []int {
	m, ws := tr.m, tr.ws
	n, nl := len(s.gold), m.nl
	ws.emit = grow(ws.emit, n*nl)
	clear(ws.emit)
	tr.dyn, tr.dynOff = tr.dyn[:0], append(tr.dynOff[:0], 0)
	tr.from = grow(tr.from, n)
	for i := 0; i < n; i++ {
		tr.from[i] = s.off[i]
		if tr.dropout > 0 && tr.rng.Float64() < tr.dropout {
			tr.from[i] += int32(s.nlex[i])
		}
		row := ws.emit[i*nl : (i+1)*nl]
		for _, f := range s.feats[tr.from[i]:s.off[i+1]] {
			addRow(row, m.w[int(f)*nl:int(f+1)*nl])
		}
		ws.feats = ws.feats[:0]
		if m.fs&fsHist != 0 && (tr.histDropout == 0 || tr.rng.Float64() >= tr.histDropout) {
			ws.feats = ws.doc.histFor(s.lower[i], s.flags[i], ws.feats)
		}
		for _, h := range ws.feats {
			if f := m.table.get(h); f >= 0 {
				tr.dyn = append(tr.dyn, f)
				addRow(row, m.w[int(f)*nl:int(f+1)*nl])
			}
		}
		tr.dynOff = append(tr.dynOff, int32(len(tr.dyn)))
	}
	return m.viterbi(ws, n)
}

// update moves the weights towards the gold labels and away from pred.
func (tr *trainer) update(s *trainSent, pred []int) {
	m, nl := tr.m, tr.m.nl
	for i, g := range s.gold {
		p := pred[i]
		if g != p {
			for _, f := range s.feats[tr.from[i]:s.off[i+1]] {
				tr.add(m.w, tr.u, int(f)*nl+g, 1)
				tr.add(m.w, tr.u, int(f)*nl+p, -1)
			}
			for _, f := range tr.dyn[tr.dynOff[i]:tr.dynOff[i+1]] {
				tr.add(m.w, tr.u, int(f)*nl+g, 1)
				tr.add(m.w, tr.u, int(f)*nl+p, -1)
			}
		}
		switch {
		case i == 0 && g != p:
			tr.add(m.start, tr.uStart, g, 1)
			tr.add(m.start, tr.uStart, p, -1)
		case i > 0 && (g != p || s.gold[i-1] != pred[i-1]):
			tr.add(m.trans, tr.uTrans, s.gold[i-1]*nl+g, 1)
			tr.add(m.trans, tr.uTrans, pred[i-1]*nl+p, -1)
		}
	}
	if g, p := s.gold[len(pred)-1], pred[len(pred)-1]; g != p {
		tr.add(m.end, tr.uEnd, g, 1)
		tr.add(m.end, tr.uEnd, p, -1)
	}
}

// add adds d to w[i] and keeps the averaging sum in u.
func (tr *trainer) add(w, u []float32, i int, d float32) {
	w[i] += d
	u[i] += d * tr.step
}

// averaged returns a tagger with the averaged weights, w - u/step, sharing
// the feature table.
func (tr *trainer) averaged() *Tagger {
	m := tr.m
	avg := newTagger(m.ls, m.fs, m.lex)
	avg.table = m.table
	avg.w = averageOf(m.w, tr.u, tr.step)
	avg.trans = averageOf(m.trans, tr.uTrans, tr.step)
	avg.start = averageOf(m.start, tr.uStart, tr.step)
	avg.end = averageOf(m.end, tr.uEnd, tr.step)
	return avg
}

func averageOf(w, u []float32, step float32) []float32 {
	out := make([]float32, len(w))
	for i := range w {
		out[i] = w[i] - u[i]/step
	}
	return out
}

// pruned returns the tagger without the features whose weights are all zero.
func (m *Tagger) pruned() *Tagger {
	out := newTagger(m.ls, m.fs, m.lex)
	out.trans, out.start, out.end = m.trans, m.start, m.end
	keep := 0
	for f := 0; f < m.table.n; f++ {
		if !allZero(m.w[f*m.nl : (f+1)*m.nl]) {
			keep++
		}
	}
	out.table = newFeatTable(keep)
	out.w = make([]float32, 0, keep*m.nl)
	for slot, h := range m.table.keys {
		if h == 0 {
			continue
		}
		f := int(m.table.vals[slot])
		row := m.w[f*m.nl : (f+1)*m.nl]
		if allZero(row) {
			continue
		}
		out.table.put(h, int32(len(out.w)/m.nl))
		out.w = append(out.w, row...)
	}
	return out
}

func allZero(row []float32) bool {
	for _, v := range row {
		if v != 0 {
			return false
		}
	}
	return true
}
