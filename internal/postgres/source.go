package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
	"github.com/jackc/pgx/v5"
)

// sourceColumns is the select list that scanSource reads, for alias s.
const sourceColumns = `s.id, s.url, s.title, s.site_url, s.category, s.full_text, s.etag,
	s.last_modified, s.last_fetched_at, s.next_fetch_at, s.interval_seconds, s.last_error,
	s.error_count, s.created_at,
	(SELECT count(*) FROM stories WHERE source_id = s.id)`

// scanSource reads one row of sourceColumns.
func scanSource(row pgx.Row) (*herald.Source, error) {
	var s herald.Source
	var fullText string
	var fetched, next *time.Time
	var interval int64
	err := row.Scan(&s.ID, &s.URL, &s.Title, &s.SiteURL, &s.Category, &fullText, &s.ETag,
		&s.LastModified, &fetched, &next, &interval, &s.LastError,
		&s.ErrorCount, &s.CreatedAt, &s.StoryCount)
	if err != nil {
		return nil, err
	}
	s.FullText = herald.FullTextMode(fullText)
	s.LastFetchedAt, s.NextFetchAt = utc(fetched), utc(next)
	s.Interval = time.Duration(interval) * time.Second
	s.CreatedAt = s.CreatedAt.UTC()
	return &s, nil
}

// CreateSource adds a source; ECONFLICT if its non-empty URL is taken. It sets
// s.ID and s.CreatedAt, and s.FullText to auto when empty.
func (db *DB) CreateSource(ctx context.Context, s *herald.Source) error {
	if s.FullText == "" {
		s.FullText = herald.FullTextAuto
	}
	created := db.clock()
	err := db.pool.QueryRow(ctx, `INSERT INTO sources
		(url, title, site_url, category, full_text, etag, last_modified, last_fetched_at,
		 next_fetch_at, interval_seconds, last_error, error_count, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		s.URL, storetext.Clean(s.Title), s.SiteURL, s.Category, string(s.FullText), s.ETag, s.LastModified,
		null(s.LastFetchedAt), null(s.NextFetchAt), int64(s.Interval/time.Second), s.LastError,
		s.ErrorCount, created).Scan(&s.ID)
	if isCode(err, codeUnique) {
		return herald.Errorf(herald.ECONFLICT, "a source with url %q exists", s.URL)
	}
	if err != nil {
		return wrap(err, "create source", "")
	}
	s.CreatedAt = created
	return nil
}

// Source returns one source with its story count; ENOTFOUND if none.
func (db *DB) Source(ctx context.Context, id int64) (*herald.Source, error) {
	s, err := scanSource(db.pool.QueryRow(ctx, `SELECT `+sourceColumns+` FROM sources s WHERE s.id = $1`, id))
	if err != nil {
		return nil, wrap(err, fmt.Sprintf("source %d", id), fmt.Sprintf("source %d not found", id))
	}
	return s, nil
}

// SourceByURL returns the source with that feed URL; ENOTFOUND if none
// (always for "", which push-only sources share).
func (db *DB) SourceByURL(ctx context.Context, url string) (*herald.Source, error) {
	s, err := scanSource(db.pool.QueryRow(ctx,
		`SELECT `+sourceColumns+` FROM sources s WHERE s.url = $1 AND s.url <> ''`, url))
	if err != nil {
		return nil, wrap(err, "source by url", fmt.Sprintf("no source with url %q", url))
	}
	return s, nil
}

// Sources lists every source ordered by title (case-insensitively), then id.
func (db *DB) Sources(ctx context.Context) ([]*herald.Source, error) {
	out, err := db.querySources(ctx, `SELECT `+sourceColumns+` FROM sources s ORDER BY lower(s.title) COLLATE "C", s.id`)
	if err != nil {
		return nil, wrap(err, "sources", "")
	}
	return out, nil
}

// DueSources returns sources with a URL that are due at now (every one when now
// is zero; a never-scheduled source is always due), the longest due first.
// limit <= 0 means no limit.
func (db *DB) DueSources(ctx context.Context, now time.Time, limit int) ([]*herald.Source, error) {
	var lim any
	if limit > 0 {
		lim = limit
	}
	out, err := db.querySources(ctx, `SELECT `+sourceColumns+` FROM sources s
		WHERE s.url <> '' AND ($1::timestamptz IS NULL OR s.next_fetch_at IS NULL OR s.next_fetch_at <= $1)
		ORDER BY s.next_fetch_at NULLS FIRST, s.id LIMIT $2`, null(now), lim)
	if err != nil {
		return nil, wrap(err, "due sources", "")
	}
	return out, nil
}

// querySources runs a query over sourceColumns and collects the rows.
func (db *DB) querySources(ctx context.Context, query string, args ...any) ([]*herald.Source, error) {
	rows, err := db.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*herald.Source{}
	for rows.Next() {
		s, err := scanSource(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// RecordFetch stores the outcome of a fetch; ENOTFOUND if the source is gone.
// A result without ETag, LastModified or Interval keeps the stored value; a
// zero FetchedAt means now and a zero NextFetchAt leaves the source due. Err
// increments ErrorCount and success resets it. Title and SiteURL fill in only
// fields that are empty.
func (db *DB) RecordFetch(ctx context.Context, r herald.FetchResult) error {
	tag, err := db.pool.Exec(ctx, `UPDATE sources SET
		etag = CASE WHEN $1::text <> '' THEN $1 ELSE etag END,
		last_modified = CASE WHEN $2::text <> '' THEN $2 ELSE last_modified END,
		last_fetched_at = $3,
		next_fetch_at = $4,
		interval_seconds = CASE WHEN $5::bigint > 0 THEN $5 ELSE interval_seconds END,
		last_error = $6,
		error_count = CASE WHEN $6::text <> '' THEN error_count + 1 ELSE 0 END,
		title = CASE WHEN title = '' THEN $7 ELSE title END,
		site_url = CASE WHEN site_url = '' THEN $8 ELSE site_url END,
		url = CASE WHEN $10::text <> '' AND url <> '' AND NOT EXISTS (SELECT 1 FROM sources o WHERE o.url = $10 AND o.id <> $9)
			THEN $10 ELSE url END
		WHERE id = $9`,
		r.ETag, r.LastModified, db.or(r.FetchedAt), null(r.NextFetchAt), int64(r.Interval/time.Second),
		storetext.Clean(r.Err), storetext.Clean(r.Title), storetext.Clean(r.SiteURL), r.SourceID, storetext.Clean(r.URL))
	if err != nil {
		return wrap(err, fmt.Sprintf("record fetch of source %d", r.SourceID), "")
	}
	if tag.RowsAffected() == 0 {
		return herald.Errorf(herald.ENOTFOUND, "source %d not found", r.SourceID)
	}
	return nil
}

// DeleteSource removes a source, its stories and everything that hangs off
// them; ENOTFOUND if none.
func (db *DB) DeleteSource(ctx context.Context, id int64) error {
	tag, err := db.pool.Exec(ctx, `DELETE FROM sources WHERE id = $1`, id)
	if err != nil {
		return wrap(err, fmt.Sprintf("delete source %d", id), "")
	}
	if tag.RowsAffected() == 0 {
		return herald.Errorf(herald.ENOTFOUND, "source %d not found", id)
	}
	return nil
}
