package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
)

// storyRow is a story prepared for writing: cleaned, with its search text and
// its authors and topics encoded for SQL.
type storyRow struct {
	*herald.Story
	externalID, text, authors string
	links                     []storetext.TopicLink
	fetchedAt, now            int64 // unix milliseconds
}

// UpsertStory stores s, keyed by (SourceID, ExternalID); see herald.StoryStore.
// An empty ExternalID falls back to CanonicalURL, then URL; EINVALID when all
// three are empty or a topic has no slug, ENOTFOUND when the source does not
// exist. Text is cleaned of NUL bytes and invalid UTF-8. It sets s.ID unless
// the story is a duplicate; a duplicate's result carries the stored story's ID.
func (db *DB) UpsertStory(ctx context.Context, s *herald.Story) (herald.UpsertResult, error) {
	row, err := prepareStory(s, db.clock().UnixMilli())
	if err != nil {
		return herald.UpsertResult{}, fmt.Errorf("upsert story: %w", err)
	}
	var res herald.UpsertResult
	err = db.writeStories(ctx, func(b *batch) error {
		res, err = upsertStory(ctx, b, row)
		return err
	})
	if isForeignKey(err) {
		err = herald.Errorf(herald.ENOTFOUND, "source %d not found", s.SourceID)
	}
	if err != nil {
		return herald.UpsertResult{}, fmt.Errorf("upsert story %.80q of source %d: %w", row.externalID, s.SourceID, err)
	}
	if !res.Duplicate {
		s.ID = res.ID
	}
	return res, nil
}

// prepareStory validates s and derives what the stories row needs.
func prepareStory(s *herald.Story, now int64) (*storyRow, error) {
	c := *s
	for _, f := range []*string{&c.ExternalID, &c.URL, &c.CanonicalURL, &c.Title, &c.Summary,
		&c.ContentHTML, &c.ImageURL, &c.ImageCaption, &c.ImageCredit, &c.Section, &c.SectionSource, &c.Fingerprint} {
		*f = storetext.Clean(*f)
	}
	row := &storyRow{Story: &c, externalID: firstNonEmpty(c.ExternalID, c.CanonicalURL, c.URL)}
	if row.externalID == "" {
		return nil, herald.Errorf(herald.EINVALID, "story: external_id or url is required")
	}
	row.text = storetext.SearchText(c.Text)
	if row.text == "" {
		row.text = storetext.Plain(c.ContentHTML)
	}
	if row.text == "" {
		row.text = storetext.Plain(c.Summary)
	}
	authors := make([]string, 0, len(c.Authors))
	for _, a := range c.Authors {
		authors = append(authors, storetext.Clean(a))
	}
	c.Authors = authors
	b, _ := json.Marshal(authors)
	row.authors = string(b)
	var err error
	if row.links, err = storetext.TopicLinks(c.Topics); err != nil {
		return nil, err
	}
	row.fetchedAt, row.now = now, now
	if !c.FetchedAt.IsZero() {
		row.fetchedAt = c.FetchedAt.UnixMilli()
	}
	return row, nil
}

// firstNonEmpty returns the first of ss that is not "".
func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// upsertStory updates the story with row's key (recording a revision when a
// tracked field changed), or reports a duplicate, or inserts it; then it
// replaces the story's topic links.
func upsertStory(ctx context.Context, b *batch, row *storyRow) (herald.UpsertResult, error) {
	var res herald.UpsertResult
	tx := b.tx
	prev, err := scanStory(tx.QueryRowContext(ctx, `SELECT `+storyColumns+storyFrom+`
		WHERE s.source_id = ? AND s.external_id = ?`, row.SourceID, row.externalID))
	switch {
	case err == nil:
		res.ID = prev.ID
		// The update trigger takes the old text out of the search index, so
		// a story inserted earlier in this batch must be in it first.
		if err = b.indexSearch(ctx); err == nil {
			res.Revision, res.RevisionCount, err = reviseStory(ctx, tx, prev, row)
		}
	case errors.Is(err, sql.ErrNoRows):
		if res.ID, err = duplicateOf(ctx, tx, row); err != nil || res.ID != 0 {
			res.Duplicate = true
			return res, err
		}
		res.Created = true
		if res.ID, err = insertStory(ctx, tx, row); err == nil {
			b.unindexed = append(b.unindexed, res.ID)
		}
	}
	if err != nil {
		return herald.UpsertResult{}, err
	}
	return res, b.topics.link(ctx, tx, res.ID, row.links, !res.Created, row.now)
}

