package rank

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/textvec"
)

// ProfileHalfLife is how long it takes a reading signal's weight in a
// profile to halve.
const ProfileHalfLife = 7 * 24 * time.Hour

// Profile caps: the terms and other features a profile keeps (the heaviest,
// by absolute weight), the story ids it remembers as seen, the read times it
// keeps per topic for reasons.
const (
	maxProfileTerms = 1500
	maxProfileOther = 100
	maxSeen         = 2000
	maxTopicReads   = 20
)

// Profile is one reader's model: decayed weights over the features of the
// stories they acted on. Weights are as of At; a weight halves every
// ProfileHalfLife. The zero value is an empty profile (a reader with no
// signals yet, ranked by follows and freshness).
type Profile struct {
	At       time.Time             `json:"at"`
	Terms    map[uint32]float64    `json:"-"`                // stored packed: see MarshalProfile
	Topics   map[string]*TopicStat `json:"topics,omitempty"` // by slug
	Sources  map[int64]float64     `json:"sources,omitempty"`
	Sections map[string]float64    `json:"sections,omitempty"`
	Authors  map[string]float64    `json:"authors,omitempty"`
	Seen     []int64               `json:"seen,omitempty"` // opened, read, hidden…: never shown again, oldest first
	Events   int                   `json:"events"`
}

// TopicStat is a profile's weight for one topic, with the times the reader
// read its stories (Unix seconds, newest last) for reasons.
type TopicStat struct {
	Name  string  `json:"name"`
	W     float64 `json:"w"`
	Reads []int64 `json:"reads,omitempty"`
}

// Signal returns the weight an event gives the features of its story:
// positive for interest (open, a read that grows with dwell time, save,
// share, more like this), negative for disinterest (hide, fewer like this,
// and weakly an impression without an open).
func Signal(e herald.Event) float64 {
	switch e.Kind {
	case herald.EventImpression:
		return impressionSignal
	case herald.EventOpen:
		return openSignal
	case herald.EventRead:
		return readSignal(e.DwellMS)
	case herald.EventSave, herald.EventShare:
		return 2
	case herald.EventMoreLike:
		return 3
	case herald.EventHide:
		return -2
	case herald.EventLessLike:
		return -3
	}
	return 0
}

// seenKind reports whether an event means the reader is done with the story.
func seenKind(k string) bool {
	switch k {
	case herald.EventOpen, herald.EventRead, herald.EventHide, herald.EventLessLike, herald.EventSave, herald.EventShare:
		return true
	}
	return false
}

// Learn updates p with one event on story d (nil: a story the ranker does
// not know, whose event only marks it seen): it decays p to the event's
// time, then adds the event's Signal times each feature's value (TF-IDF
// weight for terms, salience for topics, 1 for source, section and
// authors). This is the whole update rule: no batch job, a new click counts
// on the next page.
func (p *Profile) Learn(d *Doc, e herald.Event) {
	p.decay(e.At)
	p.Events++
	if seenKind(e.Kind) && !slices.Contains(p.Seen, e.StoryID) {
		p.Seen = append(p.Seen, e.StoryID)
		if len(p.Seen) > maxSeen {
			p.Seen = slices.Delete(p.Seen, 0, len(p.Seen)-maxSeen)
		}
	}
	if d == nil {
		return
	}
	s := Signal(e)
	p.ensureMaps()
	for _, t := range d.Vec {
		p.Terms[t.ID] += s * float64(t.W)
	}
	for _, t := range d.Topics {
		ts := p.Topics[t.Slug]
		if ts == nil {
			ts = &TopicStat{Name: t.Name}
			p.Topics[t.Slug] = ts
		}
		ts.W += s * t.Salience
		if e.Kind == herald.EventRead || (e.Kind == herald.EventOpen && !slices.Contains(ts.Reads, e.At.Unix())) {
			ts.Reads = appendRead(ts.Reads, e.At.Unix())
		}
	}
	p.Sources[d.SourceID] += s
	if d.Section != "" {
		p.Sections[d.Section] += s
	}
	for _, a := range d.Authors {
		p.Authors[a] += s
	}
	p.prune()
}

// ensureMaps makes the maps a decoded or zero profile lacks.
func (p *Profile) ensureMaps() {
	if p.Terms == nil {
		p.Terms = map[uint32]float64{}
	}
	if p.Topics == nil {
		p.Topics = map[string]*TopicStat{}
	}
	if p.Sources == nil {
		p.Sources = map[int64]float64{}
	}
	if p.Sections == nil {
		p.Sections = map[string]float64{}
	}
	if p.Authors == nil {
		p.Authors = map[string]float64{}
	}
}

// appendRead adds a read time, keeping the newest maxTopicReads; an open
// followed by its read within a minute counts once.
func appendRead(reads []int64, at int64) []int64 {
	if n := len(reads); n > 0 && at-reads[n-1] < 60 && at >= reads[n-1] {
		return reads
	}
	reads = append(reads, at)
	if len(reads) > maxTopicReads {
		reads = reads[len(reads)-maxTopicReads:]
	}
	return reads
}

