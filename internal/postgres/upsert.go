package postgres

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
	"github.com/jackc/pgx/v5"
)

// storyRow is a story prepared for writing: cleaned, with its search text and
// its topics split into columns for unnest.
type storyRow struct {
	*herald.Story
	externalID, text string
	authors          []string
	fetchedAt, now   time.Time
	slugs, names     []string
	nameKeys, kinds  []string
	saliences        []float64
}

// UpsertStory stores s, keyed by (SourceID, ExternalID); see herald.StoryStore.
// An empty ExternalID falls back to CanonicalURL, then URL; EINVALID when all
// three are empty or a topic has no slug, ENOTFOUND when the source does not
// exist. Text is cleaned of NUL bytes and invalid UTF-8. It sets s.ID unless
// the story is a duplicate; a duplicate's result carries the stored story's ID.
//
// Writers of one key, canonical URL or fingerprint are serialised with
// transaction-scoped advisory locks, so concurrent duplicates are caught.
func (db *DB) UpsertStory(ctx context.Context, s *herald.Story) (herald.UpsertResult, error) {
	row, err := prepareStory(s, db.clock())
	if err != nil {
		return herald.UpsertResult{}, fmt.Errorf("upsert story: %w", err)
	}
	var res herald.UpsertResult
	err = db.write(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k`, lockKeys(row)); err != nil {
			return err
		}
		res, err = upsertStory(ctx, tx, row)
		return err
	})
	if isCode(err, codeForeignKey) {
		err = herald.Errorf(herald.ENOTFOUND, "source %d not found", s.SourceID)
	}
	if err != nil {
		return herald.UpsertResult{}, wrap(err, fmt.Sprintf("upsert story %.80q of source %d", row.externalID, s.SourceID), "")
	}
	if !res.Duplicate {
		s.ID = res.ID
	}
	return res, nil
}

// lockKeys returns the advisory lock keys a story's upsert takes, sorted so
// that every writer takes them in the same order.
func lockKeys(row *storyRow) []int64 {
	keys := []int64{lockKey("story-key", fmt.Sprint(row.SourceID), row.externalID)}
	if row.CanonicalURL != "" {
		keys = append(keys, lockKey("story-url", row.CanonicalURL))
	}
	if row.Fingerprint != "" {
		keys = append(keys, lockKey("story-fingerprint", row.Fingerprint))
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// lockKey hashes parts into one advisory lock key.
func lockKey(parts ...string) int64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return int64(h.Sum64())
}

// prepareStory validates s and derives what the stories row needs.
func prepareStory(s *herald.Story, now time.Time) (*storyRow, error) {
	c := *s
	for _, f := range []*string{&c.ExternalID, &c.URL, &c.CanonicalURL, &c.Title, &c.Summary,
		&c.ContentHTML, &c.ImageURL, &c.ImageCaption, &c.ImageCredit, &c.Section, &c.SectionSource, &c.Fingerprint} {
		*f = storetext.Clean(*f)
	}
	row := &storyRow{Story: &c, externalID: firstNonEmpty(c.ExternalID, c.CanonicalURL, c.URL), now: now, fetchedAt: now}
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
	row.authors = make([]string, 0, len(c.Authors))
	for _, a := range c.Authors {
		row.authors = append(row.authors, storetext.Clean(a))
	}
	c.Authors = row.authors
	links, err := storetext.TopicLinks(c.Topics)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		row.slugs, row.names = append(row.slugs, l.Slug), append(row.names, l.Name)
		row.nameKeys, row.kinds = append(row.nameKeys, l.NameKey), append(row.kinds, l.Kind)
		row.saliences = append(row.saliences, l.Salience)
	}
	if !c.FetchedAt.IsZero() {
		row.fetchedAt = c.FetchedAt
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
func upsertStory(ctx context.Context, tx pgx.Tx, row *storyRow) (herald.UpsertResult, error) {
	var res herald.UpsertResult
	prev, err := scanStory(tx.QueryRow(ctx, `SELECT `+storyColumns+storyFrom+`
		WHERE s.source_id = $1 AND md5(s.external_id) = md5($2)
		AND s.external_id = $2`, row.SourceID, row.externalID))
	switch {
	case err == nil:
		res.ID = prev.ID
		res.Revision, res.RevisionCount, err = reviseStory(ctx, tx, prev, row)
	case errors.Is(err, pgx.ErrNoRows):
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
	return res, linkTopics(ctx, tx, res.ID, row, !res.Created)
}

// duplicateOf returns the id of a stored story with row's non-empty canonical
// URL or fingerprint, or 0.
func duplicateOf(ctx context.Context, tx pgx.Tx, row *storyRow) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `(SELECT id FROM stories WHERE canonical_url <> ''
			AND md5(canonical_url) = md5($1::text) AND canonical_url = $1 LIMIT 1)
		UNION ALL (SELECT id FROM stories WHERE fingerprint <> ''
			AND md5(fingerprint) = md5($2::text) AND fingerprint = $2 LIMIT 1) LIMIT 1`,
		row.CanonicalURL, row.Fingerprint).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// insertStory adds a new stories row and returns its id.
func insertStory(ctx context.Context, tx pgx.Tx, r *storyRow) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO stories (source_id, external_id, url, canonical_url,
		title, summary, content_html, text, authors, image_url, image_caption, published_at,
		updated_at, fetched_at, section, cluster_id, fingerprint, image_credit, embargo_until, section_source,
		item_hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
		RETURNING id`,
		r.SourceID, r.externalID, r.URL, r.CanonicalURL, r.Title, r.Summary, r.ContentHTML, r.text,
		r.authors, r.ImageURL, r.ImageCaption, r.PublishedAt, null(r.UpdatedAt),
		r.fetchedAt, r.Section, r.ClusterID, r.Fingerprint, r.ImageCredit, null(r.EmbargoUntil), r.SectionSource,
		r.ItemHash).Scan(&id)
	return id, err
}

