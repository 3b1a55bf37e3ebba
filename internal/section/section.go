// Package section puts stories into newspaper sections (World, Politics, Business,
// Technology, ...).
//
// It has two halves. CanonicalSection maps the free-form category strings that feeds
// carry ("Sports", "news/world", "Sci/Tech") to the canonical section names, which
// gives weak labels for training. Train fits a text classifier to labelled examples:
// TF-IDF over lower-cased unigrams and bigrams (64-bit hashed features, sublinear term
// frequency, L2-normalised) feeding a one-vs-rest linear SVM with squared hinge loss,
// solved by dual coordinate descent. The classifier is not tied to the canonical
// sections: it learns whatever labels its examples carry.
//
// A *Model is immutable after Train or Load and safe for concurrent use.
package section

import (
	"strings"
	"unicode"
)

// Canonical section names.
const (
	World         = "World"
	Politics      = "Politics"
	Business      = "Business"
	Technology    = "Technology"
	Science       = "Science"
	Health        = "Health"
	Environment   = "Environment"
	Education     = "Education"
	Sport         = "Sport"
	Entertainment = "Entertainment"
	Lifestyle     = "Lifestyle"
	Opinion       = "Opinion"
)

var sections = []string{
	World, Politics, Business, Technology, Science, Health,
	Environment, Education, Sport, Entertainment, Lifestyle, Opinion,
}

// Sections returns the canonical section names in display order. The caller owns
// the returned slice.
func Sections() []string {
	return append([]string(nil), sections...)
}

// CanonicalSection maps a feed's category or section-feed name to a canonical
// section. It reports ok=false (and "") when the category names no section it knows,
// such as a country, a person or a generic word like "News".
//
// Matching is case-insensitive and ignores punctuation. A category that is a path
// ("news/world/africa", "Sport > Football") maps to the section of its most specific
// segment that is known. Within one segment, a known phrase wins ("Science & Tech"
// is Technology); otherwise the first known word does ("Science & Environment" is
// Science, "Arts and Entertainment" is Entertainment).
func CanonicalSection(category string) (section string, ok bool) {
	if s, ok := phraseSection(normalizeCategory(category)); ok {
		return s, true
	}
	segments := strings.FieldsFunc(category, isPathSeparator)
	for i := len(segments) - 1; i >= 0; i-- {
		if s, ok := segmentSection(normalizeCategory(segments[i])); ok {
			return s, true
		}
	}
	return "", false
}

// SectionOf maps the category strings of one story (feed items often carry
// several) to one canonical section: the section most of them map to, the
// earliest such on a tie. It reports ok=false when none of them maps.
func SectionOf(categories ...string) (section string, ok bool) {
	votes := map[string]int{}
	for _, c := range categories {
		s, known := CanonicalSection(c)
		if !known {
			continue
		}
		votes[s]++
		if votes[s] > votes[section] {
			section = s
		}
	}
	return section, section != ""
}

// segmentSection maps one normalised path segment: the whole phrase first, then
// each word (and adjacent word pair) from the left.
func segmentSection(seg string) (string, bool) {
	if s, ok := phraseSection(seg); ok {
		return s, true
	}
	words := strings.Fields(seg)
	for i, w := range words {
		if i+1 < len(words) {
			if s, ok := phraseSection(w + " " + words[i+1]); ok {
				return s, true
			}
		}
		if s, ok := phraseSection(w); ok {
			return s, true
		}
	}
	return "", false
}

// phraseSection looks a normalised phrase up, also without a trailing "news" word
// and without a plural "s".
func phraseSection(p string) (string, bool) {
	if p == "" {
		return "", false
	}
	if s, ok := categoryTable[p]; ok {
		return s, true
	}
	if t, ok := strings.CutSuffix(p, " news"); ok {
		return phraseSection(t)
	}
	if t, ok := strings.CutSuffix(p, "s"); ok && len(t) > 2 {
		if s, ok := categoryTable[t]; ok {
			return s, true
		}
	}
	return "", false
}

func isPathSeparator(r rune) bool {
	return r == '/' || r == '>' || r == '|' || r == '»' || r == '›' || r == '\\' || r == ':' || r == ','
}

// normalizeCategory lower-cases s, turns "&" into "and" and every other run of
// non-alphanumeric characters into one space.
func normalizeCategory(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '&' || r == '+':
			b.WriteString(" and ")
			space = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