// duplicateOf returns the id of a stored story with row's non-empty canonical
// URL or fingerprint, or 0.
func duplicateOf(ctx context.Context, tx writer, row *storyRow) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM stories WHERE ?1 <> '' AND canonical_url = ?1
		UNION ALL SELECT id FROM stories WHERE ?2 <> '' AND fingerprint = ?2 LIMIT 1`,
		row.CanonicalURL, row.Fingerprint).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// insertStory adds a new stories row and returns its id.
func insertStory(ctx context.Context, tx writer, r *storyRow) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO stories (source_id, external_id, url, canonical_url,
		title, summary, content_html, text, authors, image_url, image_caption, published_at,
		updated_at, fetched_at, section, cluster_id, fingerprint, image_credit, embargo_until, section_source,
		item_hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.SourceID, r.externalID, r.URL, r.CanonicalURL, r.Title, r.Summary, r.ContentHTML, r.text,
		r.authors, r.ImageURL, r.ImageCaption, r.PublishedAt.UnixMilli(), ms(r.UpdatedAt),
		r.fetchedAt, r.Section, r.ClusterID, r.Fingerprint, r.ImageCredit, ms(r.EmbargoUntil), r.SectionSource,
		r.ItemHash).Scan(&id)
	return id, err
}

// reviseStory overwrites the stored story prev with row and, when a tracked
// field changed, records a revision. It returns the revision (nil if none)
// and the story's revision count.
func reviseStory(ctx context.Context, tx writer, prev *herald.Story, row *storyRow) (*herald.Revision, int, error) {
	if row.PublishedGuessed {
		row.PublishedAt = prev.PublishedAt // row.Story is prepareStory's copy
	}
	rev := row.Diff(prev)
	count := prev.RevisionCount
	if rev != nil {
		rev.StoryID, rev.At = prev.ID, msTime(sql.NullInt64{Int64: row.now, Valid: true})
		if err := insertRevision(ctx, tx, rev); err != nil {
			return nil, 0, err
		}
		count++
	}
	return rev, count, updateStory(ctx, tx, prev.ID, row, count)
}

// updateStory overwrites the stories row id with row.
func updateStory(ctx context.Context, tx writer, id int64, r *storyRow, revisions int) error {
	_, err := tx.ExecContext(ctx, `UPDATE stories SET url = ?, canonical_url = ?, title = ?,
		summary = ?, content_html = ?, text = ?, authors = ?, image_url = ?, image_caption = ?,
		published_at = ?, updated_at = ?, fetched_at = ?, section = ?, cluster_id = ?,
		fingerprint = ?, image_credit = ?, embargo_until = ?, revision_count = ?, section_source = ?,
		item_hash = ?
		WHERE id = ?`,
		r.URL, r.CanonicalURL, r.Title, r.Summary, r.ContentHTML, r.text, r.authors, r.ImageURL,
		r.ImageCaption, r.PublishedAt.UnixMilli(), ms(r.UpdatedAt), r.fetchedAt, r.Section,
		r.ClusterID, r.Fingerprint, r.ImageCredit, ms(r.EmbargoUntil), revisions, r.SectionSource,
		r.ItemHash, id)
	return err
}

// UpsertStories stores the stories in one write transaction (one commit instead
// of one per story). A story that fails is rolled back alone and the others
// are committed together: the batch is first written straight through, and
// only if a story fails is it written again with a savepoint per story.
// Savepoints are not free (each one flushes the full-text index's pending
// terms), and a failure at this point is rare: validation happens before any
// SQL. An error that ends the transaction itself is reported for every story.
func (db *DB) UpsertStories(ctx context.Context, stories []*herald.Story) ([]herald.UpsertResult, []error) {
	res := make([]herald.UpsertResult, len(stories))
	errs := make([]error, len(stories))
	now := db.clock().UnixMilli()
	rows := make([]*storyRow, len(stories))
	for i, s := range stories {
		if rows[i], errs[i] = prepareStory(s, now); errs[i] != nil {
			errs[i] = fmt.Errorf("upsert story: %w", errs[i])
		}
	}
	errFailed := errors.New("a story failed")
	err := db.writeStories(ctx, func(b *batch) error {
		for i, row := range rows {
			if row == nil {
				continue
			}
			var err error
			if res[i], err = upsertStory(ctx, b, row); err != nil {
				return errFailed
			}
		}
		return nil
	})
	if errors.Is(err, errFailed) {
		err = db.writeStories(ctx, func(b *batch) error {
			for i, row := range rows {
				if row == nil {
					continue
				}
				var err error
				res[i], err = upsertInSavepoint(ctx, b, row)
				if err != nil && ctx.Err() != nil {
					return ctx.Err()
				}
				errs[i] = err
			}
			return nil
		})
	}
	if err != nil {
		for i := range stories {
			res[i], errs[i] = herald.UpsertResult{}, fmt.Errorf("upsert stories: %w", err)
		}
		return res, errs
	}
	for i, s := range stories {
		if errs[i] == nil && !res[i].Duplicate {
			s.ID = res[i].ID
		}
	}
	return res, errs
}

// batch is the state of one transaction that writes stories.
type batch struct {
	tx     writer // queries prepared once per transaction (stmtCache)
	topics *topicLinker
	// unindexed holds stories inserted in this transaction whose search
	// index entries are not written yet. Writing them together at the end
	// keeps FTS5 from flushing its pending terms at every statement that
	// opens a statement journal (each multi-row write does), which costs
	// more than the insert itself and leaves a segment per story to merge.
	unindexed []int64
}

// indexSearch writes the search index entries of the unindexed stories.
func (b *batch) indexSearch(ctx context.Context) error {
	if len(b.unindexed) == 0 {
		return nil
	}
	ids, err := json.Marshal(b.unindexed)
	if err != nil {
		return err
	}
	if _, err := b.tx.ExecContext(ctx, `INSERT INTO stories_fts (rowid, title, text)
		SELECT id, title, text FROM stories WHERE id IN (SELECT value FROM json_each(?))`, string(ids)); err != nil {
		return fmt.Errorf("index stories for search: %w", err)
	}
	b.unindexed = b.unindexed[:0]
	return nil
}

// writeStories runs fn in a write transaction whose queries are prepared once,
// then indexes the new stories for search. What the topic linker learned
// reaches the topic cache only when the transaction commits.
func (db *DB) writeStories(ctx context.Context, fn func(b *batch) error) error {
	var b batch
	err := db.write(ctx, func(tx *sql.Tx) error {
		b.tx = newStmtCache(tx)
		var err error
		if b.topics, err = db.topics.begin(ctx, b.tx); err != nil {
			return err
		}
		if err := fn(&b); err != nil {
			return err
		}
		return b.indexSearch(ctx)
	})
	if err == nil {
		b.topics.commit()
	}
	return err
}

// upsertInSavepoint runs one story's upsert inside a savepoint of tx.
func upsertInSavepoint(ctx context.Context, b *batch, row *storyRow) (herald.UpsertResult, error) {
	// Index what earlier stories added first: a rollback to this savepoint
	// must not take their search entries with it.
	if err := b.indexSearch(ctx); err != nil {
		return herald.UpsertResult{}, fmt.Errorf("upsert story: %w", err)
	}
	tx, topics, unindexed := b.tx, b.topics, len(b.unindexed)
	if _, err := tx.ExecContext(ctx, `SAVEPOINT story`); err != nil {
		return herald.UpsertResult{}, fmt.Errorf("upsert story: %w", err)
	}
	res, err := upsertStory(ctx, b, row)
	if err == nil {
		topics.keep()
	} else {
		topics.drop()
		b.unindexed = b.unindexed[:unindexed]
		if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO story`); rerr != nil {
			return herald.UpsertResult{}, fmt.Errorf("upsert story: %w", errors.Join(err, rerr))
		}
		if isForeignKey(err) {
			err = herald.Errorf(herald.ENOTFOUND, "source %d not found", row.SourceID)
		}
		err = fmt.Errorf("upsert story %.80q of source %d: %w", row.externalID, row.SourceID, err)
	}
	if _, rerr := tx.ExecContext(ctx, `RELEASE story`); rerr != nil && err == nil {
		return herald.UpsertResult{}, fmt.Errorf("upsert story: %w", rerr)
	}
	return res, err
}

