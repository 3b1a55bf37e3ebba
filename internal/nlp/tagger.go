package nlp

import (
	"sync"
)

// Tagger is a trained named-entity tagger. It is immutable once built and
// safe for concurrent use.
type Tagger struct {
	ls    labelSet
	fs    featureSet
	nl    int
	lex   *lexicon
	table *featTable
	w     []float32 // feature weights, w[f*nl+y]
	trans []float32 // trans[a*nl+b]
	start []float32
	end   []float32

	ok, okStart, okEnd []bool

	pool sync.Pool // *workspace
}

// workspace is the scratch memory for tagging one document.
type workspace struct {
	info   []tokInfo
	buf    []byte
	gazEnd []int32
	feats  []uint64
	emit   []float32
	delta  []float32
	back   []int32
	out    []int
	doc    docState
	fs     featureSet
	first  []int // first-pass labels of a window (secondPass)
}

func newTagger(ls labelSet, fs featureSet, lex *lexicon) *Tagger {
	nl := ls.size()
	m := &Tagger{ls: ls, fs: fs, nl: nl, lex: lex, trans: make([]float32, nl*nl), start: make([]float32, nl), end: make([]float32, nl)}
	m.ok = make([]bool, nl*nl)
	m.okStart = make([]bool, nl)
	m.okEnd = make([]bool, nl)
	for b := 0; b < nl; b++ {
		m.okStart[b] = ls.allowed(-1, b)
		m.okEnd[b] = ls.allowedEnd(b)
		for a := 0; a < nl; a++ {
			m.ok[a*nl+b] = ls.allowed(a, b)
		}
	}
	m.pool.New = func() any { return &workspace{} }
	return m
}

// Types returns the entity types the tagger knows, such as PER, LOC, ORG, MISC.
func (m *Tagger) Types() []string { return append([]string(nil), m.ls.types...) }

// TagTokens returns one IOB2 label ("B-PER", "I-PER", "O", ...) for each word
// of one sentence, tagged with no document context.
func (m *Tagger) TagTokens(words []string) []string {
	labels := make([]string, len(words))
	m.tagSentences([][]string{words}, func(_ int, ys []int) {
		for i, y := range ys {
			labels[i] = m.ls.iob2(y)
		}
	})
	return labels
}

// TagDocument returns IOB2 labels for the sentences of one document. Later
// sentences see how earlier ones were tagged, and every sentence sees how
// words are capitalised elsewhere in the document.
func (m *Tagger) TagDocument(sents [][]string) [][]string {
	out := make([][]string, len(sents))
	m.tagSentences(sents, func(s int, ys []int) {
		out[s] = make([]string, len(ys))
		for i, y := range ys {
			out[s][i] = m.ls.iob2(y)
		}
	})
	return out
}

// maxDocSentences bounds the document context: a longer document is tagged
// as consecutive windows of this many sentences, as in training. Document
// features gathered over thousands of sentences (a whole corpus file read as
// one document) mislead more than they help.
const maxDocSentences = 100

// tagSentences tags the sentences of one document in order and calls emit
// with each sentence's internal labels, which are valid only during the call.
func (m *Tagger) tagSentences(sents [][]string, emit func(s int, labels []int)) {
	ws := m.pool.Get().(*workspace)
	defer m.pool.Put(ws)
	ws.fs = m.fs
	for from := 0; from < len(sents); from += maxDocSentences {
		window := sents[from:min(from+maxDocSentences, len(sents))]
		ws.doc.reset(window)
		if m.fs&fsTwoPass != 0 && len(window) > 1 {
			m.secondPass(ws, window, func(k int, ys []int) { emit(from+k, ys) })
			continue
		}
		for k, words := range window {
			ys := m.decode(ws, words)
			emit(from+k, ys)
			ws.doc.record(ws, m.ls, len(words), ys)
		}
	}
}

// secondPass tags the sentences of a window twice: the first pass records
// how every sentence was tagged, and the second tags each sentence again
// with the history of all the other sentences of the window, later ones
// included, and emits that.
func (m *Tagger) secondPass(ws *workspace, window [][]string, emit func(k int, ys []int)) {
	ws.first = ws.first[:0]
	for _, words := range window {
		ys := m.decode(ws, words)
		ws.first = append(ws.first, ys...)
		ws.doc.record(ws, m.ls, len(words), ys)
	}
	at := 0
	for k, words := range window {
		n := len(words)
		m.sentenceInfo(ws, words)
		ws.doc.forget(ws, m.ls, n, ws.first[at:at+n])
		ys := m.decode(ws, words)
		emit(k, ys)
		ws.doc.record(ws, m.ls, n, ws.first[at:at+n])
		at += n
	}
}

// decode tags one sentence with ws.doc as its document context.
func (m *Tagger) decode(ws *workspace, words []string) []int {
	n := len(words)
	m.sentenceInfo(ws, words)
	ws.doc.apply(ws, n)
	nl := m.nl
	ws.emit = grow(ws.emit, n*nl)
	clear(ws.emit)
	for i := 0; i < n; i++ {
		ws.feats = staticFeatures(ws, i, ws.feats[:0])
		ws.feats = ws.doc.aggFeatures(ws, i, ws.feats)
		if m.fs&fsHist != 0 {
			ws.feats = ws.doc.histFeatures(ws, i, ws.feats)
		}
		row := ws.emit[i*nl : (i+1)*nl]
		for _, h := range ws.feats {
			if f := m.table.get(h); f >= 0 {
				addRow(row, m.w[int(f)*nl:int(f+1)*nl])
			}
		}
	}
	return m.viterbi(ws, n)
}

func addRow(dst, src []float32) {
	src = src[:len(dst)]
	for y := range dst {
		dst[y] += src[y]
	}
}

// viterbi decodes ws.emit for n tokens into ws.out.
func (m *Tagger) viterbi(ws *workspace, n int) []int {
	ws.delta = grow(ws.delta, n*m.nl)
	ws.back = grow(ws.back, n*m.nl)
	ws.out = grow(ws.out, n)
	viterbi(n, m.nl, ws.emit, m.trans, m.start, m.end, m.ok, m.okStart, m.okEnd, ws.delta, ws.back, ws.out)
	return ws.out
}
