package nlp

// offsetCode turns a context offset into a feature value.
func offsetCode(off int) uint64 { return uint64(off + 8) }

// staticFeatures appends the hashes of the features of token i that depend
// only on the input (not on earlier predictions). The features that name the
// word itself come first; lexicalFeatures says how many there are.
func staticFeatures(ws *workspace, i int, out []uint64) []uint64 {
	p := pad + i
	c := &ws.info[p]
	out = lexicalFeatures(ws, p, out)
	out = append(out,
		feat(tBias, 0),
		feat(tShape, c.shape),
		feat2(tShapeLen, c.shape, uint64(min(c.runes, 6))),
		feat(tFlags, uint64(c.flags&flagMask)),
	)
	out = affixFeatures(c, out)
	if ws.fs&fsChar != 0 {
		for _, g := range c.grams[:c.ngrams] {
			out = append(out, feat(tCharGram, g))
		}
	}
	out = contextFeatures(ws, p, out)
	out = clusterFeatures(ws, p, out)
	out = gazFeatures(ws, p, out)
	if ws.fs&fsCase != 0 {
		out = caseFeatures(ws, p, out)
	}
	if d := c.flags & docMask; d != 0 && ws.fs&fsDoc != 0 {
		out = append(out, feat2(tDoc, uint64(d), uint64(c.flags&(fCap|fAllCaps|fSentStart|fCapsSent))))
	}
	return out
}

// lexicalFeatures appends the features that identify the word at p: the
// word, its lower-case and digit-normalised forms, and its word bigrams.
// Training may hide them to make the model rely on features that carry
// over to unseen words.
func lexicalFeatures(ws *workspace, p int, out []uint64) []uint64 {
	c, l1, r1 := &ws.info[p], &ws.info[p-1], &ws.info[p+1]
	out = append(out, feat(tWord, c.word), feat(tLower, c.lower))
	if ws.fs&fsLexCtx != 0 {
		out = append(out,
			feat2(tBigramLeft, l1.lower, c.lower),
			feat2(tBigramRight, c.lower, r1.lower),
			feat2(tWordShapeR, c.lower, r1.shape),
		)
	}
	if c.flags&fHasDigit != 0 {
		out = append(out, feat(tNorm, c.norm))
	}
	return out
}

// lexicalCount returns how many features lexicalFeatures gives token p.
func lexicalCount(ws *workspace, p int) int {
	n := 2
	if ws.fs&fsLexCtx != 0 {
		n += 3
	}
	if ws.info[p].flags&fHasDigit != 0 {
		n++
	}
	return n
}

// caseFeatures appends how often unlabelled text capitalises the word and
// its neighbours mid-sentence: evidence of a name that holds when the text
// is in capitals or the word starts a sentence.
func caseFeatures(ws *workspace, p int, out []uint64) []uint64 {
	c := &ws.info[p]
	return append(out,
		feat(tCase, uint64(c.caseb)),
		feat2(tCase, uint64(c.caseb), uint64(c.flags&(fCap|fAllCaps|fSentStart|fCapsSent))),
		feat3(tCaseAt, offsetCode(-1), uint64(ws.info[p-1].caseb), uint64(c.caseb)),
		feat3(tCaseAt, offsetCode(1), uint64(c.caseb), uint64(ws.info[p+1].caseb)),
	)
}

const (
	flagMask = fCap | fAllCaps | fHasDigit | fAllDigit | fHyphen | fPeriod | fSentStart | fCapsSent | fPunct
	docMask  = fDocLower | fDocTitle | fDocSeenCaps
)

func affixFeatures(c *tokInfo, out []uint64) []uint64 {
	for k, h := range c.pre {
		if h != 0 && k < c.runes-1 {
			out = append(out, feat2(tPrefix, uint64(k), h))
		}
	}
	for k, h := range c.suf {
		if h != 0 && k < c.runes-1 {
			out = append(out, feat2(tSuffix, uint64(k), h))
		}
	}
	return out
}

func contextFeatures(ws *workspace, p int, out []uint64) []uint64 {
	c, l1, r1 := &ws.info[p], &ws.info[p-1], &ws.info[p+1]
	l2, r2 := &ws.info[p-2], &ws.info[p+2]
	return append(out,
		feat2(tLowerAt, offsetCode(-1), l1.lower),
		feat2(tLowerAt, offsetCode(1), r1.lower),
		feat2(tLowerAt, offsetCode(-2), l2.lower),
		feat2(tLowerAt, offsetCode(2), r2.lower),
		feat2(tShapeAt, offsetCode(-1), l1.shape),
		feat2(tShapeAt, offsetCode(1), r1.shape),
		feat2(tShapeAt, offsetCode(-2), l2.shape),
		feat2(tShapeAt, offsetCode(2), r2.shape),
		feat2(tShapeBigramL, l1.shape, c.shape),
		feat2(tShapeBigramR, c.shape, r1.shape),
		feat3(tShapeTrigram, l1.shape, c.shape, r1.shape),
	)
}

func clusterFeatures(ws *workspace, p int, out []uint64) []uint64 {
	c := &ws.info[p]
	for k, h := range c.clus {
		out = append(out, feat2(tCluster, uint64(k), h))
	}
	if n := len(c.clus); n > 0 {
		out = append(out, feat2(tClusterShape, c.clus[n-1], c.shape))
	}
	for _, off := range [...]int{-1, 1} {
		for k, h := range ws.info[p+off].clus {
			out = append(out, feat3(tClusterAt, offsetCode(off), uint64(k), h))
		}
	}
	for _, off := range [...]int{-2, 2} {
		if cl := ws.info[p+off].clus; len(cl) > 0 {
			out = append(out, feat3(tClusterAt, offsetCode(off), uint64(len(cl)-1), cl[len(cl)-1]))
		}
	}
	return out
}

func gazFeatures(ws *workspace, p int, out []uint64) []uint64 {
	c := &ws.info[p]
	for _, g := range c.gaz[:c.ngaz] {
		out = append(out,
			feat(tGaz, uint64(g)),
			feat2(tGaz, uint64(g), uint64(c.flags&(fCap|fAllCaps|fSentStart))),
		)
	}
	if c.ngaz > 0 {
		out = append(out, feat(tGazCount, uint64(c.ngaz)))
	}
	for _, off := range [...]int{-1, 1} {
		o := &ws.info[p+off]
		for _, g := range o.gaz[:o.ngaz] {
			out = append(out, feat2(tGazAt, offsetCode(off), uint64(g)))
		}
	}
	return out
}

// histFeatures appends the features that describe how earlier sentences of
// the document tagged the same word: major is 0 for O or 1+type index.
func histFeatures(major int, flags uint32, out []uint64) []uint64 {
	return append(out,
		feat(tHist, uint64(major)),
		feat2(tHistStart, uint64(major), uint64(flags&(fSentStart|fCapsSent))),
	)
}
