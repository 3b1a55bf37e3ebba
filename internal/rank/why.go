package rank

import (
	"context"
	"errors"
	"fmt"

	"github.com/heraldnews/herald"
)

// Why explains one story for the reader: its score, reasons and the
// features that counted, as the feed would rank it now (even if read).
// ENOTFOUND for a story the reader cannot see.
func (s *Personal) Why(ctx context.Context, userID, storyID int64) (herald.FeedItem, error) {
	now := s.now()
	p, w, err := s.model(ctx, userID)
	if err != nil {
		return herald.FeedItem{}, fmt.Errorf("why story %d: %w", storyID, err)
	}
	if w.Preset == PresetLatest {
		w = DefaultWeights()
	}
	ranked, err := s.rank(ctx, userID, p, w, now, 10, storyID)
	if err != nil {
		return herald.FeedItem{}, fmt.Errorf("why story %d: %w", storyID, err)
	}
	for i := range ranked {
		if ranked[i].Doc.ID != storyID {
			continue
		}
		stories, err := s.Store.ReaderStories(ctx, userID, []int64{storyID})
		if err != nil || len(stories) == 0 {
			return herald.FeedItem{}, errors.Join(err, herald.Errorf(herald.ENOTFOUND, "story %d not found", storyID))
		}
		return herald.FeedItem{Story: stories[0], Score: ranked[i].Score, Reasons: Reasons(&ranked[i], p, now),
			Explain: ranked[i].Parts}, nil
	}
	return herald.FeedItem{}, herald.Errorf(herald.ENOTFOUND, "story %d is not one the feed can show: muted or not found", storyID)
}