// reviseStory overwrites the stored story prev with row and, when a tracked
// field changed, records a revision. It returns the revision (nil if none)
// and the story's revision count.
func reviseStory(ctx context.Context, tx pgx.Tx, prev *herald.Story, row *storyRow) (*herald.Revision, int, error) {
	if row.PublishedGuessed {
		row.PublishedAt = prev.PublishedAt // row.Story is prepareStory's copy
	}
	rev := row.Diff(prev)
	count := prev.RevisionCount
	if rev != nil {
		rev.StoryID, rev.At = prev.ID, row.now
		if err := insertRevision(ctx, tx, rev); err != nil {
			return nil, 0, err
		}
		count++
	}
	return rev, count, updateStory(ctx, tx, prev.ID, row, count)
}

// updateStory overwrites the stories row id with row.
func updateStory(ctx context.Context, tx pgx.Tx, id int64, r *storyRow, revisions int) error {
	_, err := tx.Exec(ctx, `UPDATE stories SET url = $1, canonical_url = $2, title = $3,
		summary = $4, content_html = $5, text = $6, authors = $7, image_url = $8, image_caption = $9,
		published_at = $10, updated_at = $11, fetched_at = $12, section = $13, cluster_id = $14,
		fingerprint = $15, image_credit = $16, embargo_until = $17, revision_count = $18,
		section_source = $20, item_hash = $21 WHERE id = $19`,
		r.URL, r.CanonicalURL, r.Title, r.Summary, r.ContentHTML, r.text, r.authors, r.ImageURL,
		r.ImageCaption, r.PublishedAt, null(r.UpdatedAt), r.fetchedAt, r.Section,
		r.ClusterID, r.Fingerprint, r.ImageCredit, null(r.EmbargoUntil), revisions, id, r.SectionSource,
		r.ItemHash)
	return err
}

// linkTopics creates row's new topics (existing ones keep their name and kind)
// and replaces the topic links of story id with row's, in one round trip.
func linkTopics(ctx context.Context, tx pgx.Tx, id int64, row *storyRow, existing bool) error {
	var b pgx.Batch
	if existing {
		b.Queue(`DELETE FROM story_topics WHERE story_id = $1`, id)
	}
	if len(row.slugs) > 0 {
		b.Queue(`INSERT INTO topics (slug, name, name_key, kind, created_at)
			SELECT u.slug, u.name, u.name_key, u.kind, $5
			FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u (slug, name, name_key, kind)
			ORDER BY u.slug COLLATE "C"
			ON CONFLICT (slug) DO NOTHING`, row.slugs, row.names, row.nameKeys, row.kinds, row.now)
		// A topic merged away links to the topic it was merged into; two slugs
		// that now name one topic keep the higher salience.
		b.Queue(`INSERT INTO story_topics (story_id, topic_id, salience)
			SELECT $1, coalesce(t.merged_into, t.id), max(u.salience)
			FROM unnest($2::text[], $3::float8[]) AS u (slug, salience) JOIN topics t ON t.slug = u.slug
			GROUP BY 2`,
			id, row.slugs, row.saliences)
	}
	if b.Len() == 0 {
		return nil
	}
	if err := tx.SendBatch(ctx, &b).Close(); err != nil {
		return fmt.Errorf("link topics: %w", err)
	}
	return nil
}

// UpsertStories stores each story with UpsertStory, each in its own transaction:
// PostgreSQL's advisory locks are taken per story, so that concurrent writers of
// the same keys never wait on each other in a different order.
func (db *DB) UpsertStories(ctx context.Context, stories []*herald.Story) ([]herald.UpsertResult, []error) {
	res := make([]herald.UpsertResult, len(stories))
	errs := make([]error, len(stories))
	for i, s := range stories {
		res[i], errs[i] = db.UpsertStory(ctx, s)
	}
	return res, errs
}

// UnchangedItems returns the external ids among items that source sourceID
// holds with the same non-empty item hash. See herald.StoryStore.
func (db *DB) UnchangedItems(ctx context.Context, sourceID int64, items []herald.ItemKey) (map[string]bool, error) {
	out := make(map[string]bool)
	ids := make([]string, 0, len(items))
	hashes := make([]string, 0, len(items))
	for _, it := range items {
		if it.Hash != "" {
			ids, hashes = append(ids, storetext.Clean(it.ExternalID)), append(hashes, it.Hash)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT s.external_id FROM unnest($2::text[], $3::text[]) AS u (id, hash)
		JOIN stories s ON s.source_id = $1 AND md5(s.external_id) = md5(u.id) AND s.external_id = u.id
		WHERE s.item_hash = u.hash`, sourceID, ids, hashes)
	if err != nil {
		return nil, wrap(err, fmt.Sprintf("unchanged items of source %d", sourceID), "")
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, wrap(err, fmt.Sprintf("unchanged items of source %d", sourceID), "")
		}
		out[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err, fmt.Sprintf("unchanged items of source %d", sourceID), "")
	}
	return out, nil
}
