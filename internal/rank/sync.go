package rank

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/textvec"
)

// SyncEvery is how often a feed request looks for stories the index has
// not seen (one indexed query; a request that finds another syncing does
// not wait).
const SyncEvery = 2 * time.Second

// syncBatch is how many stories one query of a sync reads.
const syncBatch = 2000

type syncer struct {
	mu   sync.Mutex
	last time.Time
}

// syncIfStale syncs the index when the last sync is older than SyncEvery
// (or always, with every) and no other request is syncing.
func (s *Personal) syncIfStale(ctx context.Context, now time.Time, every time.Duration) {
	if !s.sync.mu.TryLock() {
		return
	}
	defer s.sync.mu.Unlock()
	if time.Since(s.sync.last) < every {
		return
	}
	s.sync.last = time.Now()
	s.syncLocked(ctx, now) // a failed sync is retried on a later request
}

// Load fills the index with the stories of its window and whatever was
// stored since: run at start (the feed serves follows meanwhile), and by
// tests before they read a feed.
func (s *Personal) Load(ctx context.Context) error {
	s.sync.mu.Lock()
	defer s.sync.mu.Unlock()
	s.sync.last = time.Now()
	return s.syncLocked(ctx, s.now())
}

// syncLocked adds the stories stored since the index's newest, computing
// and storing the text vectors of those that have none.
func (s *Personal) syncLocked(ctx context.Context, now time.Time) error {
	since := now.Add(-s.Index.Window)
	for {
		batch, err := s.Store.RankStories(ctx, s.Index.MaxID(), since, syncBatch)
		if err != nil {
			return fmt.Errorf("rank index: %w", err)
		}
		docs, err := s.toDocs(ctx, batch)
		if err != nil {
			return fmt.Errorf("rank index: %w", err)
		}
		s.Index.Add(docs...)
		if len(batch) < syncBatch {
			return nil
		}
	}
}

// toDocs makes Docs of stored stories: their stored vectors, or new ones
// (then stored).
func (s *Personal) toDocs(ctx context.Context, batch []herald.RankStory) ([]*Doc, error) {
	df := s.Index.DF()
	vecs := make([]textvec.Vector, len(batch))
	counts := make([]map[uint32]int, len(batch))
	// First every story's terms count in the document frequencies, then
	// the new vectors are weighed: a batch (a server's first stories, a
	// bulk push) weighs its words against itself too.
	for i, rs := range batch {
		if rs.Features == nil {
			counts[i] = Counts(rs.Story.Title, rs.Text)
			df.Add(counts[i])
			continue
		}
		if err := vecs[i].UnmarshalBinary(rs.Features); err != nil {
			return nil, fmt.Errorf("story %d: %w", rs.Story.ID, err)
		}
		df.Add(termSet(vecs[i]))
	}
	docs := make([]*Doc, len(batch))
	fresh := map[int64][]byte{}
	for i, rs := range batch {
		if counts[i] != nil {
			vecs[i] = df.Weigh(counts[i]).Top(VectorTerms)
			fresh[rs.Story.ID], _ = vecs[i].MarshalBinary()
		}
		docs[i] = NewDoc(rs.Story, vecs[i])
	}
	s.saveFeatures(fresh)
	return docs, nil
}

// saveFeatures stores new vectors in the background: a feed request never
// waits for the database's write lock. A batch dropped (the saver busy, a
// write failing) is computed again when next needed.
func (s *Personal) saveFeatures(f map[int64][]byte) {
	if len(f) == 0 {
		return
	}
	s.saving.once.Do(func() {
		s.saving.ch = make(chan map[int64][]byte, 64)
		go func() {
			for f := range s.saving.ch {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				s.Store.SaveStoryFeatures(ctx, f)
				cancel()
			}
		}()
	})
	select {
	case s.saving.ch <- f:
	default:
	}
}

// saver is the background writer of story features.
type saver struct {
	once sync.Once
	ch   chan map[int64][]byte
}

