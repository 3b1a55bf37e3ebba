package reading

import (
	"context"
	"fmt"
	"time"

	"github.com/heraldnews/herald"
)

// Counts are a reader's unread stories (within the unread window).
type Counts struct {
	// Total counts the reading list with each story cluster once, as the
	// collapsed reading list shows it.
	Total int
	// Sources counts each subscription's unread stories of the reading
	// list, and Newest is when the newest of them was published.
	Sources map[int64]int
	Newest  map[int64]time.Time
	// Labels counts each label's unread stories (For you excepted), and
	// LabelNewest is when the newest of them was published.
	Labels      map[string]int
	LabelNewest map[string]time.Time
}

// Counts counts the reader's unread stories: every subscription, folder,
// followed topic and own label, and the reading list. It reads the unread
// window of each followed source and topic once, and each own label.
func (v *View) Counts(ctx context.Context, subs []Subscription) (*Counts, error) {
	c := &Counts{Sources: map[int64]int{}, Newest: map[int64]time.Time{}, Labels: map[string]int{}, LabelNewest: map[string]time.Time{}}
	q := v.ReadingList()
	q.Unread, q.MarkLeads = true, true
	refs, _, err := v.s.Store.ReaderStream(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("unread counts: %w", err)
	}
	published := map[int64]time.Time{}
	for _, r := range refs {
		published[r.ID] = r.PublishedAt
		if r.Lead {
			c.Total++
		}
		c.Sources[r.SourceID]++
		if r.PublishedAt.After(c.Newest[r.SourceID]) {
			c.Newest[r.SourceID] = r.PublishedAt
		}
	}
	sets, err := v.labelSets(ctx, refs, subs, published)
	if err != nil {
		return nil, fmt.Errorf("unread counts: %w", err)
	}
	for name, set := range sets {
		c.Labels[name] = len(set)
		for id := range set {
			if at, ok := published[id]; ok && at.After(c.LabelNewest[name]) {
				c.LabelNewest[name] = at
			}
		}
	}
	return c, nil
}

// labelSets returns the unread stories of each label as LabelStream defines
// them, from the reading list's unread refs and each own label's (whose
// publication times it adds to published).
func (v *View) labelSets(ctx context.Context, refs []herald.StreamRef, subs []Subscription, published map[int64]time.Time) (map[string]map[int64]bool, error) {
	byTopic, err := v.s.Store.TopicStories(ctx, topicIDs(v.Topics), v.UnreadSince)
	if err != nil {
		return nil, err
	}
	sets := map[string]map[int64]bool{}
	add := func(name string, ids ...int64) {
		if sets[name] == nil {
			sets[name] = map[int64]bool{}
		}
		for _, id := range ids {
			sets[name][id] = true
		}
	}
	folder := map[int64]string{}
	for _, s := range subs {
		folder[s.Source.ID] = s.Folder
	}
	for _, l := range v.LabelList(subs) {
		switch l.Kind {
		case LabelFolder:
			add(l.Name)
			for _, r := range refs {
				if folder[r.SourceID] == l.Name {
					add(l.Name, r.ID)
				}
			}
		case LabelTopic:
			add(l.Name)
			for _, t := range v.topicsNamed(l.Name) {
				for _, id := range byTopic[t] {
					if _, unread := published[id]; unread {
						add(l.Name, id)
					}
				}
			}
		}
	}
	for _, name := range v.Labels {
		q := v.base()
		q.Label, q.Unread = name, true
		own, _, err := v.s.Store.ReaderStream(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, r := range own {
			add(name, r.ID)
			published[r.ID] = r.PublishedAt
		}
	}
	return sets, nil
}
