package postgres

import (
	"context"
	"fmt"

	"github.com/heraldnews/herald"
	"github.com/jackc/pgx/v5"
)

// SectionExamples returns up to limit stories whose section is a weak label,
// newest first, with their plain text; see herald.StoryStore.
func (db *DB) SectionExamples(ctx context.Context, limit int) ([]herald.SectionExample, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT title, text, section FROM stories
		WHERE section_source IN ('publisher', 'source', 'category') AND section <> ''
		ORDER BY published_at DESC, id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("section examples: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (herald.SectionExample, error) {
		var e herald.SectionExample
		err := row.Scan(&e.Title, &e.Text, &e.Section)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("section examples: %w", err)
	}
	return out, nil
}
