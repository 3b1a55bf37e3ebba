package section

import "github.com/heraldnews/herald/internal/textvec"

// Features are 64-bit hashes of namespaced tokens and token pairs. At 64 bits,
// collisions between the few million distinct features of a corpus are vanishingly
// rare, so hashing costs no accuracy and needs no string storage.

// Feature kinds. Every feature hash carries its kind in its top two bits, so that
// the title unigram "apple" and the body unigram "apple" are different features.
const (
	kindWord   = iota // unigram in title or body
	kindBigram        // adjacent pair in title or body
	kindTitle         // unigram in the title (or Subject)
	kindAuthor        // unigram in From, Organization and the like
)

const kindShift = 62

// featureHash returns the feature of kind for a token (or token pair) hash.
func featureHash(h uint64, kind uint64) uint64 {
	return mix(h)>>2 | kind<<kindShift
}

// featureKind returns the kind of a feature hash.
func featureKind(f uint64) int { return int(f >> kindShift) }

// featureConfig says which features a model extracts. It is stored in the model so
// that Predict extracts exactly what Train saw.
type featureConfig struct {
	Bigrams     bool // adjacent token pairs, besides unigrams
	TitleTokens bool // title unigrams again in their own namespace
	Headers     bool // recognise mail/news headers (see splitHeader)
}

// featureConfigFor is the feature configuration Train uses with opts.
func featureConfigFor(opts Options) featureConfig {
	return featureConfig{Bigrams: !opts.NoBigrams, TitleTokens: true, Headers: true}
}

// extractor turns a story into feature hashes. It keeps scratch space, so one
// extractor must not be used by two goroutines at once.
type extractor struct {
	cfg    featureConfig
	buf    []byte
	fields []headerField
	prev   uint64
	have   bool
	out    []uint64
}

// features appends the feature hashes of one story to dst and returns it. A
// feature occurs once per occurrence in the text; counting is the caller's job.
func (e *extractor) features(dst []uint64, title, text string) []uint64 {
	e.out = dst
	body := text
	if e.cfg.Headers {
		fields, b, ok := splitHeader(text, e.fields[:0])
		e.fields = fields
		if ok {
			body = b
			for _, f := range fields {
				switch {
				case f.name == headerSubject:
					e.text(f.value, true)
				case f.name == "summary" || f.name == "keywords":
					e.text(f.value, false)
				default:
					e.author(f.value)
				}
			}
		}
	}
	e.text(title, true)
	e.text(body, false)
	dst, e.out = e.out, nil
	return dst
}

// text adds the unigrams and bigrams of s; isTitle adds title unigrams as well.
// Bigrams never span two calls.
func (e *extractor) text(s string, isTitle bool) {
	e.have = false
	e.buf = textvec.Scan(s, e.buf, func(tok []byte) {
		h := hashBytes(tok)
		e.out = append(e.out, featureHash(h, kindWord))
		if isTitle && e.cfg.TitleTokens {
			e.out = append(e.out, featureHash(h, kindTitle))
		}
		if e.cfg.Bigrams && e.have {
			e.out = append(e.out, featureHash(e.prev*0x9e3779b97f4a7c15+h, kindBigram))
		}
		e.prev, e.have = h, true
	})
}

// author adds the unigrams of an authorship field (name, address, organisation).
func (e *extractor) author(s string) {
	e.buf = textvec.Scan(s, e.buf, func(tok []byte) {
		e.out = append(e.out, featureHash(hashBytes(tok), kindAuthor))
	})
}

// hashBytes is 64-bit FNV-1a.
func hashBytes(b []byte) uint64 {
	h := uint64(0xcbf29ce484222325)
	for _, c := range b {
		h ^= uint64(c)
		h *= 0x100000001b3
	}
	return h
}

// mix is the SplitMix64 finaliser; it spreads the bits of h over the whole word.
func mix(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}
