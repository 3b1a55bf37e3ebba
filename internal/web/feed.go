package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/section"
)

// views are the front page's views, in the order the view bar shows them.
var views = []struct{ Key, Label string }{
	{herald.ViewForYou, "For you"}, {herald.ViewFollowing, "Following"}, {herald.ViewLatest, "Latest"},
}

// feed shows the front page: one page of the view in ?view= (the reader's
// default view without one), or of a section's newest stories with
// ?section=. An empty first page of a feed view shows what to do next.
func (s *server) feed(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil && s.PublicHeadlines && s.Ranking != nil && herald.ErrorCode(err) == herald.EUNAUTHORIZED {
		http.Redirect(w, r, "/headlines", http.StatusSeeOther) // signed-out visitors read the headlines
		return nil
	}
	if err != nil {
		return err
	}
	prefs, err := s.prefs(r.Context(), u)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p := &feedPage{layout: layout{Title: "Your feed", User: u, Nav: "feed"}, Later: q.Get("cursor") != "",
		View: q.Get("view"), Section: q.Get("section"), Unread: q.Get("unread") == "1"}
	if !slices.ContainsFunc(views, func(v struct{ Key, Label string }) bool { return v.Key == p.View }) {
		p.View = prefs.DefaultView
	}
	if p.Section != "" {
		p.View = herald.ViewLatest
	}
	if err := s.feedItems(r, u, prefs.PageSize, p); err != nil {
		return err
	}
	p.Path = r.URL.RequestURI()
	if err := s.feedBars(r.Context(), p); err != nil {
		return err
	}
	if len(p.Items) == 0 && !p.Later && p.View != herald.ViewLatest {
		if p.Empty, err = s.emptyState(r.Context(), u.ID, r.URL.RequestURI()); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, p)
}

// feedItems fills p with one page of its view.
func (s *server) feedItems(r *http.Request, u *herald.User, size int, p *feedPage) error {
	ctx, cursor, next := r.Context(), r.URL.Query().Get("cursor"), r.URL.RequestURI()
	if p.View == herald.ViewLatest {
		page, err := s.Store.Stories(ctx, herald.StoryFilter{UserID: u.ID, Limit: size, Cursor: cursor,
			Section: p.Section, Unread: p.Unread})
		if err != nil {
			return fmt.Errorf("latest stories: %w", err)
		}
		p.NextCursor = page.NextCursor
		p.Items, _, err = s.listCards(ctx, u.ID, page.Items, next)
		return err
	}
	svc, ranked := s.Feed, s.Ranking != nil
	if p.View == herald.ViewFollowing && s.Following != nil {
		svc, ranked = s.Following, false
	}
	items, nextCursor, err := svc.Feed(ctx, herald.FeedQuery{UserID: u.ID, Limit: size, Cursor: cursor, Now: s.now()})
	if err != nil {
		return fmt.Errorf("feed: %w", err)
	}
	p.NextCursor = nextCursor
	if items, err = s.collapseItems(ctx, u.ID, items); err != nil {
		return err
	}
	for _, it := range items {
		if it.Story != nil {
			c := s.card(it.Story, it.Reasons, next)
			if ranked {
				c.Why = whyHref(it.Story.ID)
			}
			p.Items = append(p.Items, c)
		}
	}
	return s.decorate(ctx, u.ID, p.Items)
}

// feedBars fills the view and section bars of p.
func (s *server) feedBars(ctx context.Context, p *feedPage) error {
	for _, v := range views {
		p.Views = append(p.Views, tab{Label: v.Label, Href: "/?view=" + v.Key, Current: p.Section == "" && p.View == v.Key})
	}
	have, err := s.Store.Sections(ctx, section.Sections())
	if err != nil {
		return fmt.Errorf("sections: %w", err)
	}
	for _, name := range have {
		p.Sections = append(p.Sections, tab{Label: name, Href: "/?" + url.Values{"section": {name}}.Encode(), Current: p.Section == name})
	}
	switch {
	case p.Section != "":
		p.Title, p.Heading = p.Section, p.Section
	default:
		for _, v := range views {
			if v.Key == p.View {
				p.Heading = v.Label
			}
		}
	}
	p.Scope = readScope{View: p.View, Section: p.Section, List: p.View == herald.ViewLatest, Before: s.now(), Next: p.Path}
	for _, it := range p.Items {
		p.Scope.IDs = append(p.Scope.IDs, it.ID)
	}
	return nil
}

// emptyState offers the topics with most stories, to follow on the spot, and the
// add-source form when sources can be added.
func (s *server) emptyState(ctx context.Context, userID int64, next string) (*emptyState, error) {
	rd, err := s.reader(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("empty feed: %w", err)
	}
	ts, err := s.Store.Topics(ctx, herald.TopicFilter{Limit: suggestTopics})
	if err != nil {
		return nil, fmt.Errorf("empty feed: suggest topics: %w", err)
	}
	e := &emptyState{FollowsAnything: len(rd.follows) > 0, CanAddSource: s.AddSource != nil, Form: addForm{Preview: s.Preview != nil}}
	for _, t := range ts {
		e.Topics = append(e.Topics, s.topicRow(*t, rd, next))
	}
	if !e.FollowsAnything && s.Ranking != nil {
		groups, err := s.headlineGroups(ctx, userID, "", next)
		if err != nil {
			return nil, fmt.Errorf("empty feed: %w", err)
		}
		for _, g := range groups {
			e.Headlines = append(e.Headlines, g.Items[:min(len(g.Items), 2)]...)
		}
	}
	return e, nil
}
