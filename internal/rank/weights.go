package rank

import (
	"fmt"
	"math"
)

// Presets: Latest is newest first (weights unused); Balanced is the default;
// Discover leans on the reading profile and trending stories over follows.
const (
	PresetLatest   = "latest"
	PresetBalanced = "balanced"
	PresetDiscover = "discover"
)

// Weights are the reader's settings for the ranked feed: a preset and the
// weight of each part of a story's score. Score = Σ weight × feature value,
// each value in [-1, 1]; see Feature* for the features.
type Weights struct {
	Preset    string  `json:"preset"`
	Text      float64 `json:"text"`      // likeness of the story's words to what the reader read
	Topics    float64 `json:"topics"`    // the reader's affinity for the story's topics
	Sections  float64 `json:"sections"`  // … for its section
	Sources   float64 `json:"sources"`   // … for its source (also: source quality as this reader sees it)
	Follow    float64 `json:"follow"`    // the story carries a followed topic, source or story
	Freshness float64 `json:"freshness"` // halves every FreshHalfLifeHours
	Trending  float64 `json:"trending"`  // how many outlets cover its cluster
	// FreshHalfLifeHours is the freshness half-life.
	FreshHalfLifeHours float64 `json:"fresh_half_life_hours"`
	// SourceCap is the most items of one source on a page of 10 (scaled to
	// the page size).
	SourceCap int `json:"source_cap"`
	// Diversity is λ of maximal marginal relevance over topics, 0 to 1.
	Diversity float64 `json:"diversity"`
}

// Preset returns the weights of a named preset; ok is false for an unknown name.
func Preset(name string) (Weights, bool) {
	switch name {
	case PresetBalanced:
		return Weights{Preset: name, Text: 1, Topics: 0.3, Sections: 0.3, Sources: 0.1, Follow: 1,
			Freshness: 0.7, Trending: 0.15, FreshHalfLifeHours: 24, SourceCap: 3, Diversity: 0.15}, true
	case PresetDiscover:
		return Weights{Preset: name, Text: 1.2, Topics: 0.4, Sections: 0.3, Sources: 0.1, Follow: 0.4,
			Freshness: 0.7, Trending: 0.4, FreshHalfLifeHours: 24, SourceCap: 2, Diversity: 0.3}, true
	case PresetLatest:
		return Weights{Preset: name, Freshness: 1, FreshHalfLifeHours: 24, SourceCap: 10}, true
	}
	return Weights{}, false
}

// DefaultWeights are the Balanced preset.
func DefaultWeights() Weights {
	w, _ := Preset(PresetBalanced)
	return w
}

// Check reports the first weight out of range, naming its field.
func (w Weights) Check() error {
	if _, ok := Preset(w.Preset); !ok && w.Preset != "custom" {
		return fmt.Errorf("preset: %q is not one of latest, balanced, discover, custom", w.Preset)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"text", w.Text}, {"topics", w.Topics}, {"sections", w.Sections}, {"sources", w.Sources},
		{"follow", w.Follow}, {"freshness", w.Freshness}, {"trending", w.Trending}} {
		if math.IsNaN(f.v) || f.v < 0 || f.v > 5 {
			return fmt.Errorf("%s: want a weight from 0 to 5, got %v", f.name, f.v)
		}
	}
	switch {
	case math.IsNaN(w.FreshHalfLifeHours) || w.FreshHalfLifeHours < 1 || w.FreshHalfLifeHours > 24*30:
		return fmt.Errorf("fresh_half_life_hours: want 1 to 720, got %v", w.FreshHalfLifeHours)
	case w.SourceCap < 1 || w.SourceCap > 10:
		return fmt.Errorf("source_cap: want 1 to 10, got %d", w.SourceCap)
	case math.IsNaN(w.Diversity) || w.Diversity < 0 || w.Diversity > 1:
		return fmt.Errorf("diversity: want 0 to 1, got %v", w.Diversity)
	}
	return nil
}
