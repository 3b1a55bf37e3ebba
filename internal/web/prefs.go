package web

import (
	"context"
	"fmt"

	"github.com/heraldnews/herald"
)

// prefs returns the reader's settings: one read by primary key, the
// defaults for a reader who changed none.
func (s *server) prefs(ctx context.Context, u *herald.User) (herald.Preferences, error) {
	p, err := s.Store.Preferences(ctx, u.ID)
	if err != nil {
		return p, fmt.Errorf("preferences: %w", err)
	}
	return p, nil
}

// pageSize is how many stories the reader's lists show.
func (s *server) pageSize(ctx context.Context, u *herald.User) (int, error) {
	p, err := s.prefs(ctx, u)
	return p.PageSize, err
}
