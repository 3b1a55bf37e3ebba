package rank

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/heraldnews/herald"
)

// decodeWeights reads stored settings; none means the defaults.
func decodeWeights(b []byte) (Weights, error) {
	w := DefaultWeights()
	if len(b) == 0 {
		return w, nil
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return w, fmt.Errorf("rank: decode settings: %w", err)
	}
	return w, nil
}

// Settings returns the reader's ranking weights (the Balanced preset until
// they change them).
func (s *Personal) Settings(ctx context.Context, userID int64) (Weights, error) {
	_, w, err := s.model(ctx, userID)
	if err != nil {
		return w, fmt.Errorf("ranking settings of user %d: %w", userID, err)
	}
	return w, nil
}

// SaveSettings stores the reader's weights; a named preset's own weights
// replace those given. EINVALID names the first field out of range.
func (s *Personal) SaveSettings(ctx context.Context, userID int64, w Weights) (Weights, error) {
	if p, ok := Preset(w.Preset); ok {
		w = p
	}
	if err := w.Check(); err != nil {
		return w, herald.Errorf(herald.EINVALID, "%v", err)
	}
	b, _ := json.Marshal(w)
	if err := s.Store.SaveRankSettings(ctx, userID, b); err != nil {
		return w, fmt.Errorf("save ranking settings of user %d: %w", userID, err)
	}
	return w, nil
}
