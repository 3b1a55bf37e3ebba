package rank

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/heraldnews/herald"
)

// Headlines bounds: the span "now" covers, how often the front page is
// worked out again, the section of stories that have none.
const (
	HeadlineSpan      = 48 * time.Hour
	headlineEvery     = 30 * time.Second
	headlineNoSection = "Other"
)

// Headline is one cluster of the non-personalised front page: its lead
// story (the newest) and how many outlets and stories it has.
type Headline struct {
	Doc     *Doc
	Outlets int
	Stories int
}

// HeadlineSection is a section of the front page, biggest clusters first.
type HeadlineSection struct {
	Section string            `json:"section"`
	Items   []herald.FeedItem `json:"items"`
}

// Headlines returns the biggest clusters of the stories published in the
// last HeadlineSpan before now: those with two or more outlets, by outlets
// then stories then recency, each as its newest story.
func (x *Index) Headlines(now time.Time) []Headline {
	since := now.Add(-HeadlineSpan)
	x.mu.RLock()
	defer x.mu.RUnlock()
	by := map[int64]*Headline{}
	for _, d := range x.docs {
		if d.ClusterID == 0 || !d.Published.After(since) || d.Published.After(now) || len(x.outlets[d.ClusterID]) < 2 {
			continue
		}
		h := by[d.ClusterID]
		if h == nil {
			h = &Headline{Doc: d, Outlets: len(x.outlets[d.ClusterID])}
			by[d.ClusterID] = h
		}
		h.Stories++
		if d.Published.After(h.Doc.Published) {
			h.Doc = d
		}
	}
	out := make([]Headline, 0, len(by))
	for _, h := range by {
		out = append(out, *h)
	}
	slices.SortFunc(out, func(a, b Headline) int {
		if c := cmp.Compare(b.Outlets, a.Outlets); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Stories, a.Stories); c != 0 {
			return c
		}
		return b.Doc.Published.Compare(a.Doc.Published)
	})
	return out
}

// headlineCache keeps the front page's clusters for headlineEvery.
type headlineCache struct {
	mu   sync.Mutex
	at   time.Time
	list []Headline
}

// Headlines is the front page of the biggest clusters now, per section
// (section "" : every section, sections by their biggest cluster), at most
// perSection clusters each, the stories as userID sees them (0: signed
// out). It is the same for every reader.
func (s *Personal) Headlines(ctx context.Context, userID int64, section string, perSection int) ([]HeadlineSection, error) {
	now := s.now()
	s.syncIfStale(ctx, now, SyncEvery)
	s.heads.mu.Lock()
	if time.Since(s.heads.at) > headlineEvery {
		s.heads.list, s.heads.at = s.Index.Headlines(now), time.Now()
	}
	list := s.heads.list
	s.heads.mu.Unlock()
	var order []string
	bySection := map[string][]Headline{}
	for _, h := range list {
		sec := cmp.Or(h.Doc.Section, headlineNoSection)
		if (section != "" && sec != section) || len(bySection[sec]) >= perSection {
			continue
		}
		if bySection[sec] == nil {
			order = append(order, sec)
		}
		bySection[sec] = append(bySection[sec], h)
	}
	var ids []int64
	for _, sec := range order {
		for _, h := range bySection[sec] {
			ids = append(ids, h.Doc.ID)
		}
	}
	stories, err := s.Store.ReaderStories(ctx, userID, ids)
	if err != nil {
		return nil, fmt.Errorf("headlines: %w", err)
	}
	byID := map[int64]*herald.Story{}
	for _, st := range stories {
		byID[st.ID] = st
	}
	out := make([]HeadlineSection, 0, len(order))
	for _, sec := range order {
		hs := HeadlineSection{Section: sec, Items: []herald.FeedItem{}}
		for _, h := range bySection[sec] {
			if st := byID[h.Doc.ID]; st != nil {
				hs.Items = append(hs.Items, herald.FeedItem{Story: st, Score: float64(h.Outlets),
					Reasons: []herald.Reason{{Kind: herald.ReasonTrending, Text: fmt.Sprintf("Trending: %d outlets", h.Outlets), ClusterID: h.Doc.ClusterID}}})
			}
		}
		out = append(out, hs)
	}
	return out, nil
}
