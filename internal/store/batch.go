package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/heraldnews/herald"
)

// maxParams bounds the parameters of one multi-row statement, under
// SQLite's limit (32,766) and PostgreSQL's (65,535).
const maxParams = 16000

// values returns "($1, $2, …), (…)" for rows of n columns, numbering from
// first+1.
func values(rows, n, first int) string {
	var b strings.Builder
	p := first
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range n {
			if c > 0 {
				b.WriteString(", ")
			}
			p++
			b.WriteString(placeholder(p))
		}
		b.WriteByte(')')
	}
	return b.String()
}

// chunks calls fn with consecutive parts of idx small enough for rows of
// cols parameters each.
func chunks(idx []int, cols int, fn func(part []int) error) error {
	size := max(1, maxParams/cols)
	for len(idx) > 0 {
		n := min(size, len(idx))
		if err := fn(idx[:n]); err != nil {
			return err
		}
		idx = idx[n:]
	}
	return nil
}

// existing returns the stored stories that rows idx update, by key, in one
// query over the (source, external id) pairs.
func (b *batch) existing(ctx context.Context, rows []*storyRow, idx []int) (map[key]*herald.Story, error) {
	pairs := make([][2]any, len(idx))
	for k, i := range idx {
		pairs[k] = [2]any{rows[i].SourceID, rows[i].externalID}
	}
	rs, err := b.t.query(ctx, `SELECT `+storyColumns+` FROM ({{pairs $1}}) k
		JOIN stories s ON s.source_id = k.src AND {{key s.external_id k.id}}
		JOIN sources src ON src.id = s.source_id`, jsonText(pairs))
	if err != nil {
		return nil, fmt.Errorf("find stored stories: %w", err)
	}
	defer rs.Close()
	out := map[key]*herald.Story{}
	for rs.Next() {
		s, err := scanStory(rs)
		if err != nil {
			return nil, fmt.Errorf("find stored stories: %w", err)
		}
		out[key{s.SourceID, s.ExternalID}] = s
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("find stored stories: %w", err)
	}
	return out, nil
}

// dup is a stored story that a new one repeats.
type dup struct{ id, source int64 }

// duplicates returns, for rows idx that are new, the stored story visible at
// now with the same non-empty canonical URL (first) or fingerprint; the
// lowest id when several match. Stories under embargo are never matched, so
// a push learns nothing of them.
func (b *batch) duplicates(ctx context.Context, rows []*storyRow, idx []int, now time.Time) (map[int]dup, error) {
	var urls, fps []string
	for _, i := range idx {
		if u := rows[i].CanonicalURL; u != "" {
			urls = append(urls, u)
		}
		if f := rows[i].Fingerprint; f != "" {
			fps = append(fps, f)
		}
	}
	if len(urls) == 0 && len(fps) == 0 {
		return nil, nil
	}
	rs, err := b.t.query(ctx, `SELECT id, source_id, canonical_url, '' FROM stories s
			WHERE canonical_url <> '' AND {{keyin canonical_url $1}} AND `+visibleAt+`$3)
		UNION ALL SELECT id, source_id, '', fingerprint FROM stories s
			WHERE fingerprint <> '' AND {{keyin fingerprint $2}} AND `+visibleAt+`$3)`,
		b.db.texts(urls), b.db.texts(fps), b.db.t(now))
	if err != nil {
		return nil, fmt.Errorf("find duplicates: %w", err)
	}
	defer rs.Close()
	byURL, byFP := map[string]dup{}, map[string]dup{}
	for rs.Next() {
		var d dup
		var url, fp string
		if err := rs.Scan(&d.id, &d.source, &url, &fp); err != nil {
			return nil, fmt.Errorf("find duplicates: %w", err)
		}
		if url != "" && (byURL[url].id == 0 || d.id < byURL[url].id) {
			byURL[url] = d
		}
		if fp != "" && (byFP[fp].id == 0 || d.id < byFP[fp].id) {
			byFP[fp] = d
		}
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("find duplicates: %w", err)
	}
	out := map[int]dup{}
	for _, i := range idx {
		if d := byURL[rows[i].CanonicalURL]; d.id != 0 && rows[i].CanonicalURL != "" {
			out[i] = d
		} else if d := byFP[rows[i].Fingerprint]; d.id != 0 && rows[i].Fingerprint != "" {
			out[i] = d
		}
	}
	return out, nil
}

