// Package topicmem keeps the topic catalogue's memory (topic.Memory: acronyms
// and their expansions, short forms of names, kind evidence) in the store, so
// that what one story taught holds for later stories after a restart and in
// every Herald process sharing the database.
//
// Reads never touch the store: they go to an in-memory topic.MemMemory. What
// a story teaches is recorded there at once and queued; Run writes the queue
// to the store's log in batches and replays what other processes appended.
package topicmem

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/topic"
)

// keep is how many records the log keeps: the memory's own bound.
const keep = topic.DefaultMaxStories

// Shared is a topic.Memory kept in a herald.TopicMemoryStore. Build it with
// New and Load it before use; it is safe for concurrent use.
type Shared struct {
	*topic.MemMemory
	store herald.TopicMemoryStore
	log   *slog.Logger

	mu      sync.Mutex
	pending []herald.TopicFacts
	syncMu  sync.Mutex // one Sync at a time: Run's last and the app's closing one may meet
	seen    int64      // the last log record replayed; guarded by syncMu
}

var _ topic.Memory = (*Shared)(nil)

// New returns an empty shared memory over store.
func New(store herald.TopicMemoryStore, log *slog.Logger) *Shared {
	return &Shared{MemMemory: topic.NewMemMemory(keep), store: store, log: log}
}

// Load replays the newest records of the log into the memory.
func (s *Shared) Load(ctx context.Context) error {
	recs, err := s.store.LatestTopicFacts(ctx, keep)
	if err != nil {
		return err
	}
	s.replay(recs)
	return nil
}

// Record implements topic.Memory: the memory learns at once, and the store
// at the next flush.
func (s *Shared) Record(id string, f topic.Facts) {
	s.MemMemory.Record(id, f)
	b, err := json.Marshal(f)
	if err != nil {
		return // plain strings and ints always encode
	}
	s.mu.Lock()
	s.pending = append(s.pending, herald.TopicFacts{Key: id, Facts: b})
	s.mu.Unlock()
}

// Run flushes and pulls every interval until ctx ends, then flushes once
// more. Run it in its own goroutine.
func (s *Shared) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			s.Sync(context.WithoutCancel(ctx))
			return
		case <-t.C:
			s.Sync(ctx)
		}
	}
}

// Sync writes the queued records to the store and replays the records other
// processes appended since the last Sync. A failed write keeps its records
// queued for the next Sync.
func (s *Shared) Sync(ctx context.Context) {
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	s.mu.Lock()
	batch := s.pending
	s.pending = nil
	s.mu.Unlock()
	if err := s.store.AppendTopicFacts(ctx, batch); err != nil {
		s.mu.Lock()
		s.pending = append(batch, s.pending...)
		s.mu.Unlock()
		s.log.WarnContext(ctx, "topic memory not saved", "records", len(batch), "error", err)
	}
	for {
		recs, err := s.store.TopicFactsAfter(ctx, s.seen, 1000)
		if err != nil {
			s.log.WarnContext(ctx, "topic memory not refreshed", "error", err)
			return
		}
		s.replay(recs)
		if len(recs) < 1000 {
			return
		}
	}
}

// Prune drops the log records the memory no longer keeps.
func (s *Shared) Prune(ctx context.Context) error { return s.store.PruneTopicFacts(ctx, keep) }

// replay records the facts of recs in log order; a record this process
// wrote itself replaces what it recorded already, with the same facts.
func (s *Shared) replay(recs []herald.TopicFacts) {
	for _, r := range recs {
		var f topic.Facts
		if json.Unmarshal(r.Facts, &f) == nil {
			s.MemMemory.Record(r.Key, f)
		}
		s.seen = max(s.seen, r.ID)
	}
}
