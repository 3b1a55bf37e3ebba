package sqlite

import (
	"context"
	"fmt"

	"github.com/heraldnews/herald"
)

// SectionExamples returns up to limit stories whose section is a weak label,
// newest first, with their plain text; see herald.StoryStore.
func (db *DB) SectionExamples(ctx context.Context, limit int) ([]herald.SectionExample, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := db.r.QueryContext(ctx, `SELECT title, text, section FROM stories
		WHERE section_source IN ('publisher', 'source', 'category') AND section <> ''
		ORDER BY published_at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("section examples: %w", err)
	}
	defer rows.Close()
	var out []herald.SectionExample
	for rows.Next() {
		var e herald.SectionExample
		if err := rows.Scan(&e.Title, &e.Text, &e.Section); err != nil {
			return nil, fmt.Errorf("section examples: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("section examples: %w", err)
	}
	return out, nil
}
