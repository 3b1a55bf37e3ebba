package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/heraldnews/herald"
)

// headlinesPerSection is how many clusters each section of the headlines
// page shows.
const headlinesPerSection = 5

// headlinesPage is GET /headlines: the biggest story clusters now, per
// section, the same for every reader; for signed-out visitors too when the
// operator allows it (--public-headlines).
type headlinesPage struct {
	layout
	Groups []headlineGroup
}

func (*headlinesPage) templateName() string { return "headlines.html" }

// headlineGroup is one section of the headlines.
type headlineGroup struct {
	Section string
	Items   []storyCard
}

func (s *server) headlines(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil && (!s.PublicHeadlines || herald.ErrorCode(err) != herald.EUNAUTHORIZED) {
		return err
	}
	var userID int64
	if u != nil {
		userID = u.ID
	}
	if _, err := s.ranked(); err != nil {
		return err
	}
	groups, err := s.headlineGroups(r.Context(), userID, r.URL.Query().Get("section"), r.URL.RequestURI())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, &headlinesPage{layout: layout{Title: "Headlines", User: u, Nav: "headlines"}, Groups: groups})
}

// headlineGroups are the headlines as cards, by section.
func (s *server) headlineGroups(ctx context.Context, userID int64, section, next string) ([]headlineGroup, error) {
	secs, err := s.Ranking.Headlines(ctx, userID, section, headlinesPerSection)
	if err != nil {
		return nil, fmt.Errorf("headlines: %w", err)
	}
	out := make([]headlineGroup, 0, len(secs))
	for _, sec := range secs {
		g := headlineGroup{Section: sec.Section}
		for _, it := range sec.Items {
			g.Items = append(g.Items, s.card(it.Story, it.Reasons, next))
		}
		out = append(out, g)
	}
	return out, nil
}
