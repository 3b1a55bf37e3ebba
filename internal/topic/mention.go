package topic

import "slices"

// Mention is one entity mention: Text is exactly the text between the byte
// offsets Start and End of the text it was found in. Type is PER, LOC, ORG,
// MISC, or "" when the extractor could not tell.
type Mention struct {
	Text  string `json:"text"`
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// MergeMentions combines the mentions of a primary extractor (a trained
// tagger) with those of a fallback (ProperNouns) over the same text. Every
// primary mention is kept; a fallback mention is added when it overlaps no
// primary one; a primary mention left untyped takes the type of a fallback
// mention with exactly its span. The result is sorted by Start. Neither
// input is modified.
func MergeMentions(primary, fallback []Mention) []Mention {
	byStart := func(a, b Mention) int { return a.Start - b.Start }
	out := slices.SortedStableFunc(slices.Values(primary), byStart)
	fb := slices.SortedStableFunc(slices.Values(fallback), byStart)
	untyped := make(map[span]int)
	for i, m := range out {
		if m.Type == "" {
			untyped[span{m.Start, m.End}] = i
		}
	}
	n, p, maxEnd := len(out), 0, 0
	for _, f := range fb {
		for p < n && out[p].Start < f.End {
			maxEnd = max(maxEnd, out[p].End)
			p++
		}
		if i, ok := untyped[span{f.Start, f.End}]; ok {
			out[i].Type = f.Type
			continue
		}
		if maxEnd <= f.Start { // no primary mention starting before f ends reaches into it
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, byStart)
	return out
}
