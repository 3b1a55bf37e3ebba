package rank

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/heraldnews/herald"
)

// OrderLatest is the FeedQuery.Order that asks for newest first.
const OrderLatest = "latest"

// Personal is the ranked, learning feed (herald.FeedService): candidates
// from the reader's follows (the store) and from discovery (the Index),
// scored with the reader's Profile and Weights, ordered under the
// diversity rules, explained. Pages come from a snapshot of the ranking
// made on the first page (see snapshots), so paging neither repeats nor
// skips. With the Latest preset or Order "latest" it is the newest-first
// feed of Service.
type Personal struct {
	Store herald.Store
	Index *Index
	Now   func() time.Time // defaults to time.Now

	snaps    snapshots
	sync     syncer
	docs     docCache
	saving   saver
	heads    headlineCache
	learning stripes
}

// NewPersonal returns a ranked feed over st with an empty index; Load
// fills the index.
func NewPersonal(st herald.Store) *Personal {
	return &Personal{Store: st, Index: NewIndex()}
}

func (s *Personal) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// model returns the reader's profile and weights.
func (s *Personal) model(ctx context.Context, userID int64) (*Profile, Weights, error) {
	m, err := s.Store.ReaderModel(ctx, userID)
	if err != nil {
		return nil, Weights{}, err
	}
	return decodeModel(m)
}

func decodeModel(m herald.ReaderModel) (*Profile, Weights, error) {
	var err error
	p := &Profile{}
	if m.Profile != nil {
		if p, err = UnmarshalProfile(m.Profile); err != nil {
			return nil, Weights{}, err
		}
	}
	w, err := decodeWeights(m.Settings)
	return p, w, err
}

// Feed returns one page of the reader's ranked feed; see herald.FeedService.
// Its cursors are "r1.<snapshot>.<offset>"; EINVALID for a cursor that is
// malformed or whose snapshot expired (start again from the first page).
func (s *Personal) Feed(ctx context.Context, q herald.FeedQuery) ([]herald.FeedItem, string, error) {
	if q.Now.IsZero() {
		q.Now = s.now()
	}
	if q.Limit == 0 {
		q.Limit = 50
	}
	if q.Limit < 1 || q.Limit > 200 {
		return nil, "", herald.Errorf(herald.EINVALID, "limit: want 1 to 200, got %d", q.Limit)
	}
	m, err := s.Store.ReaderModel(ctx, q.UserID)
	if err != nil {
		return nil, "", fmt.Errorf("feed for user %d: %w", q.UserID, err)
	}
	w, err := decodeWeights(m.Settings)
	if err != nil {
		return nil, "", fmt.Errorf("feed for user %d: %w", q.UserID, err)
	}
	if q.Order == OrderLatest || w.Preset == PresetLatest || (q.Cursor != "" && !strings.HasPrefix(q.Cursor, cursorPrefix)) {
		return (&Service{Store: s.Store, Now: s.Now}).Feed(ctx, q)
	}
	snap, offset, err := s.snapshot(ctx, q, m, w)
	if err != nil {
		return nil, "", err
	}
	end := min(offset+q.Limit, len(snap.items))
	items, err := s.items(ctx, q, snap, snap.items[offset:end])
	if err != nil {
		return nil, "", fmt.Errorf("feed for user %d: %w", q.UserID, err)
	}
	next := ""
	if end < len(snap.items) {
		next = snap.cursor(end)
	}
	return items, next, nil
}

// snapshot returns the ranking a page reads and the page's offset: the
// cursor's snapshot; for a first page, the reader's latest ranking if it
// is younger than RerankAfter and nothing it depends on changed (profile,
// settings, follows, mutes, page size), else a new ranking.
func (s *Personal) snapshot(ctx context.Context, q herald.FeedQuery, m herald.ReaderModel, w Weights) (*snapshot, int, error) {
	if q.Cursor != "" {
		snap, offset, err := s.snaps.get(q.Cursor, q.UserID)
		return snap, offset, err
	}
	fs, err := s.Store.ReaderFollows(ctx, q.UserID, q.Now)
	if err != nil {
		return nil, 0, fmt.Errorf("feed for user %d: %w", q.UserID, err)
	}
	key := fmt.Sprintf("%d|%s|%d|%v|%v|%v|%v|%v", m.UpdatedAt.UnixNano(), m.Settings, q.Limit,
		fs.Topics, fs.Sources, fs.Clusters, fs.MutedTopics, fs.Muted)
	snap, fresh := s.snaps.latest(q.UserID, key)
	switch {
	case snap != nil && fresh:
		return snap, 0, nil
	case snap != nil: // nothing changed but time: serve it, rank again behind
		s.rerank(q, m, w, key)
		return snap, 0, nil
	}
	snap, err = s.rankSnapshot(ctx, q, m, w, key)
	return snap, 0, err
}

// rankSnapshot ranks the reader's feed and keeps it as their latest.
func (s *Personal) rankSnapshot(ctx context.Context, q herald.FeedQuery, m herald.ReaderModel, w Weights, key string) (*snapshot, error) {
	p, _, err := decodeModel(m)
	if err != nil {
		return nil, fmt.Errorf("feed for user %d: %w", q.UserID, err)
	}
	ranked, err := s.rank(ctx, q.UserID, p, w, q.Now, q.Limit, 0)
	if err != nil {
		return nil, fmt.Errorf("feed for user %d: %w", q.UserID, err)
	}
	return s.snaps.put(q.UserID, key, p, ranked, q.Now), nil
}

