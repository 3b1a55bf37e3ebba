package rank

import (
	"cmp"
	"slices"
	"sync"
	"time"

	"github.com/heraldnews/herald/internal/textvec"
)

// Index defaults: the stories it keeps, by age and by number.
const (
	DefaultWindow  = 7 * 24 * time.Hour
	DefaultMaxDocs = 60000
)

// Index holds the features of recent stories in memory, for discovery (the
// stories most like a reader's profile, whatever they follow), trending
// clusters and the features of the stories readers act on. It keeps the
// stories published within Window of the newest, at most MaxDocs; a page's
// cost depends on these bounds, not on how many stories the store holds.
// It is safe for concurrent use.
type Index struct {
	Window  time.Duration
	MaxDocs int

	mu       sync.RWMutex
	df       *textvec.DF
	docs     map[int64]*Doc
	postings map[uint32][]posting // term → stories with the term's weight, in the order added
	topics   map[int64][]*Doc     // topic → stories, in the order added
	sources  map[int64][]*Doc
	outlets  map[int64]map[int64]int // cluster → source → stories
	newest   time.Time
	maxID    int64
	added    int // stories added since the last eviction: one evicts every tenth of MaxDocs

	trend struct { // Trending's last answer
		mu    sync.Mutex
		since time.Time
		k     int
		at    time.Time
		docs  []*Doc
	}
}

// posting is one story of a term's list, with the term's weight in it.
type posting struct {
	doc *Doc
	w   float32
}

// NewIndex returns an empty index with the default bounds.
func NewIndex() *Index {
	return &Index{Window: DefaultWindow, MaxDocs: DefaultMaxDocs, df: textvec.NewDF(), docs: map[int64]*Doc{},
		postings: map[uint32][]posting{}, topics: map[int64][]*Doc{}, sources: map[int64][]*Doc{}, outlets: map[int64]map[int64]int{}}
}

// DF is the document frequencies new stories' vectors are weighed with.
func (x *Index) DF() *textvec.DF { return x.df }

// Add puts stories in the index (a story already there is replaced), then
// drops what fell out of its bounds.
func (x *Index) Add(docs ...*Doc) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, d := range docs {
		if old := x.docs[d.ID]; old != nil {
			x.unlink(old)
		}
		x.docs[d.ID] = d
		x.link(d)
		if d.Published.After(x.newest) {
			x.newest = d.Published
		}
		x.maxID = max(x.maxID, d.ID)
	}
	x.added += len(docs)
	if len(x.docs) > x.MaxDocs+x.MaxDocs/10 || x.added > max(1000, x.MaxDocs/10) {
		x.evict()
	}
}

// MaxID is the highest story id the index has seen.
func (x *Index) MaxID() int64 {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.maxID
}

// Len is how many stories the index holds.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.docs)
}

// Doc returns the indexed story with id, or nil.
func (x *Index) Doc(id int64) *Doc {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.docs[id]
}

// Outlets returns how many sources cover a cluster (0 for cluster 0).
func (x *Index) Outlets(cluster int64) int {
	if cluster == 0 {
		return 0
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.outlets[cluster])
}

func (x *Index) link(d *Doc) {
	for _, t := range d.Vec {
		x.postings[t.ID] = append(x.postings[t.ID], posting{d, t.W})
	}
	for _, t := range d.Topics {
		x.topics[t.ID] = append(x.topics[t.ID], d)
	}
	x.sources[d.SourceID] = append(x.sources[d.SourceID], d)
	if d.ClusterID != 0 {
		if x.outlets[d.ClusterID] == nil {
			x.outlets[d.ClusterID] = map[int64]int{}
		}
		x.outlets[d.ClusterID][d.SourceID]++
	}
}

// unlink removes d from the lists (rare: a story stored again).
func (x *Index) unlink(d *Doc) {
	drop := func(list []*Doc) []*Doc { return slices.DeleteFunc(list, func(o *Doc) bool { return o == d }) }
	for _, t := range d.Vec {
		x.postings[t.ID] = slices.DeleteFunc(x.postings[t.ID], func(p posting) bool { return p.doc == d })
	}
	for _, t := range d.Topics {
		x.topics[t.ID] = drop(x.topics[t.ID])
	}
	x.sources[d.SourceID] = drop(x.sources[d.SourceID])
	if m := x.outlets[d.ClusterID]; m != nil {
		if m[d.SourceID]--; m[d.SourceID] <= 0 {
			delete(m, d.SourceID)
		}
	}
}

// evict keeps the MaxDocs newest stories within Window of the newest and
// rebuilds the lists.
func (x *Index) evict() {
	all := make([]*Doc, 0, len(x.docs))
	cut := x.newest.Add(-x.Window)
	for _, d := range x.docs {
		if !d.Published.Before(cut) {
			all = append(all, d)
		}
	}
	slices.SortFunc(all, func(a, b *Doc) int {
		if c := b.Published.Compare(a.Published); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	if len(all) > x.MaxDocs {
		all = all[:x.MaxDocs]
	}
	slices.Reverse(all)
	x.added = 0
	x.docs, x.postings, x.topics, x.sources, x.outlets =
		map[int64]*Doc{}, map[uint32][]posting{}, map[int64][]*Doc{}, map[int64][]*Doc{}, map[int64]map[int64]int{}
	for _, d := range all {
		x.docs[d.ID] = d
		x.link(d)
	}
}
