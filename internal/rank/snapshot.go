package rank

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/heraldnews/herald"
)

// Snapshot bounds: how long a ranking stays pageable, how many are kept.
const (
	SnapshotTTL  = 30 * time.Minute
	maxSnapshots = 20000
	// RerankAfter is how long a reader's first page is served from their
	// latest ranking when nothing it depends on changed; after that, until
	// ServeStaleFor, it is still served while a new ranking is made in the
	// background for the next first page (new stories wait that long).
	RerankAfter   = 15 * time.Second
	ServeStaleFor = 10 * time.Minute
)

// cursorPrefix starts a ranked feed's cursor: r1.<snapshot id>.<offset>.
const cursorPrefix = "r1."

// snapshot is one ranking of one reader's feed, made for its first page:
// later pages read it at their offsets, so a page neither repeats nor
// skips a story while scores change underneath.
type snapshot struct {
	id      string
	userID  int64
	key     string   // what the ranking depended on (see Personal.snapshot)
	profile *Profile // as ranked; not changed after
	items   []Scored
	at      time.Time
	made    time.Time // wall clock, for expiry

	mu   sync.Mutex
	kept map[int64]*herald.Story // the stories of pages shown, read once (not changed after)
}

// stories returns the kept stories among ids and the ids not kept.
func (s *snapshot) stories(ids []int64) (map[int64]*herald.Story, []int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[int64]*herald.Story, len(ids))
	var missing []int64
	for _, id := range ids {
		if st := s.kept[id]; st != nil {
			out[id] = st
		} else {
			missing = append(missing, id)
		}
	}
	return out, missing
}

// keep adds stories read for a page.
func (s *snapshot) keep(stories []*herald.Story) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.kept == nil {
		s.kept = map[int64]*herald.Story{}
	}
	for _, st := range stories {
		c := *st
		s.kept[st.ID] = &c
	}
}

func (s *snapshot) cursor(offset int) string {
	return cursorPrefix + s.id + "." + strconv.Itoa(offset)
}

// snapshots keeps recent rankings in memory. A cursor is valid on the
// process that made it for SnapshotTTL; behind a load balancer, route a
// reader's requests to one instance (or accept that an expired or foreign
// cursor asks the reader to start again).
type snapshots struct {
	mu     sync.Mutex
	m      map[string]*snapshot
	newest map[int64]*snapshot // each reader's newest
	busy   map[int64]bool      // readers ranked again in the background now
}

func (ss *snapshots) put(userID int64, key string, p *Profile, items []Scored, at time.Time) *snapshot {
	var b [9]byte
	rand.Read(b[:])
	s := &snapshot{id: hex.EncodeToString(b[:]), userID: userID, key: key, profile: p, items: items, at: at, made: time.Now()}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.m == nil {
		ss.m, ss.newest = map[string]*snapshot{}, map[int64]*snapshot{}
	}
	ss.newest[userID] = s
	if len(ss.m) >= maxSnapshots {
		ss.evict()
	}
	ss.m[s.id] = s
	return s
}

// latest returns the reader's newest snapshot if it was made for key less
// than ServeStaleFor ago, and whether it is fresh (younger than RerankAfter).
func (ss *snapshots) latest(userID int64, key string) (*snapshot, bool) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s := ss.newest[userID]
	if s == nil || s.key != key || time.Since(s.made) > ServeStaleFor {
		return nil, false
	}
	return s, time.Since(s.made) <= RerankAfter
}

// startRerank reports whether the caller may rank userID's feed again in
// the background (no other ranking of theirs runs); endRerank ends it.
func (ss *snapshots) startRerank(userID int64) bool {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.busy == nil {
		ss.busy = map[int64]bool{}
	}
	if ss.busy[userID] {
		return false
	}
	ss.busy[userID] = true
	return true
}

func (ss *snapshots) endRerank(userID int64) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.busy, userID)
}

// evict drops expired snapshots, and the older half if that is not enough.
func (ss *snapshots) evict() {
	cut := time.Now().Add(-SnapshotTTL)
	for id, s := range ss.m {
		if s.made.Before(cut) {
			delete(ss.m, id)
		}
	}
	for u, s := range ss.newest {
		if s.made.Before(cut) {
			delete(ss.newest, u)
		}
	}
	if len(ss.m) < maxSnapshots {
		return
	}
	cut = time.Now().Add(-SnapshotTTL / 2)
	for id, s := range ss.m {
		if s.made.Before(cut) || len(ss.m) >= maxSnapshots {
			delete(ss.m, id)
		}
	}
}

// get returns the snapshot and offset a cursor names, for userID.
func (ss *snapshots) get(cursor string, userID int64) (*snapshot, int, error) {
	rest, ok := strings.CutPrefix(cursor, cursorPrefix)
	id, off, ok2 := strings.Cut(rest, ".")
	offset, err := strconv.Atoi(off)
	if !ok || !ok2 || err != nil || offset < 0 {
		return nil, 0, herald.Errorf(herald.EINVALID, "cursor: not a cursor this feed gave")
	}
	ss.mu.Lock()
	s := ss.m[id]
	ss.mu.Unlock()
	if s == nil || s.userID != userID || time.Since(s.made) > SnapshotTTL {
		return nil, 0, herald.Errorf(herald.EINVALID, "cursor: this ranking expired; start again from the first page")
	}
	return s, min(offset, len(s.items)), nil
}
