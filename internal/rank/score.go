package rank

import (
	"math"
	"slices"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/textvec"
)

// Feature names, as the explain list of a feed item gives them.
const (
	FeatureText      = "text"
	FeatureTopics    = "topics"
	FeatureSections  = "sections"
	FeatureSources   = "sources"
	FeatureFollow    = "follow"
	FeatureFreshness = "freshness"
	FeatureTrending  = "trending"
)

// Cand is a story to rank and what made it a candidate.
type Cand struct {
	Doc           *Doc
	FollowTopics  []DocTopic // followed topics the story carries, most salient first
	FollowSource  bool       // the reader follows its source
	FollowCluster int64      // the followed story cluster it belongs to, 0: none
	Outlets       int        // sources covering its cluster (0 or 1: no cluster)
	Discovered    bool       // found by likeness to the profile, not by a follow
}

// Scored is a ranked candidate: its score and the parts that made it.
type Scored struct {
	Cand
	Score float64
	Parts []herald.Contribution
}

// view is a profile made ready to score many stories: unit term vector and
// the largest weight of each kind, so that each feature value is in [-1, 1].
type view struct {
	p                               *Profile
	terms                           textvec.Vector
	maxTopic, maxSection, maxSource float64
	strength                        float64 // 0 for no signals, towards 1 with more
}

func newView(p *Profile) *view {
	v := &view{p: p, strength: 1 - math.Exp2(-float64(p.Events)/10)}
	for id, w := range p.Terms {
		v.terms = append(v.terms, textvec.Term{ID: id, W: float32(w)})
	}
	sortTerms(v.terms)
	v.terms.Normalize()
	for _, t := range p.Topics {
		v.maxTopic = math.Max(v.maxTopic, math.Abs(t.W))
	}
	for _, w := range p.Sections {
		v.maxSection = math.Max(v.maxSection, math.Abs(w))
	}
	for _, w := range p.Sources {
		v.maxSource = math.Max(v.maxSource, math.Abs(w))
	}
	return v
}

// values returns a candidate's feature values, in Feature* order, before
// the text value's normalisation over the candidates.
func (v *view) values(c *Cand, w *Weights, now time.Time) [7]float64 {
	d := c.Doc
	var topics float64
	if v.maxTopic > 0 {
		for _, t := range d.Topics {
			if ts := v.p.Topics[t.Slug]; ts != nil {
				topics += t.Salience * ts.W / v.maxTopic
			}
		}
	}
	var sections, sources float64
	if v.maxSection > 0 && d.Section != "" {
		sections = v.p.Sections[d.Section] / v.maxSection
	}
	if v.maxSource > 0 {
		sources = v.p.Sources[d.SourceID] / v.maxSource
	}
	follow := 0.0
	for _, t := range c.FollowTopics {
		follow = math.Max(follow, 0.5+0.5*t.Salience)
	}
	if c.FollowSource || c.FollowCluster != 0 {
		follow = 1
	}
	age := max(now.Sub(d.Published), 0)
	fresh := math.Exp2(-age.Hours() / w.FreshHalfLifeHours)
	trend := 0.0
	if c.Outlets >= 2 {
		trend = math.Min(1, math.Log2(float64(c.Outlets))/4)
	}
	text := textvec.Dot(v.terms, d.Vec)
	s := v.strength
	return [7]float64{text * s, clamp(topics) * s, sections * s, sources * s, follow, fresh, trend}
}

var featureNames = [7]string{FeatureText, FeatureTopics, FeatureSections, FeatureSources, FeatureFollow, FeatureFreshness, FeatureTrending}

func (w *Weights) vector() [7]float64 {
	return [7]float64{w.Text, w.Topics, w.Sections, w.Sources, w.Follow, w.Freshness, w.Trending}
}

// ScoreAll rates every candidate for the reader with profile p at now:
// Σ weight × value over the features, the text likeness scaled so that the
// most alike candidate has 1. Each Scored lists the features that counted.
func ScoreAll(p *Profile, cands []Cand, w Weights, now time.Time) []Scored {
	v := newView(p)
	vals := make([][7]float64, len(cands))
	texts := make([]float64, len(cands))
	for i := range cands {
		vals[i] = v.values(&cands[i], &w, now)
		texts[i] = vals[i][0]
	}
	scale := textScale(texts)
	wv := w.vector()
	out := make([]Scored, len(cands))
	for i := range cands {
		if scale > 0 {
			vals[i][0] = clamp(vals[i][0] / scale)
		}
		out[i] = Scored{Cand: cands[i]}
		for f, x := range vals[i] {
			if x == 0 || wv[f] == 0 {
				continue
			}
			c := x * wv[f]
			out[i].Score += c
			out[i].Parts = append(out[i].Parts, herald.Contribution{Feature: featureNames[f], Value: round(x),
				Weight: wv[f], Contribution: round(c)})
		}
		out[i].Score = round(out[i].Score)
	}
	return out
}

// textScale is the text likeness that counts as 1: the 95th percentile of
// the candidates' (so that one near copy of a read story does not squash
// the rest).
func textScale(texts []float64) float64 {
	if len(texts) == 0 {
		return 0
	}
	slices.Sort(texts)
	return texts[min(len(texts)-1, len(texts)*textPercentile/100)]
}

const textPercentile = 95

func clamp(x float64) float64 { return math.Max(-1, math.Min(1, x)) }

// round keeps 4 decimals: scores and explanations read better, and ties
// break on id rather than on float noise.
func round(x float64) float64 { return math.Round(x*1e4) / 1e4 }
