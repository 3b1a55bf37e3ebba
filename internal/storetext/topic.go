package storetext

import (
	"math"
	"sort"
	"strings"

	"github.com/heraldnews/herald"
)

// TopicLink is a story's link to a topic, normalised for storing.
type TopicLink struct {
	Slug     string
	Name     string // the name a new topic gets; an existing topic keeps its own
	NameKey  string // Fold(Name), matched by topic searches
	Kind     string
	Salience float64
}

// TopicLinks validates and normalises a story's topics. Each link gets a clean
// name (the slug when empty), a kind (KindOther when empty) and a salience
// clamped to [0,1]. A slug named twice keeps its most salient link, and the
// links come back ordered by slug, so that concurrent writers take locks in one
// order. It returns EINVALID for an empty slug or a NaN salience.
func TopicLinks(in []herald.StoryTopic) ([]TopicLink, error) {
	bySlug := make(map[string]TopicLink, len(in))
	for _, t := range in {
		l := TopicLink{Slug: Clean(t.Slug), Name: Clean(t.Name), Kind: Clean(t.Kind), Salience: t.Salience}
		if l.Slug == "" {
			return nil, herald.Errorf(herald.EINVALID, "topic %q: slug is required", t.Name)
		}
		if math.IsNaN(l.Salience) {
			return nil, herald.Errorf(herald.EINVALID, "topic %q: salience is not a number", t.Slug)
		}
		l.Salience = min(max(l.Salience, 0), 1)
		if l.Name == "" {
			l.Name = l.Slug
		}
		if l.Kind == "" {
			l.Kind = herald.KindOther
		}
		l.NameKey = Fold(l.Name)
		if prev, ok := bySlug[l.Slug]; !ok || l.Salience > prev.Salience {
			bySlug[l.Slug] = l
		}
	}
	out := make([]TopicLink, 0, len(bySlug))
	for _, l := range bySlug {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Slug < out[j].Slug })
	return out, nil
}

// Fold returns the form of s that case-insensitive matching compares: Clean
// and lower-cased with Unicode rules, the same in every store dialect.
func Fold(s string) string { return strings.ToLower(Clean(s)) }

// MaxTopicName caps a topic name an admin sets, in runes.
const MaxTopicName = 200

// TopicRename validates the arguments of a topic rename and returns the cleaned
// name: EINVALID for an empty or overlong name, or a kind that is neither ""
// (keep the kind) nor one of the topic kinds.
func TopicRename(name, kind string) (string, error) {
	name = strings.TrimSpace(Clean(name))
	if name == "" {
		return "", herald.Errorf(herald.EINVALID, "name: required")
	}
	if n := len([]rune(name)); n > MaxTopicName {
		return "", herald.Errorf(herald.EINVALID, "name: %d characters, at most %d", n, MaxTopicName)
	}
	if kind != "" && !herald.ValidKind(kind) {
		return "", herald.Errorf(herald.EINVALID, "kind: %q is not one of person, place, organisation, event, other", kind)
	}
	return name, nil
}
