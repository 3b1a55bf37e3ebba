package cluster

import (
	"fmt"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/textvec"
)

// Engine clusters stories online. It is not safe for concurrent use: one
// goroutine (in Herald, one cluster-wide worker) feeds it in story id order.
type Engine struct {
	cfg       Config
	fz        featurizer
	seq       int64     // stories added
	lastStory int64     // the last StoryID added
	nextID    int64     // the next cluster id to hand out
	maxAt     time.Time // the latest story time seen

	open      map[int64]*cluster // open clusters by id
	live      idSet              // the ids in open, for lookups that need only membership
	byStory   map[int64]*cluster // members of open clusters → their cluster
	postings  map[uint32][]int64 // term or topic id → open clusters indexed under it
	dups      *dupIndex          // signatures of the members of open clusters
	topicInfo map[uint32]herald.Topic
	log       changeLog
	hits      map[int64]int // scratch for candidate lookup
	counted   []hit         // scratch for candidate lookup
}

// cluster is an open cluster in memory.
type cluster struct {
	id          int64
	centroid    textvec.Vector // mean of members' vectors, CentroidTerms heaviest
	topics      textvec.Vector // mean of members' topic vectors
	cnorm       float64        // norm(centroid), kept by norms
	tnorm       float64        // norm(topics), kept by norms
	first, last time.Time      // zero when no member has a time
	lastSeq     int64
	members     []*features // in arrival order
	headline    int64
	checkedAt   int                 // size at the last split check
	indexed     map[uint32]struct{} // postings this cluster is listed in
}

// New returns an empty engine.
func New(cfg Config) *Engine {
	e := &Engine{
		cfg: cfg, nextID: 1,
		open: map[int64]*cluster{}, byStory: map[int64]*cluster{}, postings: map[uint32][]int64{},
		dups: newDupIndex(), topicInfo: map[uint32]herald.Topic{}, hits: map[int64]int{},
	}
	e.fz = featurizer{cfg: &e.cfg, df: textvec.NewDF()}
	e.log.reset(0)
	return e
}

// Add clusters one story. Stories must come in strictly increasing StoryID
// order; Add returns an error (and changes nothing) otherwise.
func (e *Engine) Add(d Doc) (Result, error) {
	if d.StoryID <= e.lastStory {
		return Result{}, fmt.Errorf("cluster: add story %d: not after story %d: %w", d.StoryID, e.lastStory,
			herald.Errorf(herald.EINVALID, "stories must arrive in increasing id order"))
	}
	e.lastStory = d.StoryID
	e.seq++
	for _, t := range d.Topics {
		e.topicInfo[topicID(t.Slug)] = t.Topic
	}
	f := e.fz.features(d, e.seq)
	if f.at.After(e.maxAt) {
		e.maxAt = f.at
	}
	e.closeQuiet()
	e.sweep()
	res := Result{StoryID: d.StoryID}
	c, sim := e.duplicate(f)
	var near []scored
	var mean textvec.Vector
	if c != nil {
		res.DuplicateOf, res.Similarity = f.dupOf, sim
	} else {
		near = e.candidates(f)
		c, res.Similarity, mean = e.bestCluster(f, near)
	}
	if c == nil {
		c = e.newCluster()
		res.NewCluster = true
	}
	e.join(c, f, mean)
	c = e.drift(c, f, near)
	res.ClusterID = c.id
	return res, nil
}

func (e *Engine) newCluster() *cluster {
	c := &cluster{id: e.nextID, indexed: map[uint32]struct{}{}}
	e.nextID++
	e.open[c.id] = c
	e.live.set(c.id)
	return c
}

// Stats reports the engine's size: open clusters and the stories they hold.
func (e *Engine) Stats() (clusters, stories int) { return len(e.open), len(e.byStory) }

// norms recomputes the cached norms after the means changed.
func (c *cluster) norms() { c.cnorm, c.tnorm = norm(c.centroid), norm(c.topics) }

// idSet is a set of cluster ids as a bitset: ids are small and dense.
type idSet []uint64

func (s *idSet) set(id int64) {
	for int(id>>6) >= len(*s) {
		*s = append(*s, 0)
	}
	(*s)[id>>6] |= 1 << (id & 63)
}

func (s idSet) clear(id int64) {
	if int(id>>6) < len(s) {
		s[id>>6] &^= 1 << (id & 63)
	}
}

func (s idSet) has(id int64) bool { return int(id>>6) < len(s) && s[id>>6]&(1<<(id&63)) != 0 }
