// Package reading is a reader's stories as feed reader apps see them, shared
// by the Google Reader and Fever APIs: the reading list (the stories of the
// sources and topics the reader follows, without muted topics and hidden
// stories), the subscriptions it draws from, folders and labels, unread
// counts and marking read.
//
// Unread is bounded in time: a story published more than Window ago counts
// as read, whatever its state, so that counting and listing unread stories
// reads a bounded stretch of each followed source and topic however many
// stories are stored (a reader of 200,000 stories pays for the last month's).
package reading

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/heraldnews/herald"
)

// DefaultWindow is how long a story can stay unread when Service.Window is 0.
const DefaultWindow = 30 * 24 * time.Hour

// ForYou is the label under which feed reader apps see the reader's ranked
// For-you feed.
const ForYou = "For you"

// Service builds readers' views. Store is required.
type Service struct {
	Store herald.Store
	// Window is how long a story can stay unread; 0 means DefaultWindow.
	Window time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// View is one reader's stories at one moment. Build it with Service.View
// for each request; it is not safe to keep.
type View struct {
	s           *Service
	User        *herald.User
	Now         time.Time
	UnreadSince time.Time
	// Topics are the topics the reader follows, by name.
	Topics []herald.Topic
	// Sources are every source of the install by id.
	Sources map[int64]*herald.Source
	// Followed are the sources the reader follows.
	Followed map[int64]bool
	// Prefs are the reader's folder and title of followed sources.
	Prefs map[int64]herald.SubscriptionPref
	// Labels are the reader's own labels.
	Labels []string
}

// View reads what u follows, their folders and labels.
func (s *Service) View(ctx context.Context, u *herald.User) (*View, error) {
	now := time.Now()
	if s.Now != nil {
		now = s.Now()
	}
	v := &View{s: s, User: u, Now: now, UnreadSince: now.Add(-cmp.Or(s.Window, DefaultWindow)),
		Sources: map[int64]*herald.Source{}, Followed: map[int64]bool{}}
	follows, err := s.Store.Follows(ctx, u.ID)
	if err != nil {
		return nil, fmt.Errorf("reader view: %w", err)
	}
	for _, f := range follows {
		switch {
		case f.Topic != nil:
			v.Topics = append(v.Topics, *f.Topic)
		case f.Source != nil:
			v.Followed[f.Source.ID] = true
		}
	}
	if err := v.load(ctx); err != nil {
		return nil, fmt.Errorf("reader view: %w", err)
	}
	slices.SortFunc(v.Topics, func(a, b herald.Topic) int { return cmp.Compare(a.Name, b.Name) })
	return v, nil
}

// load reads the sources, the reader's folders and titles, and labels.
func (v *View) load(ctx context.Context) error {
	srcs, err := v.s.Store.Sources(ctx)
	if err != nil {
		return err
	}
	for _, src := range srcs {
		v.Sources[src.ID] = src
	}
	if v.Prefs, err = v.s.Store.SubscriptionPrefs(ctx, v.User.ID); err != nil {
		return err
	}
	v.Labels, err = v.s.Store.Labels(ctx, v.User.ID)
	return err
}

// IsRead reports whether s counts as read: read by the reader, or published
// before the unread window.
func (v *View) IsRead(s *herald.Story) bool { return s.Read || s.PublishedAt.Before(v.UnreadSince) }

// Folder is the folder a source sits in for the reader: theirs, else the
// source's category ("" for none).
func (v *View) Folder(sourceID int64) string {
	if p, ok := v.Prefs[sourceID]; ok && p.Folder != nil {
		return *p.Folder
	}
	if src := v.Sources[sourceID]; src != nil {
		return src.Category
	}
	return ""
}

// Title is a source's title for the reader: theirs, else the source's.
func (v *View) Title(sourceID int64) string {
	if p := v.Prefs[sourceID]; p.Title != "" {
		return p.Title
	}
	if src := v.Sources[sourceID]; src != nil {
		return cmp.Or(src.Title, src.URL)
	}
	return ""
}

// topicIDs returns the ids of topics.
func topicIDs(ts []herald.Topic) []int64 {
	out := make([]int64, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	return out
}

// followedSources returns the followed sources' ids, in order.
func (v *View) followedSources() []int64 {
	out := make([]int64, 0, len(v.Followed))
	for id := range v.Followed {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// base is a query of the reader at the view's moment.
func (v *View) base() herald.StreamQuery {
	return herald.StreamQuery{UserID: v.User.ID, Now: v.Now, UnreadSince: v.UnreadSince}
}

// ReadingList is the reader's reading list: followed sources and topics.
func (v *View) ReadingList() herald.StreamQuery {
	q := v.base()
	q.Sources, q.Topics = v.followedSources(), topicIDs(v.Topics)
	return q
}

// SourceStream is the reading list's stories of one source: every story of
// a followed source, the followed topics' stories of another.
func (v *View) SourceStream(id int64) herald.StreamQuery {
	q := v.base()
	if v.Followed[id] {
		q.Sources = []int64{id}
		return q
	}
	q.Topics, q.TopicSources = topicIDs(v.Topics), []int64{id}
	if len(q.Topics) == 0 {
		q.TopicSources = nil
	}
	return q
}

// Starred is every story the reader saved.
func (v *View) Starred() herald.StreamQuery {
	q := v.base()
	q.Starred = true
	return q
}

// ReadStories is every story the reader read.
func (v *View) ReadStories() herald.StreamQuery {
	q := v.base()
	q.ReadOnes = true
	return q
}