// storyInsertColumns are the columns insert writes, in the order of storyValues.
const storyInsertColumns = `source_id, external_id, url, canonical_url, title, summary, content_html, text,
	authors, image_url, image_caption, published_at, updated_at, fetched_at, section, cluster_id,
	fingerprint, image_credit, embargo_until, section_source, item_hash, duplicate_of`

// storyValues returns a row's arguments for storyInsertColumns.
func (db *DB) storyValues(r *storyRow) []any {
	return []any{r.SourceID, r.externalID, r.URL, r.CanonicalURL, r.Title, r.Summary, r.ContentHTML, r.text,
		r.authors, r.ImageURL, r.ImageCaption, db.tv(r.PublishedAt), db.t(r.UpdatedAt), db.tv(r.fetchedAt),
		r.Section, r.ClusterID, r.Fingerprint, r.ImageCredit, db.t(r.EmbargoUntil), r.SectionSource, r.ItemHash,
		nullID(r.DuplicateOf)}
}

// insert stores rows idx as new stories, a few hundred to a statement, sets
// their results and adds them to the search index.
func (b *batch) insert(ctx context.Context, rows []*storyRow, idx []int, res []herald.UpsertResult) error {
	const cols = 22
	return chunks(idx, cols, func(part []int) error {
		args := make([]any, 0, cols*len(part))
		want := make(map[key]int, len(part))
		for _, i := range part {
			args = append(args, b.db.storyValues(rows[i])...)
			want[rows[i].key()] = i
		}
		rs, err := b.t.query(ctx, `INSERT INTO stories (`+storyInsertColumns+`) VALUES `+values(len(part), cols, 0)+
			` RETURNING id, source_id, external_id`, args...)
		if err != nil {
			return fmt.Errorf("insert stories: %w", err)
		}
		ids := make([]int64, 0, len(part))
		for rs.Next() {
			var k key
			var id int64
			if err := rs.Scan(&id, &k.source, &k.id); err != nil {
				rs.Close()
				return fmt.Errorf("insert stories: %w", err)
			}
			i := want[k]
			res[i] = herald.UpsertResult{ID: id, Created: true, DuplicateOf: rows[i].DuplicateOf}
			ids = append(ids, id)
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return fmt.Errorf("insert stories: %w", err)
		}
		if len(ids) != len(part) {
			return fmt.Errorf("insert stories: %d of %d rows came back", len(ids), len(part))
		}
		b.db.noteInserted(len(ids))
		if err := b.db.d.indexNew(ctx, b.t.x, ids); err != nil {
			return fmt.Errorf("index stories for search: %w", err)
		}
		return nil
	})
}

// revise overwrites the stored story prev with row and, when a field readers
// see changed, records a revision. It returns the revision (nil if none) and
// the story's revision count. The story keeps its cluster: clustering, not
// the feed, decides it.
func (b *batch) revise(ctx context.Context, prev *herald.Story, row *storyRow, now time.Time) (*herald.Revision, int, error) {
	if row.PublishedGuessed {
		row.PublishedAt = prev.PublishedAt // row.Story is prepareStory's copy
	}
	rev := row.Diff(prev)
	count := prev.RevisionCount
	if rev != nil {
		rev.StoryID, rev.At = prev.ID, now
		if err := b.db.insertRevision(ctx, b.t, rev); err != nil {
			return nil, 0, err
		}
		count++
	}
	r := row
	_, err := b.t.exec(ctx, `UPDATE stories SET url = $1, canonical_url = $2, title = $3,
		summary = $4, content_html = $5, text = $6, authors = $7, image_url = $8, image_caption = $9,
		published_at = $10, updated_at = $11, fetched_at = $12, section = $13,
		fingerprint = $14, image_credit = $15, embargo_until = $16, revision_count = $17,
		section_source = $18, item_hash = $19 WHERE id = $20`,
		r.URL, r.CanonicalURL, r.Title, r.Summary, r.ContentHTML, r.text, r.authors, r.ImageURL,
		r.ImageCaption, b.db.tv(r.PublishedAt), b.db.t(r.UpdatedAt), b.db.tv(r.fetchedAt), r.Section,
		r.Fingerprint, r.ImageCredit, b.db.t(r.EmbargoUntil), count, r.SectionSource, r.ItemHash, prev.ID)
	if err != nil {
		return nil, 0, fmt.Errorf("update story %d: %w", prev.ID, err)
	}
	return rev, count, nil
}

