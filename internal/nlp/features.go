package nlp

import (
	"unicode"
	"unicode/utf8"
)

// Feature templates. The numbers are part of the model format: append new
// templates, never renumber.
const (
	tBias = iota
	tWord
	tLower
	tNorm
	tShape
	tShapeLen
	tPrefix
	tSuffix
	tLowerAt      // lowercase word at offset
	tBigramLeft   // lower[i-1] + lower[i]
	tBigramRight  // lower[i] + lower[i+1]
	tShapeAt      // shape at offset
	tShapeBigramL // shape[i-1] + shape[i]
	tShapeBigramR // shape[i] + shape[i+1]
	tShapeTrigram // shape[i-1..i+1]
	tCluster      // cluster prefix of word i
	tClusterAt    // cluster prefix at offset
	tGaz          // gazetteer type and tag at i
	tGazAt        // gazetteer type at offset
	tFlags        // capitalisation flags with position
	tDoc          // document-level casing evidence
	tHist         // majority type of earlier predictions of the word
	tHistStart    // the same, for a sentence-initial word
	tWordShapeR   // lower[i] + shape[i+1]
	tGazCount     // number of gazetteer types matching token i
	tClusterShape // finest cluster of i + shape of i
	tAggPrev      // a word before another occurrence of word i in the document
	tAggNext      // a word after another occurrence of word i in the document
	tCase         // how often unlabelled text capitalises word i, with its flags
	tCaseAt       // the same for word i and a neighbour
	tCharGram     // a character trigram of word i
)

// Token flags.
const (
	fCap         = 1 << iota // first rune upper case
	fAllCaps                 // all letters upper case, at least two letters
	fHasDigit                // some digit
	fAllDigit                // only digits and number punctuation
	fHyphen                  // contains a hyphen
	fPeriod                  // contains a period
	fSentStart               // first token of the sentence
	fCapsSent                // the sentence is written in capitals (a headline)
	fPunct                   // no letter or digit
	fDocLower                // doc: the word is also seen in lower case mid-sentence
	fDocTitle                // doc: the word is also seen capitalised mid-sentence
	fDocSeenCaps             // doc: the word is seen capitalised in an all-capitals sentence
)

const (
	pad         = 2 // context positions kept either side of a sentence
	maxGazPairs = 4
)

// tokInfo is what features need to know about one token.
type tokInfo struct {
	word, lower, norm, shape uint64
	pre, suf                 [4]uint64
	grams                    [maxGrams]uint64 // lower-case character trigrams, "^" and "$" at the ends
	ngrams                   int
	clus                     []uint64
	flags                    uint32
	runes                    int
	gaz                      [maxGazPairs]uint16 // type<<3 | tag (1 B, 2 I, 3 L, 4 U)
	ngaz                     int
	caseb                    uint8 // lexicon casing bucket + 1, 0 unknown
}

var (
	bosInfo = tokInfo{word: hashString("<s>"), lower: hashString("<s>"), shape: hashString("<s>"), norm: hashString("<s>")}
	eosInfo = tokInfo{word: hashString("</s>"), lower: hashString("</s>"), shape: hashString("</s>"), norm: hashString("</s>")}
)

// wordInfo fills the word-level fields of ti (all but clusters and gazetteers).
func wordInfo(w string, ti *tokInfo) {
	*ti = tokInfo{word: hashString(w), lower: hashLower(w)}
	shape := uint64(fnvOffset)
	norm := uint64(fnvOffset)
	var last byte
	var letters, uppers, digits, others int
	for _, r := range w {
		ti.runes++
		c := shapeClass(r)
		switch c {
		case 'X':
			letters++
			uppers++
			if ti.runes == 1 {
				ti.flags |= fCap
			}
		case 'x':
			letters++
		case 'd':
			digits++
		default:
			others++
			if r == '-' {
				ti.flags |= fHyphen
			} else if r == '.' {
				ti.flags |= fPeriod
			}
		}
		if c != last {
			shape ^= uint64(c)
			shape *= fnvPrime
			last = c
		}
		switch {
		case c == 'd':
			norm = hashRune(norm, '0')
		default:
			norm = hashRune(norm, unicode.ToLower(r))
		}
	}
	ti.shape = shape
	ti.norm = norm
	if uppers >= 2 && uppers == letters {
		ti.flags |= fAllCaps
	}
	if digits > 0 {
		ti.flags |= fHasDigit
		if letters == 0 && others <= 3 {
			ti.flags |= fAllDigit
		}
	}
	if letters == 0 && digits == 0 {
		ti.flags |= fPunct
	}
	affixes(w, ti)
	charGrams(w, ti)
}

// maxGrams caps the character trigrams kept per word (the first ones).
const maxGrams = 12

