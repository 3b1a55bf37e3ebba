package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/extract"
	"github.com/heraldnews/herald/internal/section"
)

// searchPage is GET /search?q=: stories matching a query, with filters.
type searchPage struct {
	layout
	Form       searchForm
	Sections   []string
	Sources    []link // Href holds the source id
	Results    []storyCard
	NextCursor string
	Later      bool
	Searched   bool // a query was given
	Problem    string
	Followed   *herald.SavedSearch // the saved search this is, when the reader follows it
	Saved      []herald.SavedSearch
	Scope      readScope
}

func (*searchPage) templateName() string { return "search.html" }

// searchForm is what the search form holds.
type searchForm struct {
	Q, Section, Source, Topic, From, To string
}

// filter turns the form into a story filter; EINVALID names a field that
// does not read.
func (f searchForm) filter() (herald.StoryFilter, error) {
	sf := herald.StoryFilter{Query: f.Q, Section: f.Section, TopicSlug: strings.TrimSpace(f.Topic)}
	if f.Source != "" {
		id, err := strconv.ParseInt(f.Source, 10, 64)
		if err != nil || id <= 0 {
			return sf, herald.Errorf(herald.EINVALID, "Choose a source from the list.")
		}
		sf.SourceID = id
	}
	var err error
	if sf.Since, err = day(f.From, "From"); err != nil {
		return sf, err
	}
	if sf.Until, err = day(f.To, "To"); err != nil {
		return sf, err
	}
	if !sf.Until.IsZero() {
		sf.Until = sf.Until.AddDate(0, 0, 1) // "to" includes that day
	}
	if !sf.Since.IsZero() && !sf.Until.IsZero() && !sf.Since.Before(sf.Until) {
		return sf, herald.Errorf(herald.EINVALID, "The From date is after the To date.")
	}
	return sf, nil
}

// day parses a date field (YYYY-MM-DD, as date inputs send it).
func day(v, field string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return t, herald.Errorf(herald.EINVALID, "The %s date should look like 2026-03-01.", field)
	}
	return t, nil
}

// search shows the stories that match ?q= and the filters, newest first,
// with the query's words marked.
func (s *server) search(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	form := searchForm{Q: strings.TrimSpace(q.Get("q")), Section: q.Get("section"), Source: q.Get("source"),
		Topic: q.Get("topic"), From: q.Get("from"), To: q.Get("to")}
	p := &searchPage{layout: layout{Title: "Search", User: u, Nav: "search", Query: form.Q}, Form: form,
		Later: q.Get("cursor") != ""}
	if form.Q != "" {
		p.Title = form.Q + " – Search"
	}
	if err := s.searchChoices(r.Context(), u, p); err != nil {
		return err
	}
	status := http.StatusOK
	if form.Q != "" || form.Topic != "" || form.Source != "" || form.Section != "" {
		p.Searched = true
		if err := s.searchResults(r, u, p); herald.ErrorCode(err) == herald.EINVALID {
			p.Problem, status = herald.ErrorMessage(err), http.StatusBadRequest
		} else if err != nil {
			return err
		}
	}
	return s.render(w, r, status, p)
}

// searchChoices fills the filters' choices and the reader's saved searches.
func (s *server) searchChoices(ctx context.Context, u *herald.User, p *searchPage) error {
	var err error
	if p.Sections, err = s.Store.Sections(ctx, section.Sections()); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	srcs, err := s.Store.Sources(ctx)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	for _, src := range srcs {
		p.Sources = append(p.Sources, link{Text: src.Title, Href: strconv.FormatInt(src.ID, 10)})
	}
	if p.Saved, err = s.Store.SavedSearches(ctx, u.ID); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	for i, ss := range p.Saved {
		if ss.Query == p.Form.Q && ss.Section == p.Form.Section {
			p.Followed = &p.Saved[i]
		}
	}
	return nil
}

// searchResults fills p with one page of results.
func (s *server) searchResults(r *http.Request, u *herald.User, p *searchPage) error {
	f, err := p.Form.filter()
	if err != nil {
		return err
	}
	size, err := s.pageSize(r.Context(), u)
	if err != nil {
		return err
	}
	f.UserID, f.Limit, f.Cursor = u.ID, size, r.URL.Query().Get("cursor")
	page, err := s.Store.Stories(r.Context(), f)
	if err != nil {
		return fmt.Errorf("search %q: %w", f.Query, err)
	}
	p.NextCursor = page.NextCursor
	var shown []*herald.Story
	if p.Results, shown, err = s.listCards(r.Context(), u.ID, page.Items, r.URL.RequestURI()); err != nil {
		return err
	}
	terms := searchTerms(p.Form.Q)
	for i, st := range shown {
		p.Results[i].Highlight = &highlighted{Title: mark(p.Results[i].Title, terms),
			Snippet: mark(around(matchingText(st, terms), terms, snippetRunes), terms)}
	}
	p.Scope = readScope{View: "search", List: true, Next: r.URL.RequestURI()}
	for _, c := range p.Results {
		p.Scope.IDs = append(p.Scope.IDs, c.ID)
	}
	return nil
}

// followSearch is POST /searches: the reader follows the search in the form
// ("q", "section"), and goes back to its results.
func (s *server) followSearch(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	ss := &herald.SavedSearch{UserID: u.ID, Query: r.PostFormValue("q"), Section: r.PostFormValue("section"),
		Name: r.PostFormValue("name")}
	if err := s.Store.SaveSearch(r.Context(), ss); err != nil && herald.ErrorCode(err) != herald.ECONFLICT {
		return fmt.Errorf("follow search: %w", err)
	}
	redirectBack(w, r, searchHref(*ss))
	return nil
}

// unfollowSearch is POST /searches/{id}/delete.
func (s *server) unfollowSearch(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.Store.DeleteSavedSearch(r.Context(), u.ID, id); err != nil {
		return fmt.Errorf("unfollow search: %w", err)
	}
	redirectBack(w, r, "/following")
	return nil
}

// searchHref is the results page of a saved search.
func searchHref(ss herald.SavedSearch) string {
	v := url.Values{"q": {ss.Query}}
	if ss.Section != "" {
		v.Set("section", ss.Section)
	}
	return "/search?" + v.Encode()
}

// matchingText is the text a result's snippet comes from: its summary when a
// term is in it, else its whole text.
func matchingText(st *herald.Story, terms []string) string {
	summary := extract.InlineText(st.Summary)
	for _, p := range mark(summary, terms) {
		if p.Mark {
			return summary
		}
	}
	return cmp.Or(extract.InlineText(st.ContentHTML), summary)
}
