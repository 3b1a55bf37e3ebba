package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
)

// topicsPageSize is how many topics a page of the catalogue lists.
const topicsPageSize = 60

// kindTabs are the kinds the topics page groups by, with their labels.
var kindTabs = []struct{ Kind, Label string }{
	{"", "All"}, {herald.KindPerson, "People"}, {herald.KindPlace, "Places"}, {herald.KindOrganisation, "Organisations"},
	{herald.KindEvent, "Events"}, {herald.KindOther, "Other"},
}

// topics lists topics with story counts, matching ?q= when given, of one
// kind with ?kind=, a page at a time (?page=), the ones the reader follows
// first. Each Follow button comes back to its own row.
func (s *server) topics(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	kind := r.URL.Query().Get("kind")
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	ts, err := s.Store.Topics(r.Context(), herald.TopicFilter{Query: q, Kind: kind, Limit: topicsPageSize + 1,
		Offset: (page - 1) * topicsPageSize})
	if err != nil {
		return fmt.Errorf("list topics: %w", err)
	}
	rd, err := s.reader(r.Context(), u.ID)
	if err != nil {
		return err
	}
	next := r.URL.RequestURI()
	p := &topicsPage{layout: layout{Title: "Topics", User: u, Nav: "topics"}, Query: q, Kind: kind}
	counts := map[string]int{}
	for i, t := range ts {
		if i == topicsPageSize {
			p.Next = topicsHref(q, kind, page+1)
			break
		}
		counts[t.Slug] = t.StoryCount
		if !rd.topics[t.Slug] {
			p.Others = append(p.Others, s.topicRow(*t, rd, next))
		}
	}
	if page > 1 {
		p.Prev = topicsHref(q, kind, page-1)
	}
	for _, tab := range kindTabs {
		p.Kinds = append(p.Kinds, tabFor(tab.Label, topicsHref(q, tab.Kind, 1), tab.Kind == kind))
	}
	if page == 1 {
		for _, f := range rd.follows {
			if f.Topic == nil || !nameMatches(f.Topic.Name, q) || (kind != "" && f.Topic.Kind != kind) {
				continue
			}
			t := *f.Topic
			t.StoryCount = cmp.Or(counts[t.Slug], t.StoryCount)
			p.Followed = append(p.Followed, s.topicRow(t, rd, next))
		}
	}
	slices.SortFunc(p.Followed, func(a, b topicRow) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return s.render(w, r, http.StatusOK, p)
}

// topicsHref is a page of the topics list.
func topicsHref(q, kind string, page int) string {
	v := url.Values{}
	if q != "" {
		v.Set("q", q)
	}
	if kind != "" {
		v.Set("kind", kind)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/topics"
	}
	return "/topics?" + v.Encode()
}

func tabFor(label, href string, current bool) tab {
	return tab{Label: label, Href: href, Current: current}
}

// nameMatches reports whether name contains q, ignoring case; an empty q matches.
func nameMatches(name, q string) bool {
	return strings.Contains(strings.ToLower(name), strings.ToLower(q))
}

// topic shows one topic and its stories, newest first.
func (s *server) topic(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	slug := r.PathValue("slug")
	t, err := s.Store.TopicBySlug(r.Context(), slug)
	if err != nil {
		return fmt.Errorf("topic %q: %w", slug, err)
	}
	if t.Slug != slug { // merged into another topic: its page is the one to keep
		http.Redirect(w, r, topicHref(t.Slug), http.StatusMovedPermanently)
		return nil
	}
	size, err := s.pageSize(r.Context(), u)
	if err != nil {
		return err
	}
	page, err := s.Store.Stories(r.Context(), herald.StoryFilter{TopicSlug: slug, Limit: size, Cursor: r.URL.Query().Get("cursor"), UserID: u.ID})
	if err != nil {
		return fmt.Errorf("topic %q stories: %w", slug, err)
	}
	rd, err := s.reader(r.Context(), u.ID)
	if err != nil {
		return err
	}
	p := &topicPage{
		layout:     layout{Title: t.Name, User: u, Nav: "topics"},
		Topic:      s.topicRow(*t, rd, r.URL.RequestURI()),
		NextCursor: page.NextCursor,
		Scope:      readScope{TopicSlug: slug, Before: s.now(), Next: r.URL.RequestURI()},
	}
	if p.Stories, _, err = s.listCards(r.Context(), u.ID, page.Items, r.URL.RequestURI()); err != nil {
		return err
	}
	if u.IsAdmin {
		p.Kinds = topicKinds
		if p.MergeChoices, err = s.mergeChoices(r.Context(), t.Slug); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, p)
}

// muteFor are the mute lengths the mute form offers; "" mutes until unmuted.
var muteFor = map[string]time.Duration{"": 0, "day": 24 * time.Hour, "week": 7 * 24 * time.Hour, "month": 30 * 24 * time.Hour}

func (s *server) followTopic(w http.ResponseWriter, r *http.Request) error {
	return s.onTopic(w, r, "follow", s.Store.FollowTopic)
}

func (s *server) unfollowTopic(w http.ResponseWriter, r *http.Request) error {
	return s.onTopic(w, r, "unfollow", s.Store.UnfollowTopic)
}

func (s *server) unmuteTopic(w http.ResponseWriter, r *http.Request) error {
	return s.onTopic(w, r, "unmute", s.Store.UnmuteTopic)
}

// muteTopic mutes the topic for the length in the form's "for" field.
func (s *server) muteTopic(w http.ResponseWriter, r *http.Request) error {
	d, ok := muteFor[r.PostFormValue("for")]
	if !ok {
		return herald.Errorf(herald.EINVALID, "for: choose day, week, month or until you unmute")
	}
	var until time.Time
	if d > 0 {
		until = s.now().Add(d)
	}
	return s.onTopic(w, r, "mute", func(ctx context.Context, userID int64, slug string) error {
		return s.Store.MuteTopic(ctx, userID, slug, until)
	})
}

// onTopic runs a reader's action on the topic in the path and redirects back.
func (s *server) onTopic(w http.ResponseWriter, r *http.Request, verb string, act func(context.Context, int64, string) error) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	slug := r.PathValue("slug")
	if err := act(r.Context(), u.ID, slug); err != nil {
		return fmt.Errorf("%s topic %q: %w", verb, slug, err)
	}
	redirectBack(w, r, topicHref(slug))
	return nil
}
