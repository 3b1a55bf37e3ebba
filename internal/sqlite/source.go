package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
)

// sourceColumns is the select list that scanSource reads, for alias s.
const sourceColumns = `s.id, s.url, s.title, s.site_url, s.category, s.full_text, s.etag,
	s.last_modified, s.last_fetched_at, s.next_fetch_at, s.interval_seconds, s.last_error,
	s.error_count, s.created_at,
	(SELECT count(*) FROM stories WHERE source_id = s.id)`

// scanSource reads one row of sourceColumns.
func scanSource(row interface{ Scan(...any) error }) (*herald.Source, error) {
	var s herald.Source
	var fetched, next sql.NullInt64
	var interval, created int64
	err := row.Scan(&s.ID, &s.URL, &s.Title, &s.SiteURL, &s.Category, &s.FullText, &s.ETag,
		&s.LastModified, &fetched, &next, &interval, &s.LastError,
		&s.ErrorCount, &created, &s.StoryCount)
	if err != nil {
		return nil, err
	}
	s.LastFetchedAt, s.NextFetchAt = msTime(fetched), msTime(next)
	s.Interval = time.Duration(interval) * time.Second
	s.CreatedAt = time.UnixMilli(created).UTC()
	return &s, nil
}

// CreateSource adds a source; ECONFLICT if its non-empty URL is taken. It sets
// s.ID and s.CreatedAt, and s.FullText to auto when empty.
func (db *DB) CreateSource(ctx context.Context, s *herald.Source) error {
	if s.FullText == "" {
		s.FullText = herald.FullTextAuto
	}
	created := db.clock()
	err := db.w.QueryRowContext(ctx, `INSERT INTO sources
		(url, title, site_url, category, full_text, etag, last_modified, last_fetched_at,
		 next_fetch_at, interval_seconds, last_error, error_count, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		s.URL, storetext.Clean(s.Title), s.SiteURL, s.Category, s.FullText, s.ETag, s.LastModified,
		ms(s.LastFetchedAt), ms(s.NextFetchAt), int64(s.Interval/time.Second), s.LastError,
		s.ErrorCount, created.UnixMilli()).Scan(&s.ID)
	if isUnique(err) {
		return herald.Errorf(herald.ECONFLICT, "a source with url %q exists", s.URL)
	}
	if err != nil {
		return fmt.Errorf("create source: %w", err)
	}
	s.CreatedAt = created
	return nil
}

// Source returns one source with its story count; ENOTFOUND if none.
func (db *DB) Source(ctx context.Context, id int64) (*herald.Source, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+sourceColumns+` FROM sources s WHERE s.id = ?`, id)
	s, err := scanSource(row)
	if err != nil {
		return nil, fmt.Errorf("source %d: %w", id, notFound(err, "source %d not found", id))
	}
	return s, nil
}

// SourceByURL returns the source with that feed URL; ENOTFOUND if none
// (always for "", which push-only sources share).
func (db *DB) SourceByURL(ctx context.Context, url string) (*herald.Source, error) {
	row := db.r.QueryRowContext(ctx,
		`SELECT `+sourceColumns+` FROM sources s WHERE s.url = ? AND s.url <> ''`, url)
	s, err := scanSource(row)
	if err != nil {
		return nil, fmt.Errorf("source by url: %w", notFound(err, "no source with url %q", url))
	}
	return s, nil
}

// Sources lists every source ordered by title (case-insensitively), then id.
func (db *DB) Sources(ctx context.Context) ([]*herald.Source, error) {
	out, err := db.querySources(ctx,
		`SELECT `+sourceColumns+` FROM sources s ORDER BY lower(s.title), s.id`)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	return out, nil
}

// DueSources returns sources with a URL that are due at now (every one when now
// is zero; a never-scheduled source is always due), the longest due first.
// limit <= 0 means no limit.
func (db *DB) DueSources(ctx context.Context, now time.Time, limit int) ([]*herald.Source, error) {
	if limit <= 0 {
		limit = -1
	}
	var due any = int64(1<<63 - 1)
	if !now.IsZero() {
		due = now.UnixMilli()
	}
	out, err := db.querySources(ctx, `SELECT `+sourceColumns+` FROM sources s
		WHERE s.url <> '' AND (s.next_fetch_at IS NULL OR s.next_fetch_at <= ?)
		ORDER BY s.next_fetch_at NULLS FIRST, s.id LIMIT ?`, due, limit)
	if err != nil {
		return nil, fmt.Errorf("due sources: %w", err)
	}
	return out, nil
}

// querySources runs a query over sourceColumns and collects the rows.
func (db *DB) querySources(ctx context.Context, query string, args ...any) ([]*herald.Source, error) {
	rows, err := db.r.QueryContext(ctx, query, args...)
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
	fetched := r.FetchedAt
	if fetched.IsZero() {
		fetched = db.clock()
	}
	res, err := db.w.ExecContext(ctx, `UPDATE sources SET
		etag = CASE WHEN ?1 <> '' THEN ?1 ELSE etag END,
		last_modified = CASE WHEN ?2 <> '' THEN ?2 ELSE last_modified END,
		last_fetched_at = ?3,
		next_fetch_at = ?4,
		interval_seconds = CASE WHEN ?5 > 0 THEN ?5 ELSE interval_seconds END,
		last_error = ?6,
		error_count = CASE WHEN ?6 <> '' THEN error_count + 1 ELSE 0 END,
		title = CASE WHEN title = '' THEN ?7 ELSE title END,
		site_url = CASE WHEN site_url = '' THEN ?8 ELSE site_url END,
		url = CASE WHEN ?10 <> '' AND url <> '' AND NOT EXISTS (SELECT 1 FROM sources o WHERE o.url = ?10 AND o.id <> ?9)
			THEN ?10 ELSE url END
		WHERE id = ?9`,
		r.ETag, r.LastModified, ms(fetched), ms(r.NextFetchAt), int64(r.Interval/time.Second),
		storetext.Clean(r.Err), storetext.Clean(r.Title), storetext.Clean(r.SiteURL), r.SourceID, storetext.Clean(r.URL))
	if err != nil {
		return fmt.Errorf("record fetch of source %d: %w", r.SourceID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return herald.Errorf(herald.ENOTFOUND, "source %d not found", r.SourceID)
	}
	return nil
}

// DeleteSource removes a source, its stories and everything that hangs off
// them; ENOTFOUND if none.
func (db *DB) DeleteSource(ctx context.Context, id int64) error {
	res, err := db.w.ExecContext(ctx, `DELETE FROM sources WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete source %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return herald.Errorf(herald.ENOTFOUND, "source %d not found", id)
	}
	return nil
}
