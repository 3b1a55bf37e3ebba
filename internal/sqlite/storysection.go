package sqlite

import (
	"context"
	"fmt"

	"github.com/heraldnews/herald"
)

// SetStorySection sets a story's section and section source and nothing else;
// ENOTFOUND if there is no such story. See herald.StoryStore.
func (db *DB) SetStorySection(ctx context.Context, storyID int64, section, sectionSource string) error {
	res, err := db.w.ExecContext(ctx, `UPDATE stories SET section = ?, section_source = ? WHERE id = ?`,
		section, sectionSource, storyID)
	if err != nil {
		return fmt.Errorf("set section of story %d: %w", storyID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return herald.Errorf(herald.ENOTFOUND, "story %d not found", storyID)
	}
	return nil
}