// termSet is a vector's terms as counts, for the document frequencies of
// a story whose vector was stored.
func termSet(v textvec.Vector) map[uint32]int {
	m := make(map[uint32]int, len(v))
	for _, t := range v {
		m[t.ID] = 1
	}
	return m
}

// docCache keeps the Docs of stories outside the index's window that feeds
// asked for (a quiet topic's older stories), up to maxCachedDocs.
type docCache struct {
	mu sync.Mutex
	m  map[int64]*Doc
}

const maxCachedDocs = 50000

// docsByID returns the Docs of ids in their order, from the index, the
// cache or the store; ids the store does not show are left out.
func (s *Personal) docsByID(ctx context.Context, ids []int64) ([]*Doc, error) {
	out := make([]*Doc, len(ids))
	var missing []int64
	s.docs.mu.Lock()
	for i, id := range ids {
		if out[i] = s.Index.Doc(id); out[i] == nil {
			if out[i] = s.docs.m[id]; out[i] == nil {
				missing = append(missing, id)
			}
		}
	}
	s.docs.mu.Unlock()
	if len(missing) > 0 {
		batch, err := s.Store.RankStoriesByID(ctx, missing)
		if err != nil {
			return nil, err
		}
		docs, err := s.toDocs(ctx, batch)
		if err != nil {
			return nil, err
		}
		byID := s.docs.add(docs)
		for i, id := range ids {
			if out[i] == nil {
				out[i] = byID[id]
			}
		}
	}
	return slices.DeleteFunc(out, func(d *Doc) bool { return d == nil }), nil
}

func (c *docCache) add(docs []*Doc) map[int64]*Doc {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m)+len(docs) > maxCachedDocs {
		c.m = map[int64]*Doc{}
	}
	byID := make(map[int64]*Doc, len(docs))
	for _, d := range docs {
		c.m[d.ID], byID[d.ID] = d, d
	}
	return byID
}

// Learn updates the reader's profile with events the store has recorded,
// in the same request: a new click counts on the next page.
func (s *Personal) Learn(ctx context.Context, userID int64, events []herald.Event) error {
	defer s.learning.lock(userID)()
	s.syncIfStale(ctx, s.now(), SyncEvery) // stories just stored count in the words' frequencies
	p, _, err := s.model(ctx, userID)
	if err != nil {
		return fmt.Errorf("learn for user %d: %w", userID, err)
	}
	ids := make([]int64, len(events))
	for i, e := range events {
		ids[i] = e.StoryID
	}
	docs, err := s.docsByID(ctx, slices.Compact(slices.Sorted(slices.Values(ids))))
	if err != nil {
		return fmt.Errorf("learn for user %d: %w", userID, err)
	}
	byID := make(map[int64]*Doc, len(docs))
	for _, d := range docs {
		byID[d.ID] = d
	}
	evs := slices.Clone(events)
	slices.SortStableFunc(evs, func(a, b herald.Event) int { return a.At.Compare(b.At) })
	for _, e := range evs {
		p.Learn(byID[e.StoryID], e)
	}
	b, err := MarshalProfile(p)
	if err == nil {
		err = s.Store.SaveReaderProfile(ctx, userID, b, s.now())
	}
	if err != nil {
		return fmt.Errorf("learn for user %d: %w", userID, err)
	}
	return nil
}

// Record stores a reader's events and, when p is not nil, has the ranked feed
// learn them at once: what every caller that takes reading signals (the web
// app, the API, the benchmark) does.
func Record(ctx context.Context, st interface {
	RecordEvents(ctx context.Context, userID int64, events []herald.Event) error
}, p *Personal, userID int64, events []herald.Event) error {
	if err := st.RecordEvents(ctx, userID, events); err != nil {
		return fmt.Errorf("record events: %w", err)
	}
	if p == nil {
		return nil
	}
	return p.Learn(ctx, userID, events)
}
