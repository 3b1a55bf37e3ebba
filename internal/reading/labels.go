package reading

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/heraldnews/herald"
)

// LabelKind says what a label stands for.
type LabelKind string

const (
	LabelFolder LabelKind = "folder" // a folder of subscriptions
	LabelTopic  LabelKind = "topic"  // a topic the reader follows
	LabelOwn    LabelKind = "own"    // a label the reader gave stories
	LabelForYou LabelKind = "for_you"
)

// Label is one label a feed reader app sees.
type Label struct {
	Name string
	Kind LabelKind
}

// Subscription is one source a feed reader app lists: a source the reader
// follows, or (Fever's feeds) one whose stories reach the reading list
// through a followed topic.
type Subscription struct {
	Source   *herald.Source
	Title    string
	Folder   string
	Followed bool
}

// Subscriptions lists the sources the reader follows, by title: what the
// Google Reader API lists (stories that reach the reading list through a
// followed topic from another source carry that source as their origin,
// as starred stories of a feed one left do).
func (v *View) Subscriptions(ctx context.Context) ([]Subscription, error) {
	return v.subscriptions(ctx, false)
}

// Feeds lists the reader's subscriptions and the sources whose stories
// reach the reading list through a followed topic within the unread window,
// by title: what the Fever API lists, where every item needs its feed.
func (v *View) Feeds(ctx context.Context) ([]Subscription, error) {
	return v.subscriptions(ctx, true)
}

func (v *View) subscriptions(ctx context.Context, topicSources bool) ([]Subscription, error) {
	ids := map[int64]bool{}
	for id := range v.Followed {
		ids[id] = true
	}
	if topicSources && len(v.Topics) > 0 {
		q := v.ReadingList()
		q.Sources, q.Since = nil, v.UnreadSince
		refs, _, err := v.s.Store.ReaderStream(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("subscriptions: %w", err)
		}
		for _, r := range refs {
			ids[r.SourceID] = true
		}
	}
	var out []Subscription
	for id := range ids {
		if src := v.Sources[id]; src != nil {
			out = append(out, Subscription{Source: src, Title: v.Title(id), Folder: v.Folder(id), Followed: v.Followed[id]})
		}
	}
	slices.SortFunc(out, func(a, b Subscription) int {
		return cmp.Or(cmp.Compare(a.Title, b.Title), cmp.Compare(a.Source.ID, b.Source.ID))
	})
	return out, nil
}

// LabelList lists the labels a feed reader app sees: For you, the folders
// of subscriptions, the followed topics, the reader's own labels. A name
// shared by several kinds is listed once, as the first of them.
func (v *View) LabelList(subs []Subscription) []Label {
	out := []Label{{Name: ForYou, Kind: LabelForYou}}
	seen := map[string]bool{ForYou: true}
	add := func(name string, kind LabelKind) {
		if name != "" && !seen[name] {
			seen[name] = true
			out = append(out, Label{Name: name, Kind: kind})
		}
	}
	var folders []string
	for _, s := range subs {
		folders = append(folders, s.Folder)
	}
	slices.Sort(folders)
	for _, f := range folders {
		add(f, LabelFolder)
	}
	for _, t := range v.Topics {
		add(t.Name, LabelTopic)
	}
	for _, l := range v.Labels {
		add(l, LabelOwn)
	}
	return out
}

// LabelStream is the stream of a label and its kind; ok is false for a
// name that is no label of the reader. A folder's stream is the reading
// list's stories of its subscriptions; a topic's, the stories carrying the
// followed topics of that name; an own label's, the stories the reader
// labelled so. A folder or topic label also lists the stories the reader
// labelled with its name. For you has no stream here: it is ranked (see
// the feed service).
func (v *View) LabelStream(name string, subs []Subscription) (q herald.StreamQuery, kind LabelKind, ok bool) {
	if name == ForYou {
		return q, LabelForYou, true
	}
	q = v.base()
	if slices.Contains(v.Labels, name) {
		q.Label, kind, ok = name, LabelOwn, true
	}
	var followed, other []int64
	for _, s := range subs {
		switch {
		case s.Folder != name:
		case s.Followed:
			followed = append(followed, s.Source.ID)
		default:
			other = append(other, s.Source.ID)
		}
	}
	if len(followed)+len(other) > 0 {
		q.Sources = followed
		if len(other) > 0 {
			q.Topics, q.TopicSources = topicIDs(v.Topics), other
		}
		return q, LabelFolder, true
	}
	if ts := v.topicsNamed(name); len(ts) > 0 {
		q.Topics = ts
		return q, LabelTopic, true
	}
	return q, kind, ok
}

// topicsNamed returns the ids of followed topics named name.
func (v *View) topicsNamed(name string) []int64 {
	var out []int64
	for _, t := range v.Topics {
		if t.Name == name {
			out = append(out, t.ID)
		}
	}
	return out
}

// StoryLabels returns the labels of each story for a feed reader app: the
// folder of its source, the followed topics it carries and the reader's own
// labels, each once, in that order.
func (v *View) StoryLabels(ctx context.Context, stories []*herald.Story) (map[int64][]string, error) {
	ids := make([]int64, len(stories))
	for i, s := range stories {
		ids[i] = s.ID
	}
	own, err := v.s.Store.StoryLabels(ctx, v.User.ID, ids)
	if err != nil {
		return nil, fmt.Errorf("story labels: %w", err)
	}
	followed := map[int64]bool{}
	for _, t := range v.Topics {
		followed[t.ID] = true
	}
	out := make(map[int64][]string, len(stories))
	for _, s := range stories {
		var ls []string
		add := func(l string) {
			if l != "" && !slices.Contains(ls, l) {
				ls = append(ls, l)
			}
		}
		add(v.Folder(s.SourceID))
		for _, t := range s.Topics {
			if followed[t.ID] {
				add(t.Name)
			}
		}
		for _, l := range own[s.ID] {
			add(l)
		}
		out[s.ID] = ls
	}
	return out, nil
}