// link replaces the topic links of the updated stories and sets those of the
// inserted ones, creating topics the catalogue lacks. Two slugs that name one
// topic (after a merge) keep the higher salience.
func (b *batch) link(ctx context.Context, rows []*storyRow, res []herald.UpsertResult, inserted, updated []int, now time.Time, c counts) error {
	if len(updated) > 0 {
		if err := b.unlink(ctx, rows, res, updated, c); err != nil {
			return err
		}
	}
	written := slices.Concat(inserted, updated)
	var links []topicLink
	for _, i := range written {
		links = append(links, rows[i].links...)
	}
	if len(links) == 0 {
		return nil
	}
	topicIDs, err := b.topics.ids(ctx, b.t, links, now)
	if err != nil {
		return err
	}
	if err := b.updateKinds(ctx, links, topicIDs); err != nil {
		return err
	}
	type pair struct {
		story, topic int64
		row          int
	}
	salience := map[pair]float64{}
	var order []pair
	for _, i := range written {
		for _, l := range rows[i].links {
			p := pair{res[i].ID, topicIDs[l.Slug], i}
			if s, ok := salience[p]; !ok {
				order = append(order, p)
				salience[p] = l.Salience
				c.topics[p.topic] += btoi(rows[i].visible(now))
			} else if l.Salience > s {
				salience[p] = l.Salience
			}
		}
	}
	idx := make([]int, len(order))
	for i := range idx {
		idx[i] = i
	}
	return chunks(idx, 4, func(part []int) error {
		args := make([]any, 0, 4*len(part))
		for _, k := range part {
			p := order[k]
			args = append(args, p.story, p.topic, salience[p], b.db.tv(rows[p.row].PublishedAt))
		}
		if _, err := b.t.exec(ctx, `INSERT INTO story_topics (story_id, topic_id, salience, published_at) VALUES `+
			values(len(part), 4, 0), args...); err != nil {
			return fmt.Errorf("link topics: %w", err)
		}
		return nil
	})
}

// nullID is NULL for 0, else id.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// unlink removes the topic links of the updated rows, taking them off their
// topics' counts where the story was counted.
func (b *batch) unlink(ctx context.Context, rows []*storyRow, res []herald.UpsertResult, updated []int, c counts) error {
	ids := make([]int64, len(updated))
	counted := map[int64]bool{}
	for k, i := range updated {
		ids[k] = res[i].ID
		counted[res[i].ID] = rows[i].wasVisible
	}
	rs, err := b.t.query(ctx, `SELECT story_id, topic_id FROM story_topics WHERE story_id IN ({{ids $1}})`, b.db.ids(ids))
	if err != nil {
		return fmt.Errorf("unlink topics: %w", err)
	}
	for rs.Next() {
		var story, topic int64
		if err := rs.Scan(&story, &topic); err != nil {
			rs.Close()
			return fmt.Errorf("unlink topics: %w", err)
		}
		c.topics[topic] -= btoi(counted[story])
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return fmt.Errorf("unlink topics: %w", err)
	}
	if _, err := b.t.exec(ctx, `DELETE FROM story_topics WHERE story_id IN ({{ids $1}})`, b.db.ids(ids)); err != nil {
		return fmt.Errorf("unlink topics: %w", err)
	}
	return nil
}

// updateKinds gives topics the kind their newest stories give them: the
// topic resolver decides a kind by the evidence of every story it has seen,
// so a topic first guessed wrong ("Westhaven", a person) comes right as
// evidence grows. A kind an administrator set (kind_fixed) stays.
func (b *batch) updateKinds(ctx context.Context, links []topicLink, ids map[string]int64) error {
	kinds := map[int64]string{}
	for _, l := range links {
		if id := ids[l.Slug]; id != 0 && herald.ValidKind(l.Kind) {
			kinds[id] = l.Kind
		}
	}
	pairs := make([][2]any, 0, len(kinds))
	for id, kind := range kinds {
		pairs = append(pairs, [2]any{id, kind})
	}
	if len(pairs) == 0 {
		return nil
	}
	_, err := b.t.exec(ctx, `UPDATE topics SET kind = k.id FROM ({{pairs $1}}) AS k
		WHERE k.src = topics.id AND NOT topics.kind_fixed AND topics.kind <> k.id`, jsonText(pairs))
	if err != nil {
		return fmt.Errorf("update topic kinds: %w", err)
	}
	return nil
}
