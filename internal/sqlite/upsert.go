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
	externalID, text, authors, topics string
	fetchedAt, now                    int64 // unix milliseconds
}

// topicRow is one topic link of a story, as json_each reads it.
type topicRow struct {
	Slug     string  `json:"slug"`
	Name     string  `json:"name"`
	NameKey  string  `json:"name_key"`
	Kind     string  `json:"kind"`
	Salience float64 `json:"salience"`
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
	err = db.write(ctx, func(tx *sql.Tx) error {
		res, err = upsertStory(ctx, tx, row)
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
	row.text = storetext.Plain(c.ContentHTML)
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
	topics, err := topicRows(c.Topics)
	if err != nil {
		return nil, err
	}
	b, _ = json.Marshal(topics)
	row.topics = string(b)
	row.fetchedAt, row.now = now, now
	if !c.FetchedAt.IsZero() {
		row.fetchedAt = c.FetchedAt.UnixMilli()
	}
	return row, nil
}

// topicRows validates and normalises a story's topics: one entry per slug
// (the most salient), ordered by slug so that concurrent writers lock alike.
func topicRows(in []herald.StoryTopic) ([]topicRow, error) {
	rows, err := storetext.TopicLinks(in)
	if err != nil {
		return nil, err
	}
	out := make([]topicRow, len(rows))
	for i, t := range rows {
		out[i] = topicRow{Slug: t.Slug, Name: t.Name, NameKey: t.NameKey, Kind: t.Kind, Salience: t.Salience}
	}
	return out, nil
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
func upsertStory(ctx context.Context, tx *sql.Tx, row *storyRow) (herald.UpsertResult, error) {
	var res herald.UpsertResult
	prev, err := scanStory(tx.QueryRowContext(ctx, `SELECT `+storyColumns+storyFrom+`
		WHERE s.source_id = ? AND s.external_id = ?`, row.SourceID, row.externalID))
	switch {
	case err == nil:
		res.ID = prev.ID
		res.Revision, res.RevisionCount, err = reviseStory(ctx, tx, prev, row)
	case errors.Is(err, sql.ErrNoRows):
		if res.ID, err = duplicateOf(ctx, tx, row); err != nil || res.ID != 0 {
			res.Duplicate = true
			return res, err
		}
		res.Created = true
		res.ID, err = insertStory(ctx, tx, row)
	}
	if err != nil {
		return herald.UpsertResult{}, err
	}
	return res, linkTopics(ctx, tx, res.ID, row)
}

// duplicateOf returns the id of a stored story with row's non-empty canonical
// URL or fingerprint, or 0.
func duplicateOf(ctx context.Context, tx *sql.Tx, row *storyRow) (int64, error) {
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
func insertStory(ctx context.Context, tx *sql.Tx, r *storyRow) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO stories (source_id, external_id, url, canonical_url,
		title, summary, content_html, text, authors, image_url, image_caption, published_at,
		updated_at, fetched_at, section, cluster_id, fingerprint, image_credit, embargo_until, section_source)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.SourceID, r.externalID, r.URL, r.CanonicalURL, r.Title, r.Summary, r.ContentHTML, r.text,
		r.authors, r.ImageURL, r.ImageCaption, r.PublishedAt.UnixMilli(), ms(r.UpdatedAt),
		r.fetchedAt, r.Section, r.ClusterID, r.Fingerprint, r.ImageCredit, ms(r.EmbargoUntil), r.SectionSource).Scan(&id)
	return id, err
}

// reviseStory overwrites the stored story prev with row and, when a tracked
// field changed, records a revision. It returns the revision (nil if none)
// and the story's revision count.
func reviseStory(ctx context.Context, tx *sql.Tx, prev *herald.Story, row *storyRow) (*herald.Revision, int, error) {
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
func updateStory(ctx context.Context, tx *sql.Tx, id int64, r *storyRow, revisions int) error {
	_, err := tx.ExecContext(ctx, `UPDATE stories SET url = ?, canonical_url = ?, title = ?,
		summary = ?, content_html = ?, text = ?, authors = ?, image_url = ?, image_caption = ?,
		published_at = ?, updated_at = ?, fetched_at = ?, section = ?, cluster_id = ?,
		fingerprint = ?, image_credit = ?, embargo_until = ?, revision_count = ?, section_source = ?
		WHERE id = ?`,
		r.URL, r.CanonicalURL, r.Title, r.Summary, r.ContentHTML, r.text, r.authors, r.ImageURL,
		r.ImageCaption, r.PublishedAt.UnixMilli(), ms(r.UpdatedAt), r.fetchedAt, r.Section,
		r.ClusterID, r.Fingerprint, r.ImageCredit, ms(r.EmbargoUntil), revisions, r.SectionSource, id)
	return err
}

// linkTopics creates row's new topics (existing ones keep their name and kind)
// and replaces the topic links of story id with row's.
func linkTopics(ctx context.Context, tx *sql.Tx, id int64, row *storyRow) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM story_topics WHERE story_id = ?`, id); err != nil {
		return fmt.Errorf("unlink topics: %w", err)
	}
	if row.topics == "[]" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO topics (slug, name, name_key, kind, created_at)
		SELECT j.value ->> 'slug', j.value ->> 'name', j.value ->> 'name_key', j.value ->> 'kind', ?
		FROM json_each(?) AS j WHERE true
		ON CONFLICT (slug) DO NOTHING`, row.now, row.topics)
	if err != nil {
		return fmt.Errorf("create topics: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO story_topics (story_id, topic_id, salience)
		SELECT ?, t.id, j.value ->> 'salience'
		FROM json_each(?) AS j JOIN topics t ON t.slug = j.value ->> 'slug'`, id, row.topics)
	if err != nil {
		return fmt.Errorf("link topics: %w", err)
	}
	return nil
}

// UpsertStories stores the stories in one write transaction, each inside its own
// savepoint, so that a story that fails is rolled back alone and the others are
// committed together (one commit instead of one per story). An error that ends
// the transaction itself is reported for every story.
func (db *DB) UpsertStories(ctx context.Context, stories []*herald.Story) ([]herald.UpsertResult, []error) {
	res := make([]herald.UpsertResult, len(stories))
	errs := make([]error, len(stories))
	now := db.clock().UnixMilli()
	err := db.write(ctx, func(tx *sql.Tx) error {
		for i, s := range stories {
			var err error
			res[i], err = upsertInSavepoint(ctx, tx, s, now)
			if err != nil && ctx.Err() != nil {
				return ctx.Err()
			}
			errs[i] = err
		}
		return nil
	})
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

// upsertInSavepoint runs one story's upsert inside a savepoint of tx.
func upsertInSavepoint(ctx context.Context, tx *sql.Tx, s *herald.Story, now int64) (herald.UpsertResult, error) {
	row, err := prepareStory(s, now)
	if err != nil {
		return herald.UpsertResult{}, fmt.Errorf("upsert story: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `SAVEPOINT story`); err != nil {
		return herald.UpsertResult{}, fmt.Errorf("upsert story: %w", err)
	}
	res, err := upsertStory(ctx, tx, row)
	if err != nil {
		if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO story`); rerr != nil {
			return herald.UpsertResult{}, fmt.Errorf("upsert story: %w", errors.Join(err, rerr))
		}
		if isForeignKey(err) {
			err = herald.Errorf(herald.ENOTFOUND, "source %d not found", s.SourceID)
		}
		err = fmt.Errorf("upsert story %.80q of source %d: %w", row.externalID, s.SourceID, err)
	}
	if _, rerr := tx.ExecContext(ctx, `RELEASE story`); rerr != nil && err == nil {
		return herald.UpsertResult{}, fmt.Errorf("upsert story: %w", rerr)
	}
	return res, err
}
