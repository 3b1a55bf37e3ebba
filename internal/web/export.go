package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/opml"
)

// Export bounds: the newest of each are kept.
const (
	exportSaved   = 5000
	exportHistory = 10000
)

// readerExport is the reader's data as GET /settings/export.json gives it.
type readerExport struct {
	Exported      time.Time             `json:"exported_at"`
	User          exportUser            `json:"user"`
	Preferences   herald.Preferences    `json:"preferences"`
	Follows       []herald.Follow       `json:"follows"`
	Mutes         []herald.Mute         `json:"mutes"`
	SavedSearches []herald.SavedSearch  `json:"saved_searches"`
	Saved         []exportStory         `json:"saved"`
	History       []herald.HistoryEntry `json:"history"`
}

type exportUser struct {
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

type exportStory struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	URL         string    `json:"url"`
	Source      string    `json:"source"`
	PublishedAt time.Time `json:"published_at"`
}

// exportJSON sends the reader's follows, mutes, saved searches, saved
// stories and reading history as one JSON download.
func (s *server) exportJSON(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	out := readerExport{Exported: s.now().UTC(), User: exportUser{Name: u.Name, CreatedAt: u.CreatedAt}}
	if out.Preferences, err = s.prefs(ctx, u); err != nil {
		return err
	}
	rd, err := s.reader(ctx, u.ID)
	if err != nil {
		return err
	}
	out.Follows, out.Mutes = rd.follows, rd.mutes
	if out.SavedSearches, err = s.Store.SavedSearches(ctx, u.ID); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if out.Saved, err = s.savedForExport(r, u.ID); err != nil {
		return err
	}
	if out.History, err = s.Store.ReadHistory(ctx, u.ID, exportHistory); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="herald-`+u.Name+`.json"`)
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(b)
	return nil
}

// savedForExport walks the reader's saved stories, newest first.
func (s *server) savedForExport(r *http.Request, userID int64) ([]exportStory, error) {
	out := []exportStory{}
	f := herald.StoryFilter{UserID: userID, Saved: true, Limit: 200}
	for len(out) < exportSaved {
		page, err := s.Store.Stories(r.Context(), f)
		if err != nil {
			return nil, fmt.Errorf("export saved: %w", err)
		}
		for _, st := range page.Items {
			out = append(out, exportStory{ID: st.ID, Title: st.Title, URL: st.URL, Source: st.Source.Title, PublishedAt: st.PublishedAt})
		}
		if page.NextCursor == "" {
			break
		}
		f.Cursor = page.NextCursor
	}
	return out, nil
}

// exportFollowsOPML sends the sources the reader follows as OPML, for
// another news reader.
func (s *server) exportFollowsOPML(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	rd, err := s.reader(r.Context(), u.ID)
	if err != nil {
		return err
	}
	srcs, err := s.Store.Sources(r.Context())
	if err != nil {
		return fmt.Errorf("export follows: %w", err)
	}
	var mine []*herald.Source
	for _, src := range srcs {
		if rd.sources[src.ID] {
			mine = append(mine, src)
		}
	}
	return opml.ServeDownload(w, opml.FromSources(mine), s.now())
}
