package store

import (
	"context"
	"fmt"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
)

// sourceColumns is the select list that scanSource reads, for alias s, with
// the number of stories readers can see (stories under embargo are not
// counted; the count is kept by every write, see counts.go).
const sourceColumns = `s.id, s.url, s.title, s.site_url, s.category, s.full_text, s.etag,
	s.last_modified, s.last_fetched_at, s.next_fetch_at, s.interval_seconds, s.last_error,
	s.error_count, s.created_at, s.last_fetched_by, s.paused, s.min_interval_seconds, s.max_interval_seconds,
	s.story_count`

// fetchColumns is sourceColumns without the story count, for ingest.
const fetchColumns = `s.id, s.url, s.title, s.site_url, s.category, s.full_text, s.etag,
	s.last_modified, s.last_fetched_at, s.next_fetch_at, s.interval_seconds, s.last_error,
	s.error_count, s.created_at, s.last_fetched_by, s.paused, s.min_interval_seconds, s.max_interval_seconds, 0`

// scanSource reads one row of sourceColumns or fetchColumns.
func scanSource(row interface{ Scan(...any) error }) (*herald.Source, error) {
	var s herald.Source
	err := row.Scan(&s.ID, &s.URL, &s.Title, &s.SiteURL, &s.Category, &s.FullText, &s.ETag,
		&s.LastModified, at(&s.LastFetchedAt), at(&s.NextFetchAt), durationSeconds{&s.Interval}, &s.LastError,
		&s.ErrorCount, at(&s.CreatedAt), &s.LastFetchedBy, &s.Paused, durationSeconds{&s.MinInterval},
		durationSeconds{&s.MaxInterval}, &s.StoryCount)
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// CreateSource adds a source; ECONFLICT if its non-empty URL is taken. It sets
// s.ID and s.CreatedAt, and s.FullText to auto when empty.
func (db *DB) CreateSource(ctx context.Context, s *herald.Source) error {
	if s.FullText == "" {
		s.FullText = herald.FullTextAuto
	}
	created := db.clock()
	err := db.writeRow(ctx, `INSERT INTO sources
		(url, title, site_url, category, full_text, etag, last_modified, last_fetched_at,
		 next_fetch_at, interval_seconds, last_error, error_count, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		storetext.Clean(s.URL), storetext.Clean(s.Title), storetext.Clean(s.SiteURL), storetext.Clean(s.Category),
		string(s.FullText), s.ETag, s.LastModified, db.t(s.LastFetchedAt), db.t(s.NextFetchAt),
		int64(s.Interval/time.Second), s.LastError, s.ErrorCount, db.t(created)).Scan(&s.ID)
	if db.class(err) == errUnique {
		return herald.Errorf(herald.ECONFLICT, "a source with url %q exists", s.URL)
	}
	if err != nil {
		return db.wrap(err, "create source", "")
	}
	s.CreatedAt = created
	return nil
}

// Source returns one source with its story count; ENOTFOUND if none.
func (db *DB) Source(ctx context.Context, id int64) (*herald.Source, error) {
	s, err := scanSource(db.queryRow(ctx, `SELECT `+sourceColumns+` FROM sources s WHERE s.id = $1`, id))
	if err != nil {
		return nil, db.wrap(err, fmt.Sprintf("source %d", id), fmt.Sprintf("source %d not found", id))
	}
	return s, nil
}

// SourceByURL returns the source with that feed URL; ENOTFOUND if none
// (always for "", which push-only sources share).
func (db *DB) SourceByURL(ctx context.Context, url string) (*herald.Source, error) {
	s, err := scanSource(db.queryRow(ctx, `SELECT `+sourceColumns+` FROM sources s
		WHERE s.url = $1 AND s.url <> ''`, url))
	if err != nil {
		return nil, db.wrap(err, "source by url", fmt.Sprintf("no source with url %q", url))
	}
	return s, nil
}

// Sources lists every source ordered by title (case-insensitively), then id.
func (db *DB) Sources(ctx context.Context) ([]*herald.Source, error) {
	out, err := db.querySources(ctx, `SELECT `+sourceColumns+` FROM sources s
		ORDER BY lower(s.title){{C}}, s.id`)
	if err != nil {
		return nil, db.wrap(err, "sources", "")
	}
	return out, nil
}

// noLimit stands for "no limit" in a LIMIT clause both dialects read.
const noLimit = 1<<62 - 1

// farFuture is later than any time a store keeps (both dialects can hold it):
// "every source is due", "no cursor yet".
var farFuture = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)

// DueSources returns sources with a URL that are due at now (every one when now
// is zero; a never-scheduled source is always due), the longest due first.
// limit <= 0 means no limit. It claims nothing; see ClaimDueSources.
func (db *DB) DueSources(ctx context.Context, now time.Time, limit int) ([]*herald.Source, error) {
	if limit <= 0 {
		limit = noLimit
	}
	due := farFuture
	if !now.IsZero() {
		due = now
	}
	out, err := db.querySources(ctx, `SELECT `+fetchColumns+` FROM sources s
		WHERE s.url <> '' AND NOT s.paused AND (s.next_fetch_at IS NULL OR s.next_fetch_at <= $1)
		ORDER BY s.next_fetch_at NULLS FIRST, s.id LIMIT $2`, db.t(due), limit)
	if err != nil {
		return nil, db.wrap(err, "due sources", "")
	}
	return out, nil
}

// querySources runs a read over sourceColumns and collects the rows.
func (db *DB) querySources(ctx context.Context, query string, args ...any) ([]*herald.Source, error) {
	rows, err := db.query(ctx, query, args...)
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

// RecordFetch stores the outcome of a fetch and releases the source's claim;
// ENOTFOUND if the source is gone. A result without ETag, LastModified or
// Interval keeps the stored value; a zero FetchedAt means now and a zero
// NextFetchAt leaves the source due. Err increments ErrorCount and success
// resets it. Title and SiteURL fill in only fields that are empty. r.By
// names the instance that fetched it.
func (db *DB) RecordFetch(ctx context.Context, r herald.FetchResult) error {
	res, err := db.exec(ctx, `UPDATE sources SET
		etag = CASE WHEN CAST($1 AS TEXT) <> '' THEN $1 ELSE etag END,
		last_modified = CASE WHEN CAST($2 AS TEXT) <> '' THEN $2 ELSE last_modified END,
		last_fetched_at = $3,
		next_fetch_at = $4,
		interval_seconds = CASE WHEN CAST($5 AS BIGINT) > 0 THEN $5 ELSE interval_seconds END,
		last_error = $6,
		error_count = CASE WHEN CAST($6 AS TEXT) <> '' THEN error_count + 1 ELSE 0 END,
		title = CASE WHEN title = '' THEN $7 ELSE title END,
		site_url = CASE WHEN site_url = '' THEN $8 ELSE site_url END,
		url = CASE WHEN CAST($10 AS TEXT) <> '' AND url <> ''
			AND NOT EXISTS (SELECT 1 FROM sources o WHERE o.url = $10 AND o.id <> $9) THEN $10 ELSE url END,
		last_fetched_by = $11, claimed_by = '', claim_until = NULL
		WHERE id = $9`,
		r.ETag, r.LastModified, db.t(db.or(r.FetchedAt)), db.t(r.NextFetchAt), int64(r.Interval/time.Second),
		storetext.Clean(r.Err), storetext.Clean(r.Title), storetext.Clean(r.SiteURL), r.SourceID,
		storetext.Clean(r.URL), storetext.Clean(r.By))
	if err != nil {
		return db.wrap(err, fmt.Sprintf("record fetch of source %d", r.SourceID), "")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return herald.Errorf(herald.ENOTFOUND, "source %d not found", r.SourceID)
	}
	return nil
}

// DeleteSource removes a source, its stories and everything that hangs off
// them; ENOTFOUND if none.
func (db *DB) DeleteSource(ctx context.Context, id int64) error {
	err := db.write(ctx, func(t tx) error {
		rows, err := t.query(ctx, `SELECT DISTINCT st.topic_id FROM story_topics st JOIN stories s ON s.id = st.story_id
			WHERE s.source_id = $1 ORDER BY st.topic_id`, id)
		if err != nil {
			return err
		}
		var topics []int64
		for rows.Next() {
			var tid int64
			if err := rows.Scan(&tid); err != nil {
				rows.Close()
				return err
			}
			topics = append(topics, tid)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		res, err := t.exec(ctx, `DELETE FROM sources WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return herald.Errorf(herald.ENOTFOUND, "source %d not found", id)
		}
		return recountTopics(ctx, t, topics, db.clock())
	})
	if err != nil {
		return db.wrap(err, fmt.Sprintf("delete source %d", id), "")
	}
	return nil
}
