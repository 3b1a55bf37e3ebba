package store

import (
	"context"
	"fmt"

	"github.com/heraldnews/herald"
)

// PendingImages returns stories with an image URL after the last story that
// has an image row, oldest first: a walk of the primary key from there.
func (db *DB) PendingImages(ctx context.Context, limit int) ([]herald.ImageJob, error) {
	rows, err := db.query(ctx, `SELECT s.id, s.image_url, s.url FROM stories s
		WHERE s.id > (SELECT coalesce(max(story_id), 0) FROM story_images) AND s.image_url <> ''
		ORDER BY s.id LIMIT $1`, max(limit, 0))
	if err != nil {
		return nil, db.wrap(err, "pending images", "")
	}
	defer rows.Close()
	out := []herald.ImageJob{}
	for rows.Next() {
		var j herald.ImageJob
		if err := rows.Scan(&j.StoryID, &j.ImageURL, &j.PageURL); err != nil {
			return nil, db.wrap(err, "pending images", "")
		}
		out = append(out, j)
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, "pending images", "")
	}
	return out, nil
}

// SaveImage stores or replaces a story's image; ENOTFOUND if the story is gone.
func (db *DB) SaveImage(ctx context.Context, img herald.StoryImage) error {
	var lead, thumb any
	if len(img.Lead) > 0 {
		lead, thumb = img.Lead, img.Thumb
	}
	_, err := db.exec(ctx, `INSERT INTO story_images (story_id, source_url, width, height, lead, thumb, error, fetched_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (story_id) DO UPDATE SET source_url = excluded.source_url,
		width = excluded.width, height = excluded.height, lead = excluded.lead, thumb = excluded.thumb,
		error = excluded.error, fetched_at = excluded.fetched_at`,
		img.StoryID, img.SourceURL, img.Width, img.Height, lead, thumb, clip(img.Err, 500), db.t(db.or(img.FetchedAt)))
	if db.class(err) == errForeignKey {
		return herald.Errorf(herald.ENOTFOUND, "story %d not found", img.StoryID)
	}
	if err != nil {
		return db.wrap(err, fmt.Sprintf("save image of story %d", img.StoryID), "")
	}
	return nil
}

// StoryImage returns one variant of a visible story's stored image.
func (db *DB) StoryImage(ctx context.Context, storyID int64, variant string) (*herald.StoryImage, error) {
	col := "i.lead"
	switch variant {
	case herald.ImageLead:
	case herald.ImageThumb:
		col = "i.thumb"
	default:
		return nil, herald.Errorf(herald.ENOTFOUND, "no image variant %q", variant)
	}
	img := herald.StoryImage{StoryID: storyID}
	var data []byte
	err := db.queryRow(ctx, `SELECT i.source_url, i.width, i.height, `+col+`, i.fetched_at
		FROM story_images i JOIN stories s ON s.id = i.story_id
		WHERE i.story_id = $1 AND `+col+` IS NOT NULL AND `+visibleAt+`$2)`, storyID, db.t(db.clock())).
		Scan(&img.SourceURL, &img.Width, &img.Height, &data, at(&img.FetchedAt))
	if err != nil {
		return nil, db.wrap(err, fmt.Sprintf("image of story %d", storyID), fmt.Sprintf("story %d has no image", storyID))
	}
	if variant == herald.ImageThumb {
		img.Thumb = data
	} else {
		img.Lead = data
	}
	return &img, nil
}

// ImageSizes returns the lead image size of the stories that have one.
func (db *DB) ImageSizes(ctx context.Context, storyIDs []int64) (map[int64][2]int, error) {
	out := map[int64][2]int{}
	if len(storyIDs) == 0 {
		return out, nil
	}
	rows, err := db.query(ctx, `SELECT story_id, width, height FROM story_images
		WHERE story_id IN ({{ids $1}}) AND lead IS NOT NULL`, db.ids(storyIDs))
	if err != nil {
		return nil, db.wrap(err, "image sizes", "")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var w, h int
		if err := rows.Scan(&id, &w, &h); err != nil {
			return nil, db.wrap(err, "image sizes", "")
		}
		out[id] = [2]int{w, h}
	}
	return out, rows.Err()
}
