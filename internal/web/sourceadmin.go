package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
)

// previewPage is GET /sources/preview?url=: the feed an address leads to,
// before it is added.
type previewPage struct {
	layout
	Typed   string
	Preview *herald.FeedPreview
	Items   []previewRow
	Problem string
	Exists  *sourceRow // the source is here already
}

// previewRow is one story of a preview.
type previewRow struct {
	Title string
	When  when
}

func (*previewPage) templateName() string { return "preview.html" }

// previewSource fetches what the reader typed, finds its feed and shows its
// newest stories with a button to add it. Only those who may add sources
// see it.
func (s *server) previewSource(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	if s.Preview == nil || s.AddSource == nil {
		return herald.Errorf(herald.ENOTFOUND, "adding sources is turned off on this server")
	}
	if err := auth.MayAddSources(u, s.ReadersAddSources); err != nil {
		return err
	}
	typed := strings.TrimSpace(r.URL.Query().Get("url"))
	p := &previewPage{layout: layout{Title: "Add a source", User: u, Nav: "sources"}, Typed: typed}
	if typed == "" {
		http.Redirect(w, r, "/sources#add", http.StatusSeeOther)
		return nil
	}
	pv, err := s.Preview(r.Context(), typed)
	switch code := herald.ErrorCode(err); code {
	case "":
	case herald.EINVALID, herald.EUNAVAILABLE:
		p.Problem = strings.TrimPrefix(herald.ErrorMessage(err), "url: ")
		return s.render(w, r, http.StatusOK, p)
	default:
		return fmt.Errorf("preview %s: %w", typed, err)
	}
	p.Preview = pv
	for _, it := range pv.Items {
		p.Items = append(p.Items, previewRow{Title: cmp.Or(it.Title, it.URL, "Untitled"), When: s.when(it.PublishedAt)})
	}
	if src, err := s.Store.SourceByURL(r.Context(), pv.URL); err == nil {
		rd, err := s.reader(r.Context(), u.ID)
		if err != nil {
			return err
		}
		row := s.sourceRow(src, rd, r.URL.RequestURI())
		p.Exists = &row
	}
	return s.render(w, r, http.StatusOK, p)
}

// fullTextModes are the full-text modes the settings form offers.
var fullTextModes = []string{string(herald.FullTextAuto), string(herald.FullTextAlways), string(herald.FullTextNever)}

// canManage reports whether u may change and remove sources.
func canManage(u *herald.User) bool { return u != nil && u.IsAdmin }

// saveSourceSettings is POST /sources/{id}/settings (administrators): title,
// folder, full-text mode and polling bounds.
func (s *server) saveSourceSettings(w http.ResponseWriter, r *http.Request) error {
	return s.changeSource(w, r, "change sources", func(src *herald.Source, set *herald.SourceSettings) error {
		set.Title, set.Category = r.PostFormValue("title"), r.PostFormValue("category")
		set.FullText = herald.FullTextMode(r.PostFormValue("full_text"))
		var err error
		if set.MinInterval, err = minutes(r.PostFormValue("min_minutes"), "shortest interval"); err != nil {
			return err
		}
		set.MaxInterval, err = minutes(r.PostFormValue("max_minutes"), "longest interval")
		return err
	})
}

// minutes reads a number of minutes; "" is zero (the server's bound).
func minutes(v, field string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, herald.Errorf(herald.EINVALID, "%s: a whole number of minutes, or empty for the server's", field)
	}
	return time.Duration(n) * time.Minute, nil
}

func (s *server) pauseSource(w http.ResponseWriter, r *http.Request) error {
	return s.changeSource(w, r, "pause sources", func(_ *herald.Source, set *herald.SourceSettings) error {
		set.Paused = true
		return nil
	})
}

func (s *server) resumeSource(w http.ResponseWriter, r *http.Request) error {
	return s.changeSource(w, r, "resume sources", func(_ *herald.Source, set *herald.SourceSettings) error {
		set.Paused = false
		return nil
	})
}

// changeSource applies edit to the settings of the source in the path, for an
// administrator, and goes back to the source's page.
func (s *server) changeSource(w http.ResponseWriter, r *http.Request, what string, edit func(*herald.Source, *herald.SourceSettings) error) error {
	if _, err := s.adminUser(r, what); err != nil {
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
	set := herald.SourceSettings{ID: id, Title: src.Title, Category: src.Category, FullText: src.FullText,
		MinInterval: src.MinInterval, MaxInterval: src.MaxInterval, Paused: src.Paused}
	if err := edit(src, &set); err != nil {
		return err
	}
	if _, err := s.Store.UpdateSource(r.Context(), set); err != nil {
		return fmt.Errorf("change source %d: %w", id, err)
	}
	redirectBack(w, r, sourceHref(id)+"?saved=1")
	return nil
}

// deletePage is GET /sources/{id}/delete: what deleting a source does, and
// the button that does it.
type deletePage struct {
	layout
	Source sourceRow
	Saved  int // stories of it that readers saved
}

func (*deletePage) templateName() string { return "delete-source.html" }

func (s *server) confirmDeleteSource(w http.ResponseWriter, r *http.Request) error {
	u, err := s.adminUser(r, "delete sources")
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
	saved, err := s.Store.SavedStoryCount(r.Context(), id)
	if err != nil {
		return err
	}
	rd, err := s.reader(r.Context(), u.ID)
	if err != nil {
		return err
	}
	row := s.sourceRow(src, rd, sourceHref(id))
	return s.render(w, r, http.StatusOK, &deletePage{layout: layout{Title: "Delete " + row.Title, User: u, Nav: "sources"},
		Source: row, Saved: saved})
}

// deleteSource is POST /sources/{id}/delete (administrators): the source and
// all its stories go, for every reader.
func (s *server) deleteSource(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.adminUser(r, "delete sources"); err != nil {
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
	if err := s.Store.DeleteSource(r.Context(), id); err != nil {
		return fmt.Errorf("delete source %d: %w", id, err)
	}
	http.Redirect(w, r, "/sources?"+queryOf("deleted", cmp.Or(src.Title, src.URL)), http.StatusSeeOther)
	return nil
}

// renameFolder is POST /sources/folders/rename (administrators): every
// source of a folder (and its subfolders) moves to the new name.
func (s *server) renameFolder(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.adminUser(r, "rename folders"); err != nil {
		return err
	}
	from, to := r.PostFormValue("from"), r.PostFormValue("to")
	if _, err := s.Store.RenameCategory(r.Context(), from, to); err != nil {
		return fmt.Errorf("rename folder %q: %w", from, err)
	}
	redirectBack(w, r, "/sources")
	return nil
}

// folders groups sources by category, folders by name (nested ones under
// their parent's name, "News/Asia" after "News"), sources without one last.
func folders(rows []sourceRow) []folder {
	byName := map[string]*folder{}
	var names []string
	for _, row := range rows {
		f, ok := byName[row.Category]
		if !ok {
			f = &folder{Name: row.Category}
			byName[row.Category] = f
			names = append(names, row.Category)
		}
		f.Sources = append(f.Sources, row)
	}
	slices.SortFunc(names, func(a, b string) int {
		if (a == "") != (b == "") {
			return cmp.Compare(b, a) // "" last
		}
		return cmp.Compare(strings.ToLower(a), strings.ToLower(b))
	})
	out := make([]folder, 0, len(names))
	for _, n := range names {
		out = append(out, *byName[n])
	}
	return out
}
