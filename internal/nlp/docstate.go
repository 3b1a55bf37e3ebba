package nlp

import (
	"cmp"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Casing evidence gathered over a whole document.
const (
	seenLowerMid = 1 << iota // the word occurs in lower case, not sentence-initial
	seenTitleMid             // the word occurs capitalised, not sentence-initial, outside headlines
	seenInCaps               // the word occurs in an all-capitals sentence
)

// docState is the document context of the sentence being tagged: casing
// evidence from the whole document and the types earlier sentences gave to
// each capitalised word.
type docState struct {
	casing map[uint64]uint8
	hist   map[uint64][8]uint16
	// ctx lists, for every capitalised word, the words around each of its
	// occurrences, sorted by word; ctxAt maps a word to its run in ctx.
	ctx   []occurrence
	ctxAt map[uint64][2]int32
	buf   []byte
}

// lowerHash returns the lowercase hash of w as features see it (normaliseWord).
func (d *docState) lowerHash(w string) uint64 { return hashLower(normaliseWord(w, &d.buf)) }

// occurrence is one capitalised word in the document with its neighbours
// (lowercase hashes).
type occurrence struct {
	word, prev, next uint64
}

// maxAggregate caps the context words aggregated for one token.
const maxAggregate = 8

// reset prepares the state for a new document and gathers its casing evidence.
func (d *docState) reset(sents [][]string) {
	if d.casing == nil {
		d.casing = map[uint64]uint8{}
		d.hist = map[uint64][8]uint16{}
		d.ctxAt = map[uint64][2]int32{}
	}
	clear(d.casing)
	clear(d.hist)
	d.gatherContexts(sents)
	if len(sents) < 2 {
		return
	}
	for _, words := range sents {
		caps := isCapsSentence(words)
		for i, w := range words {
			if i == 0 || w == "" {
				continue
			}
			c := w[0]
			switch {
			case caps:
				d.casing[d.lowerHash(w)] |= seenInCaps
			case c >= 'a' && c <= 'z':
				d.casing[d.lowerHash(w)] |= seenLowerMid
			case c >= 'A' && c <= 'Z':
				d.casing[d.lowerHash(w)] |= seenTitleMid
			}
		}
	}
}

// isCapsSentence reports whether most words of a sentence are in capitals.
func isCapsSentence(words []string) bool {
	caps, letters := 0, 0
	for _, w := range words {
		if w == "" || !isASCIILetter(w[0]) {
			continue
		}
		letters++
		if isUpperWord(w) {
			caps++
		}
	}
	return letters >= 3 && caps*10 >= letters*8
}

func isUpperWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= 'a' && w[i] <= 'z' {
			return false
		}
	}
	return true
}

// apply sets the document flags of the n tokens in ws.info.
func (d *docState) apply(ws *workspace, n int) {
	if len(d.casing) == 0 {
		return
	}
	for i := 0; i < n; i++ {
		ti := &ws.info[pad+i]
		if ti.flags&fCap == 0 {
			continue
		}
		ev := d.casing[ti.lower]
		if ev&seenLowerMid != 0 {
			ti.flags |= fDocLower
		}
		if ti.flags&(fSentStart|fCapsSent|fAllCaps) != 0 && ev&seenTitleMid != 0 {
			ti.flags |= fDocTitle
		}
		if ti.flags&fCapsSent == 0 && ev&seenInCaps != 0 {
			ti.flags |= fDocSeenCaps
		}
	}
}

// histFeatures appends token i's history features, if the word was seen.
func (d *docState) histFeatures(ws *workspace, i int, out []uint64) []uint64 {
	ti := &ws.info[pad+i]
	return d.histFor(ti.lower, ti.flags, out)
}

// histFor appends the history features of a word with the given lowercase
// hash and flags.
func (d *docState) histFor(lower uint64, flags uint32, out []uint64) []uint64 {
	if flags&fCap == 0 || len(d.hist) == 0 {
		return out
	}
	counts, ok := d.hist[lower]
	if !ok {
		return out
	}
	return histFeatures(majority(counts), flags, out)
}

// majority returns the index with the highest count (0 is O).
func majority(counts [8]uint16) int {
	best := 0
	for k := 1; k < len(counts); k++ {
		if counts[k] > counts[best] {
			best = k
		}
	}
	return best
}

// record adds the labels predicted for a sentence to the history.
func (d *docState) record(ws *workspace, ls labelSet, n int, ys []int) {
	if d.hist == nil {
		return
	}
	for i := 0; i < n; i++ {
		ti := &ws.info[pad+i]
		d.recordToken(ti.lower, ti.flags, ls.typ[ys[i]])
	}
}

// forget removes the labels recorded for a sentence from the history.
func (d *docState) forget(ws *workspace, ls labelSet, n int, ys []int) {
	for i := 0; i < n; i++ {
		ti := &ws.info[pad+i]
		if ti.flags&fCap == 0 {
			continue
		}
		counts := d.hist[ti.lower]
		if k := min(ls.typ[ys[i]]+1, len(counts)-1); counts[k] > 0 {
			counts[k]--
		}
		d.hist[ti.lower] = counts
	}
}

// recordToken counts one prediction (type index, -1 for O) of a word.
func (d *docState) recordToken(lower uint64, flags uint32, typ int) {
	if flags&fCap == 0 {
		return
	}
	counts := d.hist[lower]
	counts[min(typ+1, len(counts)-1)]++
	d.hist[lower] = counts
}

// gatherContexts lists the neighbours of every occurrence of every
// capitalised word of the document.
func (d *docState) gatherContexts(sents [][]string) {
	d.ctx = d.ctx[:0]
	clear(d.ctxAt)
	for _, words := range sents {
		prev := bosInfo.lower
		for i, w := range words {
			lw := d.lowerHash(w)
			if w != "" && isUpperStart(w) {
				next := eosInfo.lower
				if i+1 < len(words) {
					next = d.lowerHash(words[i+1])
				}
				d.ctx = append(d.ctx, occurrence{word: lw, prev: prev, next: next})
			}
			prev = lw
		}
	}
	slices.SortFunc(d.ctx, func(a, b occurrence) int { return cmp.Compare(a.word, b.word) })
	for i := 0; i < len(d.ctx); {
		j := i + 1
		for j < len(d.ctx) && d.ctx[j].word == d.ctx[i].word {
			j++
		}
		if j-i > 1 {
			d.ctxAt[d.ctx[i].word] = [2]int32{int32(i), int32(j)}
		}
		i = j
	}
}

func isUpperStart(w string) bool {
	if c := w[0]; c < utf8.RuneSelf {
		return c >= 'A' && c <= 'Z'
	}
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// aggFeatures appends the words seen around the other occurrences of token
// i's word in the document (context aggregation, Ratinov and Roth 2009).
func (d *docState) aggFeatures(ws *workspace, i int, out []uint64) []uint64 {
	p := pad + i
	ti := &ws.info[p]
	if ti.flags&fCap == 0 || ws.fs&fsAgg == 0 {
		return out
	}
	run, ok := d.ctxAt[ti.lower]
	if !ok {
		return out
	}
	own := occurrence{word: ti.lower, prev: ws.info[p-1].lower, next: ws.info[p+1].lower}
	n := 0
	for _, o := range d.ctx[run[0]:run[1]] {
		if n == maxAggregate {
			break
		}
		if o.prev != own.prev {
			out = append(out, feat(tAggPrev, o.prev))
			n++
		}
		if o.next != own.next {
			out = append(out, feat(tAggNext, o.next))
			n++
		}
	}
	return out
}
