package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
)

// savedPage is GET /saved: the stories the reader saved.
type savedPage struct {
	layout
	Stories    []storyCard
	NextCursor string
	Later      bool
}

func (*savedPage) templateName() string { return "saved.html" }

// saved lists the reader's saved stories, newest first.
func (s *server) saved(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	size, err := s.pageSize(r.Context(), u)
	if err != nil {
		return err
	}
	cursor := r.URL.Query().Get("cursor")
	page, err := s.Store.Stories(r.Context(), herald.StoryFilter{UserID: u.ID, Saved: true, Limit: size, Cursor: cursor})
	if err != nil {
		return fmt.Errorf("saved stories: %w", err)
	}
	p := &savedPage{layout: layout{Title: "Saved", User: u, Nav: "saved"}, NextCursor: page.NextCursor, Later: cursor != ""}
	if p.Stories, err = s.cards(r.Context(), u.ID, page.Items, r.URL.RequestURI()); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, p)
}

// image serves a story's kept lead image ("lead.jpg") or thumbnail
// ("thumb.jpg"). The bytes of a story's image never change once kept, so
// browsers may cache them for a day.
func (s *server) image(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.user(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	variant, ok := strings.CutSuffix(r.PathValue("file"), ".jpg")
	if !ok {
		return herald.Errorf(herald.ENOTFOUND, "there is no image at %s", r.URL.Path)
	}
	img, err := s.Store.StoryImage(r.Context(), id, variant)
	if err != nil {
		return fmt.Errorf("image of story %d: %w", id, err)
	}
	data := img.Lead
	if variant == herald.ImageThumb {
		data = img.Thumb
	}
	h := w.Header()
	h.Set("Content-Type", "image/jpeg")
	h.Set("Cache-Control", "private, max-age=86400")
	h.Set("ETag", `"`+strconv.FormatInt(img.FetchedAt.UnixMilli(), 36)+`"`)
	http.ServeContent(w, r, "", time.Time{}, strings.NewReader(string(data)))
	return nil
}
