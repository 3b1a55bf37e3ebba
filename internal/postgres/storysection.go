package postgres

import (
	"context"
	"fmt"

	"github.com/heraldnews/herald"
)

// SetStorySection sets a story's section and section source and nothing else;
// ENOTFOUND if there is no such story. See herald.StoryStore.
func (db *DB) SetStorySection(ctx context.Context, storyID int64, section, sectionSource string) error {
	tag, err := db.pool.Exec(ctx, `UPDATE stories SET section = $1, section_source = $2 WHERE id = $3`,
		section, sectionSource, storyID)
	if err != nil {
		return wrap(err, fmt.Sprintf("set section of story %d", storyID), "")
	}
	if tag.RowsAffected() == 0 {
		return herald.Errorf(herald.ENOTFOUND, "story %d not found", storyID)
	}
	return nil
}
