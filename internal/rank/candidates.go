package rank

import (
	"cmp"
	"slices"
	"time"
)

// followBudget is about how many followed stories a feed's candidates take
// (the newest of each follow, at least minPerFollow each).
const (
	followBudget = 600
	minPerFollow = 8
)

// PerFollow is how many of each follow's newest stories the candidates take
// when the reader follows n things: a reader of one topic sees its last
// days, a reader of fifty the newest of each.
func PerFollow(n int) int { return max(minPerFollow, followBudget/max(n, 1)) }

// Follows is what a reader follows and mutes (mutes in force now).
type Follows struct {
	Topics, Sources, Clusters                map[int64]bool
	MutedTopics, MutedSources, MutedClusters map[int64]bool
	MutedAuthors                             map[string]bool
}

// Follows reports whether the reader follows anything.
func (f *Follows) Any() bool { return len(f.Topics)+len(f.Sources)+len(f.Clusters) > 0 }

// Muted reports whether one of the reader's mutes hides d.
func (f *Follows) Muted(d *Doc) bool {
	if f.MutedSources[d.SourceID] || (d.ClusterID != 0 && f.MutedClusters[d.ClusterID]) {
		return true
	}
	for _, t := range d.Topics {
		if f.MutedTopics[t.ID] {
			return true
		}
	}
	for _, a := range d.Authors {
		if f.MutedAuthors[a] {
			return true
		}
	}
	return false
}

// Gather makes the candidates of one reader's feed: the stories of what
// they follow (followed, newest first, as the store or the index found
// them) and, unless the preset is Latest, the recent stories most like
// their profile and the trending clusters' stories, wherever they come
// from (a reader who follows nothing and has read nothing gets the
// trending stories). Stories the profile has seen, stories hidden by a mute and a
// second copy of a story are left out. idx may be nil (no discovery).
func Gather(followed []*Doc, idx *Index, f *Follows, p *Profile, w Weights, now time.Time) []Cand {
	seen := make(map[int64]bool, len(p.Seen)+len(followed))
	for _, id := range p.Seen {
		seen[id] = true
	}
	var out []Cand
	add := func(d *Doc, discovered bool) {
		if seen[d.ID] || f.Muted(d) || d.Published.After(now) {
			return
		}
		seen[d.ID] = true
		c := Cand{Doc: d, Discovered: discovered}
		for _, t := range d.Topics {
			if f.Topics[t.ID] {
				c.FollowTopics = append(c.FollowTopics, t)
			}
		}
		c.FollowSource = f.Sources[d.SourceID]
		if d.ClusterID != 0 && f.Clusters[d.ClusterID] {
			c.FollowCluster = d.ClusterID
		}
		if idx != nil {
			c.Outlets = idx.Outlets(d.ClusterID)
		}
		out = append(out, c)
	}
	for _, d := range followed {
		add(d, false)
	}
	if idx == nil || w.Preset == PresetLatest {
		return out
	}
	since := now.Add(-discoverAge)
	for _, d := range idx.Similar(p, since, discoverDocs) {
		add(d, true)
	}
	if w.Trending > 0 {
		for _, d := range idx.Trending(since, trendingDocs) {
			add(d, true)
		}
	}
	return out
}

// Rank scores and orders candidates into the reader's feed (see ScoreAll
// and Order). With the Latest preset the order is newest first, unscored
// diversity aside.
func Rank(p *Profile, cands []Cand, w Weights, now time.Time, pageSize int) []Scored {
	sc := ScoreAll(p, cands, w, now)
	if w.Preset == PresetLatest {
		slices.SortStableFunc(sc, func(a, b Scored) int {
			if c := b.Doc.Published.Compare(a.Doc.Published); c != 0 {
				return c
			}
			return cmp.Compare(b.Doc.ID, a.Doc.ID)
		})
		return sc
	}
	fresh, stale := splitStale(sc, now)
	fresh = append(Order(best(fresh, maxRanked), w, pageSize), Order(best(stale, maxRanked), w, pageSize)...)
	return fresh[:min(len(fresh), maxRanked)]
}

// maxRanked is how many stories a ranking keeps: the pages a reader can go
// through before the ranked feed ends.
const maxRanked = 300

// best keeps the n best scored candidates.
func best(sc []Scored, n int) []Scored {
	if len(sc) <= n {
		return sc
	}
	slices.SortFunc(sc, func(a, b Scored) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(b.Doc.ID, a.Doc.ID)
	})
	return sc[:n]
}

// StaleAfter is the age after which a story ranks below every fresher one,
// whatever its score: the ranked feed is about the last days' news.
const StaleAfter = 72 * time.Hour

// splitStale separates the candidates older than StaleAfter.
func splitStale(sc []Scored, now time.Time) (fresh, stale []Scored) {
	for _, s := range sc {
		if now.Sub(s.Doc.Published) > StaleAfter {
			stale = append(stale, s)
		} else {
			fresh = append(fresh, s)
		}
	}
	return fresh, stale
}