// decay brings p's weights to time at (a time before p.At changes nothing).
func (p *Profile) decay(at time.Time) {
	if p.At.IsZero() {
		p.At = at
		return
	}
	dt := at.Sub(p.At)
	if dt < time.Minute {
		return
	}
	f := math.Exp2(-float64(dt) / float64(ProfileHalfLife))
	for k := range p.Terms {
		p.Terms[k] *= f
	}
	for _, t := range p.Topics {
		t.W *= f
	}
	for k := range p.Sources {
		p.Sources[k] *= f
	}
	for k := range p.Sections {
		p.Sections[k] *= f
	}
	for k := range p.Authors {
		p.Authors[k] *= f
	}
	p.At = at
}

// prune keeps the heaviest features of each kind.
func (p *Profile) prune() {
	pruneMap(p.Terms, maxProfileTerms)
	pruneMap(p.Sources, maxProfileOther)
	pruneMap(p.Sections, maxProfileOther)
	pruneMap(p.Authors, maxProfileOther)
	if len(p.Topics) > maxProfileOther*3/2 {
		ws := make([]float64, 0, len(p.Topics))
		for _, t := range p.Topics {
			ws = append(ws, math.Abs(t.W))
		}
		cut := kth(ws, maxProfileOther)
		for k, t := range p.Topics {
			if math.Abs(t.W) < cut {
				delete(p.Topics, k)
			}
		}
	}
}

// pruneMap deletes all but the n heaviest entries (by absolute weight) once
// m holds half as many again, so that pruning is rare.
func pruneMap[K comparable](m map[K]float64, n int) {
	if len(m) <= n*3/2 {
		return
	}
	ws := make([]float64, 0, len(m))
	for _, w := range m {
		ws = append(ws, math.Abs(w))
	}
	cut := kth(ws, n)
	for k, w := range m {
		if math.Abs(w) < cut {
			delete(m, k)
		}
	}
}

// kth returns the n-th largest of ws (ws is reordered).
func kth(ws []float64, n int) float64 {
	slices.SortFunc(ws, func(a, b float64) int { return cmp.Compare(b, a) })
	return ws[min(n, len(ws))-1]
}

// ReadsSince returns how many stories about the topic the reader read at or
// after since.
func (t *TopicStat) ReadsSince(since time.Time) int {
	n := 0
	for _, at := range t.Reads {
		if at >= since.Unix() {
			n++
		}
	}
	return n
}

// storedProfile is a Profile as the store keeps it: JSON, with the terms
// packed as a textvec vector (8 bytes a term) so that a profile of 1,500
// terms decodes in microseconds on each feed request.
type storedProfile struct {
	*Profile
	Terms []byte `json:"terms,omitempty"`
}

// MarshalProfile encodes p for the store.
func MarshalProfile(p *Profile) ([]byte, error) {
	v := make(textvec.Vector, 0, len(p.Terms))
	for id, w := range p.Terms {
		v = append(v, textvec.Term{ID: id, W: float32(w)})
	}
	sortTerms(v)
	terms, _ := v.MarshalBinary()
	b, err := json.Marshal(storedProfile{Profile: p, Terms: terms})
	if err != nil {
		return nil, fmt.Errorf("rank: encode profile: %w", err)
	}
	return b, nil
}

// UnmarshalProfile decodes what MarshalProfile wrote.
func UnmarshalProfile(b []byte) (*Profile, error) {
	sp := storedProfile{Profile: &Profile{}}
	if err := json.Unmarshal(b, &sp); err != nil {
		return nil, fmt.Errorf("rank: decode profile: %w", err)
	}
	var v textvec.Vector
	if err := v.UnmarshalBinary(sp.Terms); err != nil {
		return nil, fmt.Errorf("rank: decode profile: %w", err)
	}
	p := sp.Profile
	p.Terms = make(map[uint32]float64, len(v))
	for _, t := range v {
		p.Terms[t.ID] = float64(t.W)
	}
	return p, nil
}

// Reading signal weights: an impression without an open is weak
// disinterest, an open alone little (the read that follows tells), a read
// under bounceMS a bounce, a longer one dwellUnit per point up to 4.
const (
	impressionSignal = -0.15
	openSignal       = 0.3
	bounceMS         = 10000
	dwellUnit        = 15000
)

// readSignal weighs a read by its dwell time: a bounce (under bounceMS) is
// weak disinterest, a longer read counts more the longer it lasts, up to 4;
// a read without a dwell time counts 1.
func readSignal(ms int64) float64 {
	switch {
	case ms == 0:
		return 1
	case float64(ms) < bounceMS:
		return -0.3
	}
	return math.Min(float64(ms)/dwellUnit, 4)
}
