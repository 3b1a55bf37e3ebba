package nlp

// matchGazetteer sets the gazetteer tags of ws.info[pad:pad+n]. For every
// gazetteer type, the longest entries are matched from left to right and
// their tokens tagged B, I, L (multi-token) or U (single token).
func (lx *lexicon) matchGazetteer(ws *workspace, n int) {
	if len(lx.gaz) == 0 || n == 0 {
		return
	}
	nt := len(lx.gazTypes)
	ws.gazEnd = grow(ws.gazEnd, n*nt)
	for k := range ws.gazEnd {
		ws.gazEnd[k] = -1
	}
	var seen uint32
	for i := 0; i < n; i++ {
		seen |= lx.longestFrom(ws, i, n, nt)
	}
	for t := 0; t < nt; t++ {
		if seen&(1<<t) != 0 {
			tagType(ws, n, nt, t)
		}
	}
}

// longestFrom records in ws.gazEnd the last token of the longest entry of
// each type that starts at token i, returning the bit set of types found.
func (lx *lexicon) longestFrom(ws *workspace, i, n, nt int) uint32 {
	h := uint64(gazSeed)
	var seen uint32
	for j := i; j < n && j-i < lx.gazMax; j++ {
		h = gazNext(h, ws.info[pad+j].lower)
		v, ok := lx.gaz[h]
		if !ok {
			break
		}
		types := v &^ gazPrefix
		seen |= types
		for t := 0; types != 0; t++ {
			if types&1 != 0 {
				ws.gazEnd[i*nt+t] = int32(j)
			}
			types >>= 1
		}
		if v&gazPrefix == 0 {
			break
		}
	}
	return seen
}

// tagType tags the tokens covered by the left-to-right longest matches of type t.
func tagType(ws *workspace, n, nt, t int) {
	for i := 0; i < n; {
		end := int(ws.gazEnd[i*nt+t])
		if end < 0 {
			i++
			continue
		}
		for j := i; j <= end; j++ {
			tag := uint16(2)
			switch {
			case i == end:
				tag = 4
			case j == i:
				tag = 1
			case j == end:
				tag = 3
			}
			ti := &ws.info[pad+j]
			if ti.ngaz < maxGazPairs {
				ti.gaz[ti.ngaz] = uint16(t)<<3 | tag
				ti.ngaz++
			}
		}
		i = end + 1
	}
}
