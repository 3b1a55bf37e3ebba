package cluster

import (
	"cmp"
	"slices"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/textvec"
)

// features is what the engine keeps of a story: enough to score it, find its
// duplicates and recompute a cluster's mean after a split.
type features struct {
	story  int64
	seq    int64 // arrival number, from 1
	at     time.Time
	vec    textvec.Vector // TF-IDF, unit length, the DocTerms heaviest terms
	look   textvec.Vector // vec's LookupTerms heaviest terms: its index entries
	topics textvec.Vector // topic id → salience, unit length
	sig    Signature
	hasSig bool
	dupOf  int64
	// visited is the duplicate index's mark (dupIndex.candidates).
	visited uint32
}

// featurizer turns Docs into features; it holds scratch space and the
// document frequencies, so it belongs to one Engine.
type featurizer struct {
	cfg    *Config
	df     *textvec.DF
	buf    []byte
	ids    []uint32
	counts []textvec.TermCount
}

// features reads one story: the body's shingles for the signature, then body
// and title words (each title word TitleWeight times) for the vector.
func (f *featurizer) features(d Doc, seq int64) *features {
	x := &features{story: d.StoryID, seq: seq, at: d.Published.UTC(), topics: topicVector(d.Topics)}
	f.ids, f.buf = textvec.IDs(d.Text, f.buf, f.ids[:0])
	x.sig, x.hasSig = sign(f.ids)
	body := len(f.ids)
	f.ids, f.buf = textvec.IDs(d.Title, f.buf, f.ids)
	title := len(f.ids) - body
	for range f.cfg.TitleWeight - 1 {
		f.ids = append(f.ids, f.ids[body:body+title]...)
	}
	f.counts = textvec.CountSorted(f.ids, f.counts[:0])
	x.vec = heaviest(f.df.AddWeigh(f.counts), f.cfg.DocTerms)
	x.vec.Normalize()
	x.look = heaviest(slices.Clone(x.vec), f.cfg.LookupTerms)
	return x
}

// topicID is the id of a topic in topic vectors.
func topicID(slug string) uint32 { return textvec.TermID([]byte(slug)) }

// topicVector weighs a story's topics by salience, unit length.
func topicVector(ts []herald.StoryTopic) textvec.Vector {
	v := make(textvec.Vector, 0, len(ts))
	for _, t := range ts {
		if t.Salience > 0 && t.Slug != "" {
			v = append(v, textvec.Term{ID: topicID(t.Slug), W: float32(t.Salience)})
		}
	}
	slices.SortFunc(v, func(a, b textvec.Term) int { return cmp.Compare(a.ID, b.ID) })
	v = slices.CompactFunc(v, func(a, b textvec.Term) bool { return a.ID == b.ID })
	v.Normalize()
	return v
}
