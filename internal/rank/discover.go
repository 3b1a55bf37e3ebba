package rank

import (
	"cmp"
	"slices"
	"time"

	"github.com/heraldnews/herald/internal/textvec"
)

// Discovery bounds: the profile terms a search walks, how many stories it
// returns, how far back it looks.
const (
	discoverTerms = 40
	discoverDocs  = 200
	// postingsWalked caps the newest stories of each term a search walks:
	// a common term adds little to a likeness and would cost the most.
	postingsWalked = 1000
	discoverAge    = 72 * time.Hour
	trendingDocs   = 20
)

// Similar returns the up to k stories published after since most like the
// profile's words (dot product over the profile's heaviest positive terms),
// walking the posting lists of those terms only.
func (x *Index) Similar(p *Profile, since time.Time, k int) []*Doc {
	terms := topTerms(p, discoverTerms)
	if len(terms) == 0 {
		return nil
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	acc := map[*Doc]float64{}
	for _, t := range terms {
		list := x.postings[t.ID]
		// Newest last (roughly: stories arrive about in publication
		// order): walk back until well past since.
		for i, old := len(list)-1, 0; i >= 0 && old < 32 && i >= len(list)-postingsWalked; i-- {
			p := list[i]
			if !p.doc.Published.After(since) {
				old++
				continue
			}
			acc[p.doc] += float64(t.W) * float64(p.w)
		}
	}
	return topDocs(acc, k)
}

// Newest returns up to n of the newest stories carrying the topic, or
// from source (when topic is 0).
func (x *Index) Newest(topic, source int64, n int) []*Doc {
	x.mu.RLock()
	defer x.mu.RUnlock()
	list := x.topics[topic]
	if topic == 0 {
		list = x.sources[source]
	}
	out := slices.Clone(list[max(0, len(list)-4*n):])
	slices.SortFunc(out, func(a, b *Doc) int { return b.Published.Compare(a.Published) })
	return out[:min(n, len(out))]
}

// trendEvery is how long Trending's answer is kept.
const trendEvery = 30 * time.Second

// Trending returns the newest story of each of the k clusters with most
// outlets among the stories published after since (worked out at most
// every trendEvery: it walks the whole index).
func (x *Index) Trending(since time.Time, k int) []*Doc {
	x.trend.mu.Lock()
	defer x.trend.mu.Unlock()
	if d := since.Sub(x.trend.since); d < trendEvery && d > -trendEvery && x.trend.k == k && time.Since(x.trend.at) < trendEvery {
		return x.trend.docs
	}
	docs := x.trending(since, k)
	x.trend.since, x.trend.k, x.trend.at, x.trend.docs = since, k, time.Now(), docs
	return docs
}

func (x *Index) trending(since time.Time, k int) []*Doc {
	x.mu.RLock()
	defer x.mu.RUnlock()
	best := map[int64]*Doc{}
	for _, d := range x.docs {
		if d.ClusterID == 0 || !d.Published.After(since) || len(x.outlets[d.ClusterID]) < 3 {
			continue
		}
		if b := best[d.ClusterID]; b == nil || d.Published.After(b.Published) {
			best[d.ClusterID] = d
		}
	}
	acc := map[*Doc]float64{}
	for c, d := range best {
		acc[d] = float64(len(x.outlets[c]))
	}
	return topDocs(acc, k)
}

// topTerms returns the n heaviest positive terms of p.
func topTerms(p *Profile, n int) textvec.Vector {
	v := make(textvec.Vector, 0, len(p.Terms))
	for id, w := range p.Terms {
		if w > 0 {
			v = append(v, textvec.Term{ID: id, W: float32(w)})
		}
	}
	slices.SortFunc(v, func(a, b textvec.Term) int { return cmp.Compare(b.W, a.W) })
	return v[:min(n, len(v))]
}

// topDocs returns the k best scored stories, best first (ties: newer id).
func topDocs(acc map[*Doc]float64, k int) []*Doc {
	out := make([]*Doc, 0, len(acc))
	for d := range acc {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b *Doc) int {
		if c := cmp.Compare(acc[b], acc[a]); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	return out[:min(k, len(out))]
}
