package store

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
)

// storyRow is a story prepared for writing: cleaned, with its search text and
// its authors and topics encoded for SQL.
type storyRow struct {
	*herald.Story
	externalID, text, authors string
	links                     []storetext.TopicLink
	fetchedAt                 time.Time
	// wasVisible says that the stored story this row updates was counted
	// (not under embargo) before the update.
	wasVisible bool
}

// visible reports whether the row's story counts as visible at now.
func (r *storyRow) visible(now time.Time) bool { return !r.EmbargoUntil.After(now) }

// prepareStory validates s and derives what the stories row needs; it
// returns EINVALID when s has no key or a bad topic.
func prepareStory(s *herald.Story, now time.Time) (*storyRow, error) {
	c := *s
	for _, f := range []*string{&c.ExternalID, &c.URL, &c.CanonicalURL, &c.Title, &c.Summary,
		&c.ContentHTML, &c.ImageURL, &c.ImageCaption, &c.ImageCredit, &c.Section, &c.SectionSource, &c.Fingerprint,
		&c.ItemHash} {
		*f = storetext.Clean(*f)
	}
	row := &storyRow{Story: &c, externalID: firstNonEmpty(c.ExternalID, c.CanonicalURL, c.URL), fetchedAt: now}
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
	row.authors = jsonText(authors)
	var err error
	if row.links, err = storetext.TopicLinks(c.Topics); err != nil {
		return nil, err
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

// key names a story by source and external id.
type key struct {
	source int64
	id     string
}

func (r *storyRow) key() key { return key{r.SourceID, r.externalID} }

// lockKeys returns the advisory lock keys of rows (story key, canonical URL,
// fingerprint), sorted and without repeats, so that every writer takes them
// in the same order.
func lockKeys(rows []*storyRow) []int64 {
	var keys []int64
	for _, r := range rows {
		if r == nil {
			continue
		}
		keys = append(keys, lockKey("story-key", fmt.Sprint(r.SourceID), r.externalID))
		if r.CanonicalURL != "" {
			keys = append(keys, lockKey("story-url", r.CanonicalURL))
		}
		if r.Fingerprint != "" {
			keys = append(keys, lockKey("story-fingerprint", r.Fingerprint))
		}
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

// UpsertStory stores s, keyed by (SourceID, ExternalID); see herald.StoryStore.
// An empty ExternalID falls back to CanonicalURL, then URL; EINVALID when all
// three are empty or a topic has no slug, ENOTFOUND when the source does not
// exist. Text is cleaned of NUL bytes and invalid UTF-8. It sets s.ID unless
// the story is a duplicate; a duplicate's result carries the stored story's ID.
func (db *DB) UpsertStory(ctx context.Context, s *herald.Story) (herald.UpsertResult, error) {
	res, errs := db.UpsertStories(ctx, []*herald.Story{s})
	return res[0], errs[0]
}

// UpsertStories stores the stories in one write transaction, with a handful
// of statements for the whole batch (look up, insert, link topics) rather
// than a handful per story. A story that fails is rolled back alone and the
// others are committed together: the batch is first written straight
// through, and only if a story fails is it written again with a savepoint per
// story. An error that ends the transaction itself is reported for every
// story. Writers of the same keys in other connections (PostgreSQL) are
// serialised by advisory locks taken in key order, so concurrent duplicates
// are caught.
func (db *DB) UpsertStories(ctx context.Context, stories []*herald.Story) ([]herald.UpsertResult, []error) {
	res := make([]herald.UpsertResult, len(stories))
	errs := make([]error, len(stories))
	now := db.clock()
	rows := make([]*storyRow, len(stories))
	for i, s := range stories {
		if rows[i], errs[i] = prepareStory(s, now); errs[i] != nil {
			errs[i] = fmt.Errorf("upsert story: %w", errs[i])
		}
	}
	errFailed := errors.New("a story failed")
	err := db.writeStories(ctx, rows, func(b *batch) error {
		if err := b.upsert(ctx, rows, res, now); err != nil {
			return errFailed
		}
		return nil
	})
	if errors.Is(err, errFailed) {
		err = db.writeStories(ctx, rows, func(b *batch) error {
			for i, row := range rows {
				if row == nil {
					continue
				}
				errs[i] = b.upsertInSavepoint(ctx, row, &res[i], now)
				if errs[i] != nil && ctx.Err() != nil {
					return ctx.Err()
				}
			}
			return nil
		})
	}
	if err != nil {
		err = db.wrap(err, "upsert stories", "")
		for i := range stories {
			res[i], errs[i] = herald.UpsertResult{}, err
		}
		return res, errs
	}
	for i, s := range stories {
		if errs[i] == nil && !res[i].Duplicate && rows[i] != nil {
			s.ID = res[i].ID
		}
	}
	return res, errs
}

// batch is the state of one transaction that writes stories.
type batch struct {
	db     *DB
	t      tx
	topics *topicLinker
}

// writeStories runs fn in a write transaction that first takes the advisory
// locks of every row, then indexes the new stories for search. What the
// topic linker learned reaches the topic cache only when the transaction
// commits.
func (db *DB) writeStories(ctx context.Context, rows []*storyRow, fn func(b *batch) error) error {
	b := &batch{db: db}
	err := db.write(ctx, func(t tx) error {
		b.t = t
		if err := db.d.lockKeys(ctx, t.x, lockKeys(rows)); err != nil {
			return fmt.Errorf("lock story keys: %w", err)
		}
		var err error
		if b.topics, err = db.topics.begin(ctx, t); err != nil {
			return err
		}
		return fn(b)
	})
	if err == nil {
		b.topics.commit()
	}
	return err
}

// upsertInSavepoint upserts one row inside a savepoint and returns its error,
// named and classified; the transaction goes on either way.
func (b *batch) upsertInSavepoint(ctx context.Context, row *storyRow, res *herald.UpsertResult, now time.Time) error {
	if _, err := b.t.exec(ctx, `SAVEPOINT story`); err != nil {
		return fmt.Errorf("upsert story: %w", err)
	}
	one := make([]herald.UpsertResult, 1)
	err := b.upsert(ctx, []*storyRow{row}, one, now)
	if err == nil {
		b.topics.keep()
		*res = one[0]
		_, err = b.t.exec(ctx, `RELEASE SAVEPOINT story`)
		return err
	}
	b.topics.drop()
	if _, rerr := b.t.exec(ctx, `ROLLBACK TO SAVEPOINT story`); rerr != nil {
		return fmt.Errorf("upsert story: %w", errors.Join(err, rerr))
	}
	if _, rerr := b.t.exec(ctx, `RELEASE SAVEPOINT story`); rerr != nil {
		return fmt.Errorf("upsert story: %w", errors.Join(err, rerr))
	}
	if b.db.class(err) == errForeignKey {
		err = herald.Errorf(herald.ENOTFOUND, "source %d not found", row.SourceID)
	}
	return b.db.wrap(err, fmt.Sprintf("upsert story %.80q of source %d", row.externalID, row.SourceID), "")
}

// upsert writes rows (nil ones skipped) and fills res. A row whose key,
// canonical URL or fingerprint repeats one of an earlier row of the batch
// waits for a later round, so that it sees the earlier one stored.
func (b *batch) upsert(ctx context.Context, rows []*storyRow, res []herald.UpsertResult, now time.Time) error {
	pending := make([]int, 0, len(rows))
	for i, r := range rows {
		if r != nil {
			pending = append(pending, i)
		}
	}
	for len(pending) > 0 {
		round, later := splitRound(rows, pending)
		if err := b.round(ctx, rows, round, res, now); err != nil {
			return err
		}
		pending = later
	}
	return nil
}

// splitRound returns the indexes of pending rows whose key, canonical URL and
// fingerprint are each the first of their kind among pending, and the rest.
func splitRound(rows []*storyRow, pending []int) (round, later []int) {
	keys, urls, fps := map[key]bool{}, map[string]bool{}, map[string]bool{}
	for _, i := range pending {
		r := rows[i]
		if keys[r.key()] || (r.CanonicalURL != "" && urls[r.CanonicalURL]) || (r.Fingerprint != "" && fps[r.Fingerprint]) {
			later = append(later, i)
			continue
		}
		keys[r.key()] = true
		urls[r.CanonicalURL], fps[r.Fingerprint] = true, true
		round = append(round, i)
	}
	return round, later
}

// round writes rows whose keys, URLs and fingerprints are distinct: it looks
// up the stored stories with their keys (updating them), then the stored
// duplicates of the others (reporting them), inserts the rest in one
// statement, and links every written story's topics.
func (b *batch) round(ctx context.Context, rows []*storyRow, idx []int, res []herald.UpsertResult, now time.Time) error {
	prev, err := b.existing(ctx, rows, idx)
	if err != nil {
		return err
	}
	c := newCounts()
	var fresh, updated []int
	for _, i := range idx {
		if p := prev[rows[i].key()]; p != nil {
			rows[i].wasVisible = !p.EmbargoUntil.After(now)
			c.sources[p.SourceID] += btoi(rows[i].visible(now)) - btoi(rows[i].wasVisible)
			res[i] = herald.UpsertResult{ID: p.ID}
			if res[i].Revision, res[i].RevisionCount, err = b.revise(ctx, p, rows[i], now); err != nil {
				return err
			}
			updated = append(updated, i)
		} else {
			fresh = append(fresh, i)
		}
	}
	dups, err := b.duplicates(ctx, rows, fresh, now)
	if err != nil {
		return err
	}
	var insert []int
	for _, i := range fresh {
		d := dups[i]
		switch {
		case d.id != 0 && d.source == rows[i].SourceID:
			res[i] = herald.UpsertResult{ID: d.id, Duplicate: true}
			continue
		case d.id != 0:
			rows[i].DuplicateOf = d.id
		default:
			rows[i].DuplicateOf = 0
		}
		insert = append(insert, i)
	}
	for _, i := range insert {
		c.sources[rows[i].SourceID] += btoi(rows[i].visible(now))
	}
	if err := b.insert(ctx, rows, insert, res); err != nil {
		return err
	}
	if err := b.link(ctx, rows, res, insert, updated, now, c); err != nil {
		return err
	}
	return c.apply(ctx, b.t)
}

// btoi is 1 for true, 0 for false.
func btoi(b bool) int64 {
	if b {
		return 1
	}
	return 0
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
	op := fmt.Sprintf("unchanged items of source %d", sourceID)
	rows, err := db.query(ctx, `SELECT external_id, item_hash FROM stories
		WHERE source_id = $1 AND {{keyin external_id $2}}`, sourceID, db.texts(ids))
	if err != nil {
		return nil, db.wrap(err, op, "")
	}
	defer rows.Close()
	for rows.Next() {
		var id, hash string
		if err := rows.Scan(&id, &hash); err != nil {
			return nil, db.wrap(err, op, "")
		}
		if hash != "" && want[id] == hash {
			out[id] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap(err, op, "")
	}
	return out, nil
}
