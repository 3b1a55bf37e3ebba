package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/httperr"
)

// sources lists every source with its fetch status and the add-source form.
// ?added=ID names a source just added, to confirm it.
func (s *server) sources(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	p, err := s.sourcesPage(r.Context(), u, r.URL.RequestURI())
	if err != nil {
		return err
	}
	p.Deleted = r.URL.Query().Get("deleted")
	if added, err := strconv.ParseInt(r.URL.Query().Get("added"), 10, 64); err == nil {
		for i := range p.Sources {
			if p.Sources[i].ID == added {
				p.Added = &p.Sources[i]
			}
		}
	}
	return s.render(w, r, http.StatusOK, p)
}

func (s *server) sourcesPage(ctx context.Context, u *herald.User, next string) (*sourcesPage, error) {
	srcs, err := s.Store.Sources(ctx)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	rd, err := s.reader(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	mayAdd := auth.MayAddSources(u, s.ReadersAddSources) == nil
	p := &sourcesPage{layout: layout{Title: "Sources", User: u, Nav: "sources"}, CanAdd: s.AddSource != nil && mayAdd,
		CanImport: s.ImportSource != nil && mayAdd, Preview: s.Preview != nil, Manage: canManage(u)}
	for _, src := range srcs {
		p.Sources = append(p.Sources, s.sourceRow(src, rd, withAnchor(next, "source-"+strconv.FormatInt(src.ID, 10))))
	}
	p.Folders = folders(p.Sources)
	p.Form.Preview = p.Preview
	return p, nil
}

// addSource adds the feed in the form's "url" field through Deps.AddSource and
// makes the reader follow it. A URL that is refused shows the form again with the
// reason (400, or 409 for a clash); a source that exists already is simply followed.
// Only those auth.MayAddSources admits may add (403 for the others).
func (s *server) addSource(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	if s.AddSource == nil {
		return herald.Errorf(herald.ENOTFOUND, "adding sources is turned off on this server")
	}
	if err := auth.MayAddSources(u, s.ReadersAddSources); err != nil {
		return err
	}
	raw := strings.TrimSpace(r.PostFormValue("url"))
	src, err := s.addOrFind(r.Context(), raw)
	switch code := herald.ErrorCode(err); code {
	case "":
	case herald.EINVALID, herald.ECONFLICT:
		p, perr := s.sourcesPage(r.Context(), u, "/sources")
		if perr != nil {
			return perr
		}
		p.Form = addForm{URL: raw, Error: herald.ErrorMessage(err), Preview: p.Preview}
		return s.render(w, r, httperr.Status(code), p)
	default:
		return fmt.Errorf("add source: %w", err)
	}
	if err := s.Store.FollowSource(r.Context(), u.ID, src.ID); err != nil {
		return fmt.Errorf("follow new source %d: %w", src.ID, err)
	}
	id := strconv.FormatInt(src.ID, 10)
	http.Redirect(w, r, "/sources?added="+id+"#source-"+id, http.StatusSeeOther)
	return nil
}

// addOrFind adds the source at raw, or returns the stored one when AddSource says
// it exists and the store knows it by that URL.
func (s *server) addOrFind(ctx context.Context, raw string) (*herald.Source, error) {
	if raw == "" {
		return nil, herald.Errorf(herald.EINVALID, "url: enter the address of a feed")
	}
	src, err := s.AddSource(ctx, raw)
	if herald.ErrorCode(err) != herald.ECONFLICT {
		return src, err
	}
	if found, ferr := s.Store.SourceByURL(ctx, raw); ferr == nil {
		return found, nil
	}
	return nil, err
}

// source shows one source's status and its stories, newest first.
func (s *server) source(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	src, err := s.Store.Source(r.Context(), id)
	if err != nil {
		return fmt.Errorf("source %d: %w", id, err)
	}
	size, err := s.pageSize(r.Context(), u)
	if err != nil {
		return err
	}
	page, err := s.Store.Stories(r.Context(), herald.StoryFilter{SourceID: id, Limit: size, Cursor: r.URL.Query().Get("cursor"), UserID: u.ID})
	if err != nil {
		return fmt.Errorf("source %d stories: %w", id, err)
	}
	rd, err := s.reader(r.Context(), u.ID)
	if err != nil {
		return err
	}
	row := s.sourceRow(src, rd, r.URL.RequestURI())
	p := &sourcePage{layout: layout{Title: row.Title, User: u, Nav: "sources"}, Source: row, NextCursor: page.NextCursor,
		Manage: canManage(u), Saved: r.URL.Query().Get("saved") == "1", Kinds: fullTextModes,
		Scope: readScope{SourceID: id, Before: s.now(), Next: r.URL.RequestURI()}}
	if p.Stories, _, err = s.listCards(r.Context(), u.ID, page.Items, r.URL.RequestURI()); err != nil {
		return err
	}
	if p.Push, err = s.push(r.Context(), id); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, p)
}

