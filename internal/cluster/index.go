package cluster

import "slices"

// The candidate index: each open cluster is listed under the heaviest terms
// and the topics of its members (postings), and a story looks its own up.

// index lists c under f's heaviest terms and its topics.
func (e *Engine) index(c *cluster, f *features) {
	add := func(id uint32) {
		if _, ok := c.indexed[id]; !ok {
			c.indexed[id] = struct{}{}
			e.postings[id] = append(e.postings[id], c.id)
		}
	}
	for _, t := range f.look {
		add(t.ID)
	}
	for _, t := range f.topics {
		add(t.ID)
	}
}

// livePosting returns the open clusters listed under id, first dropping the
// closed and merged ones, which stay listed until a lookup or a sweep finds
// them (cluster ids are never reused, so a dead entry never comes back).
func (e *Engine) livePosting(id uint32) []int64 {
	ids := e.postings[id]
	live := ids[:0]
	for _, cid := range ids {
		if e.live.has(cid) {
			live = append(live, cid)
		}
	}
	switch {
	case len(live) == 0:
		delete(e.postings, id)
	case len(live) < len(ids):
		e.postings[id] = live
	}
	return live
}

// sweepEvery is how often (in stories) dead index entries are swept out.
const sweepEvery = 1024

// sweep drops the entries of closed and merged clusters from every posting
// and of forgotten stories from the duplicate index.
func (e *Engine) sweep() {
	if e.seq%sweepEvery != 0 {
		return
	}
	for id := range e.postings {
		e.livePosting(id)
	}
	e.dups.sweep(func(story int64) bool { return e.byStory[story] != nil })
}

// unindex removes c from every posting it is listed in.
func (e *Engine) unindex(c *cluster) {
	for id := range c.indexed {
		ids := slices.DeleteFunc(e.postings[id], func(x int64) bool { return x == c.id })
		if len(ids) == 0 {
			delete(e.postings, id)
		} else {
			e.postings[id] = ids
		}
	}
	clear(c.indexed)
}