// rerank ranks the reader's feed again in the background, once at a time
// per reader; the next first page gets it. A failure leaves the older
// ranking, tried again on the next page.
func (s *Personal) rerank(q herald.FeedQuery, m herald.ReaderModel, w Weights, key string) {
	if !s.snaps.startRerank(q.UserID) {
		return
	}
	go func() {
		defer s.snaps.endRerank(q.UserID)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		q.Now = s.now()
		s.rankSnapshot(ctx, q, m, w, key)
	}()
}

// rank gathers, filters and ranks the reader's candidates at now; with
// include != 0 that story is a candidate even if the reader has seen it.
func (s *Personal) rank(ctx context.Context, userID int64, p *Profile, w Weights, now time.Time, pageSize int, include int64) ([]Scored, error) {
	s.syncIfStale(ctx, now, 0) // a ranking sees every story stored before it (one indexed query)
	f, followedIDs, err := s.follows(ctx, userID, now)
	if err != nil {
		return nil, err
	}
	if include != 0 {
		followedIDs = append(followedIDs, include)
	}
	followed, err := s.docsByID(ctx, followedIDs)
	if err != nil {
		return nil, err
	}
	cands := Gather(followed, s.Index, f, p, w, now)
	if include != 0 && !slices.ContainsFunc(cands, func(c Cand) bool { return c.Doc.ID == include }) {
		if d, _ := s.docsByID(ctx, []int64{include}); len(d) == 1 {
			q := *p
			q.Seen = nil
			cands = append(cands, Gather(d, nil, f, &q, w, now)...)
		}
	}
	if cands, err = s.unread(ctx, userID, cands, include); err != nil {
		return nil, err
	}
	return Rank(p, cands, w, now, pageSize), nil
}

// follows returns what the reader follows and mutes, and the ids of their
// follows' newest stories.
func (s *Personal) follows(ctx context.Context, userID int64, now time.Time) (*Follows, []int64, error) {
	fc, err := s.Store.FollowedCandidates(ctx, userID, now, followBudget, minPerFollow)
	if err != nil {
		return nil, nil, err
	}
	return followsOf(fc), fc.IDs, nil
}

// unread drops the candidates the reader has read or hidden (in any app:
// the profile only knows the events).
func (s *Personal) unread(ctx context.Context, userID int64, cands []Cand, include int64) ([]Cand, error) {
	ids := make([]int64, len(cands))
	for i, c := range cands {
		ids[i] = c.Doc.ID
	}
	states, err := s.Store.StoryStates(ctx, userID, ids)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(cands, func(c Cand) bool {
		st := states[c.Doc.ID]
		return (st.Read || st.Hidden) && c.Doc.ID != include
	}), nil
}

// items turns a page of a snapshot into feed items with their stories.
func (s *Personal) items(ctx context.Context, q herald.FeedQuery, snap *snapshot, page []Scored) ([]herald.FeedItem, error) {
	ids := make([]int64, len(page))
	for i, sc := range page {
		ids[i] = sc.Doc.ID
	}
	byID, err := s.pageStories(ctx, q.UserID, snap, ids)
	if err != nil {
		return nil, err
	}
	items := make([]herald.FeedItem, 0, len(page))
	for i := range page {
		st := byID[page[i].Doc.ID]
		if st == nil || st.Read {
			continue // deleted, embargoed or read since the snapshot
		}
		it := herald.FeedItem{Story: st, Score: page[i].Score, Reasons: Reasons(&page[i], snap.profile, snap.at)}
		if q.Explain {
			it.Explain = page[i].Parts
		}
		items = append(items, it)
	}
	return items, nil
}

// pageStories returns the stories of ids as the reader sees them now, each
// a copy of their own: read from the store once a snapshot (they are kept
// in it), with the reader's current read and saved state.
func (s *Personal) pageStories(ctx context.Context, userID int64, snap *snapshot, ids []int64) (map[int64]*herald.Story, error) {
	byID, missing := snap.stories(ids)
	if len(byID) > 0 {
		cached := make([]int64, 0, len(byID))
		for id := range byID {
			cached = append(cached, id)
		}
		states, err := s.Store.StoryStates(ctx, userID, cached)
		if err != nil {
			return nil, err
		}
		for id, st := range byID {
			c := *st
			c.Read, c.Saved = states[id].Read, states[id].Saved
			byID[id] = &c
		}
	}
	if len(missing) > 0 {
		fetched, err := s.Store.ReaderStories(ctx, userID, missing)
		if err != nil {
			return nil, err
		}
		snap.keep(fetched)
		for _, st := range fetched {
			c := *st
			byID[st.ID] = &c
		}
	}
	return byID, nil
}

// followsOf turns the store's follows into the ranker's.
func followsOf(fc *herald.FollowedCandidates) *Follows {
	f := &Follows{Topics: set(fc.Topics), Sources: set(fc.Sources), Clusters: set(fc.Clusters), MutedTopics: set(fc.MutedTopics),
		MutedSources: map[int64]bool{}, MutedClusters: map[int64]bool{}, MutedAuthors: map[string]bool{}}
	for _, m := range fc.Muted {
		var id int64
		fmt.Sscan(m.Target, &id)
		switch m.Kind {
		case herald.MuteSource:
			f.MutedSources[id] = true
		case herald.MuteCluster:
			f.MutedClusters[id] = true
		case herald.MuteAuthor:
			f.MutedAuthors[m.Target] = true
		}
	}
	return f
}

// stripes serialise the profile updates of one reader (read, change,
// write) within this process.
type stripes struct{ mu [64]sync.Mutex }

func (s *stripes) lock(userID int64) func() {
	m := &s.mu[uint64(userID)%uint64(len(s.mu))]
	m.Lock()
	return m.Unlock
}