// charGrams sets the hashes of the lower-case character trigrams of w with
// boundary marks, "^ab", "abc", ..., "yz$", for words of three or more runes.
func charGrams(w string, ti *tokInfo) {
	if ti.runes < 3 {
		return
	}
	a, b := rune('^'), rune(0)
	for _, r := range w {
		r = unicode.ToLower(r)
		if b != 0 && ti.ngrams < maxGrams {
			ti.grams[ti.ngrams] = hashRune(hashRune(hashRune(fnvOffset, a), b), r)
			ti.ngrams++
		}
		if b != 0 {
			a = b
		}
		b = r
	}
	if ti.ngrams < maxGrams {
		ti.grams[ti.ngrams] = hashRune(hashRune(hashRune(fnvOffset, a), b), '$')
		ti.ngrams++
	}
}

// shapeClass maps a rune to its word-shape class.
func shapeClass(r rune) byte {
	switch {
	case r >= 'a' && r <= 'z':
		return 'x'
	case r >= 'A' && r <= 'Z':
		return 'X'
	case r >= '0' && r <= '9':
		return 'd'
	case r < utf8.RuneSelf:
		return byte(r)
	case unicode.IsUpper(r):
		return 'X'
	case unicode.IsLetter(r), unicode.IsMark(r):
		return 'x'
	case unicode.IsDigit(r):
		return 'd'
	}
	return 'o'
}

// affixes sets the lowercase prefix and suffix hashes of one to four runes.
func affixes(w string, ti *tokInfo) {
	h := uint64(fnvOffset)
	k := 0
	for _, r := range w {
		if k == len(ti.pre) {
			break
		}
		h = hashRune(h, unicode.ToLower(r))
		ti.pre[k] = h
		k++
	}
	end := len(w)
	for k := 0; k < len(ti.suf) && end > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(w[:end])
		end -= size
		ti.suf[k] = hashLower(w[end:]) + 1
	}
}

// sentenceInfo fills ws.info for words: word info, clusters, gazetteers and
// sentence flags. ws.info[pad+i] belongs to words[i].
func (m *Tagger) sentenceInfo(ws *workspace, words []string) {
	n := len(words)
	ws.info = grow(ws.info, n+2*pad)
	for k := 0; k < pad; k++ {
		ws.info[k] = bosInfo
		ws.info[pad+n+k] = eosInfo
	}
	caps, letters := 0, 0
	for i, w := range words {
		ti := &ws.info[pad+i]
		wordInfo(normaliseWord(w, &ws.buf), ti)
		if ti.flags&fPunct == 0 && ti.flags&fAllDigit == 0 {
			letters++
			if ti.flags&fAllCaps != 0 || (ti.runes == 1 && ti.flags&fCap != 0) {
				caps++
			}
		}
	}
	capsSent := letters >= 3 && caps*10 >= letters*8
	for i, w := range words {
		ti := &ws.info[pad+i]
		if capsSent {
			ti.flags |= fCapsSent
		}
		ti.clus = m.lex.clusterFold(w, &ws.buf, capsSent && ti.flags&fAllCaps != 0)
		ti.caseb = m.lex.casing[ti.lower]
	}
	if n > 0 {
		ws.info[pad].flags |= fSentStart
	}
	m.lex.matchGazetteer(ws, n)
}

// spellings maps modern spellings to those of the training data (Reuters
// wrote "U.S." where most news sites now write "US").
var spellings = map[string]string{"US": "U.S.", "UK": "U.K.", "UN": "U.N."}

// normaliseWord maps typographic apostrophes and quotes to the ASCII forms
// used in the training data, and a few modern spellings to the older ones;
// it returns w itself when there is nothing to change.
func normaliseWord(w string, buf *[]byte) string {
	if len(w) == 2 {
		if s, ok := spellings[w]; ok {
			return s
		}
	}
	plain := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			plain = false
			break
		}
	}
	if plain {
		return w
	}
	switch w {
	case "“", "”", "„", "«", "»":
		return `"`
	case "‘", "’":
		return "'"
	case "—", "–":
		return "--"
	case "…":
		return "..."
	}
	b := (*buf)[:0]
	changed := false
	for _, r := range w {
		if r == '’' || r == 'ʼ' {
			r = '\''
			changed = true
		}
		b = utf8.AppendRune(b, r)
	}
	*buf = b
	if !changed {
		return w
	}
	return string(b)
}

// clusterFold looks up the cluster of w, then of its lower-case form; for a
// word in an all-capitals headline it tries the title-case form first.
func (lx *lexicon) clusterFold(w string, buf *[]byte, headline bool) []uint64 {
	if headline {
		if idx, ok := lx.words[string(titleCase(w, buf))]; ok {
			return lx.paths[idx]
		}
	}
	if c := lx.cluster(w); c != nil {
		return c
	}
	b := lowerCase(w, buf)
	if idx, ok := lx.words[string(b)]; ok {
		return lx.paths[idx]
	}
	return nil
}

func lowerCase(w string, buf *[]byte) []byte {
	b := (*buf)[:0]
	for _, r := range w {
		b = utf8.AppendRune(b, unicode.ToLower(r))
	}
	*buf = b
	return b
}

func titleCase(w string, buf *[]byte) []byte {
	b := (*buf)[:0]
	first := true
	for _, r := range w {
		if first {
			first = false
			b = utf8.AppendRune(b, unicode.ToUpper(r))
		} else {
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
	}
	*buf = b
	return b
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/2)
	}
	return s[:n]
}