// UnchangedItems returns the external ids among items that source sourceID
// holds with the same non-empty item hash. See herald.StoryStore.
func (db *DB) UnchangedItems(ctx context.Context, sourceID int64, items []herald.ItemKey) (map[string]bool, error) {
	out := make(map[string]bool)
	want := make(map[string]string, len(items))
	ids := make([]string, 0, len(items))
	for _, it := range items {
		if id := storetext.Clean(it.ExternalID); it.Hash != "" && id != "" {
			want[id] = it.Hash
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	b, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("unchanged items: %w", err)
	}
	// IN (list) walks the (source_id, external_id) index once per id; a join
	// against json_each would scan the source's stories instead.
	rows, err := db.r.QueryContext(ctx, `SELECT external_id, item_hash FROM stories
		WHERE source_id = ? AND external_id IN (SELECT value FROM json_each(?))`, sourceID, string(b))
	if err != nil {
		return nil, fmt.Errorf("unchanged items of source %d: %w", sourceID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, hash string
		if err := rows.Scan(&id, &hash); err != nil {
			return nil, fmt.Errorf("unchanged items of source %d: %w", sourceID, err)
		}
		if hash != "" && want[id] == hash {
			out[id] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("unchanged items of source %d: %w", sourceID, err)
	}
	return out, nil
}