// push returns how the source's WebSub subscription stands, or nil when the
// source has none.
func (s *server) push(ctx context.Context, sourceID int64) (*pushView, error) {
	sub, err := s.Store.Subscription(ctx, sourceID)
	switch {
	case herald.ErrorCode(err) == herald.ENOTFOUND:
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("source %d subscription: %w", sourceID, err)
	}
	v := &pushView{State: string(sub.State), Hub: sub.HubURL, LastPush: s.when(sub.LastPushAt), LastError: sub.LastError}
	if u, err := url.Parse(sub.HubURL); err == nil && u.Host != "" {
		v.Hub = u.Host
	}
	return v, nil
}

func (s *server) followSource(w http.ResponseWriter, r *http.Request) error {
	return s.onPathID(w, r, "follow source", s.Store.FollowSource, sourceAnchor)
}

func (s *server) unfollowSource(w http.ResponseWriter, r *http.Request) error {
	return s.onPathID(w, r, "unfollow source", s.Store.UnfollowSource, sourceAnchor)
}

// sourceAnchor is the source's row on the sources page.
func sourceAnchor(id int64) string { return "/sources#source-" + strconv.FormatInt(id, 10) }

// onPathID runs a reader's action (op, such as "follow source") on what the
// id in the path names and redirects back, to fallback(id) without a next.
func (s *server) onPathID(w http.ResponseWriter, r *http.Request, op string, act func(context.Context, int64, int64) error, fallback func(int64) string) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := act(r.Context(), u.ID, id); err != nil {
		return fmt.Errorf("%s %d: %w", op, id, err)
	}
	redirectBack(w, r, fallback(id))
	return nil
}

// following lists what the reader follows and mutes.
func (s *server) following(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	rd, err := s.reader(r.Context(), u.ID)
	if err != nil {
		return err
	}
	next := r.URL.RequestURI()
	p := &followingPage{layout: layout{Title: "Following", User: u, Nav: "following"},
		Quiet: count(int(herald.QuietAfter/(24*time.Hour)), "day", "days")}
	for _, f := range rd.follows {
		switch {
		case f.Topic != nil:
			p.Topics = append(p.Topics, s.topicRow(*f.Topic, rd, next))
		case f.Source != nil:
			src, err := s.Store.Source(r.Context(), f.Source.ID) // the followed few, not every source
			if err != nil {
				return fmt.Errorf("followed source %d: %w", f.Source.ID, err)
			}
			p.Sources = append(p.Sources, s.sourceRow(src, rd, next))
		}
	}
	slices.SortFunc(p.Sources, func(a, b sourceRow) int { return strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)) })
	for _, m := range rd.mutes {
		p.Mutes = append(p.Mutes, s.topicRow(m.Topic, rd, next))
	}
	if p.Searches, err = s.Store.SavedSearches(r.Context(), u.ID); err != nil {
		return fmt.Errorf("saved searches: %w", err)
	}
	followed, err := s.Store.FollowedClusters(r.Context(), u.ID)
	if err != nil {
		return fmt.Errorf("followed stories: %w", err)
	}
	for _, f := range followed {
		p.Stories = append(p.Stories, s.clusterRow(f.Cluster, true, next))
	}
	return s.render(w, r, http.StatusOK, p)
}
