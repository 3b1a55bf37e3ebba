package textvec

import (
	"slices"
	"sync"
	"unicode/utf8"
)

// IDs appends to dst the TermID of every token of s in order, stop words
// included, and returns it: one pass that gives both the terms of a vector
// (skip the ids IsStopID reports) and word shingles, which keep stop words so
// that "the rise of" and "a rise in" differ.
//
// It hashes as it scans, without copying tokens, and gives exactly the ids
// TermID gives Scan's tokens (FuzzIDs checks it); buf is kept for callers
// that share scratch space with Scan and is returned as it came.
func IDs(s string, buf []byte, dst []uint32) ([]uint32, []byte) {
	const offset, prime = 2166136261, 16777619
	h, runes := uint32(offset), 0
	flush := func() {
		if runes >= MinTokenRunes && runes <= MaxTokenRunes {
			dst = append(dst, h)
		}
		h, runes = offset, 0
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if lc, ok := asciiWord(c); ok {
				h = (h ^ uint32(lc)) * prime
				runes++
			} else {
				flush()
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		lr, ok := wordRune(r)
		if !ok {
			flush()
			continue
		}
		var enc [utf8.UTFMax]byte
		for _, b := range utf8.AppendRune(enc[:0], lr) {
			h = (h ^ uint32(b)) * prime
		}
		runes++
	}
	flush()
	return dst, buf
}

// IsStopID reports whether id is the TermID of a stop word. A content word
// whose hash collides with a stop word's is treated as a stop word; with a
// few hundred stop words among 2³² ids that costs nothing measurable.
func IsStopID(id uint32) bool {
	if stopBits[id&0xffff>>6]&(1<<(id&63)) == 0 {
		return false
	}
	_, ok := stopIDs[id]
	return ok
}

// CountIDs adds to counts the content terms (non-stop ids) of ids, each
// occurrence weighted w, and returns counts (a new map when counts is nil).
func CountIDs(counts map[uint32]int, ids []uint32, w int) map[uint32]int {
	if counts == nil {
		counts = make(map[uint32]int, len(ids))
	}
	for _, id := range ids {
		if !IsStopID(id) {
			counts[id] += w
		}
	}
	return counts
}

// TermCount is a term and how many times it occurs.
type TermCount struct {
	ID uint32
	N  int
}

// CountSorted sorts ids in place and appends to dst the distinct content
// terms (non-stop ids) with their counts, in id order: CountIDs without a
// map, for hot paths.
func CountSorted(ids []uint32, dst []TermCount) []TermCount {
	radixSort(ids)
	for i := 0; i < len(ids); {
		j := i + 1
		for j < len(ids) && ids[j] == ids[i] {
			j++
		}
		if !IsStopID(ids[i]) {
			dst = append(dst, TermCount{ID: ids[i], N: j - i})
		}
		i = j
	}
	return dst
}

// radixScratch holds the second buffer radixSort needs, between calls.
var radixScratch = sync.Pool{New: func() any { return new([]uint32) }}

// radixSort sorts ids in place: four passes over bytes, least significant
// first, several times faster than a comparison sort for a story's few
// hundred ids.
func radixSort(ids []uint32) {
	if len(ids) < 64 {
		slices.Sort(ids)
		return
	}
	p := radixScratch.Get().(*[]uint32)
	defer radixScratch.Put(p)
	if cap(*p) < len(ids) {
		*p = make([]uint32, len(ids))
	}
	src, dst := ids, (*p)[:len(ids)]
	for shift := 0; shift < 32; shift += 8 {
		var count [257]int
		for _, id := range src {
			count[(id>>shift)&0xff+1]++
		}
		for i := 1; i < len(count); i++ {
			count[i] += count[i-1]
		}
		for _, id := range src {
			b := (id >> shift) & 0xff
			dst[count[b]] = id
			count[b]++
		}
		src, dst = dst, src
	}
	// After four passes the sorted ids are back in ids.
}
