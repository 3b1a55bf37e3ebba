package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
)

// storyColumns is the select list that scanStory reads: stories s joined to
// their source src.
const storyColumns = `s.id, s.source_id, src.title, s.external_id, s.url, s.canonical_url,
	s.title, s.summary, s.content_html, s.authors, s.image_url, s.image_caption,
	s.published_at, s.updated_at, s.fetched_at, s.section, s.cluster_id, s.fingerprint,
	s.image_credit, s.embargo_until, s.revision_count, s.section_source`

// storyFrom is the FROM clause that storyColumns expects.
const storyFrom = ` FROM stories s JOIN sources src ON src.id = s.source_id`

// scanStory reads one row of storyColumns (and any extra destinations).
func scanStory(row interface{ Scan(...any) error }, extra ...any) (*herald.Story, error) {
	var s herald.Story
	var authors string
	var published, fetched int64
	var updated, embargo sql.NullInt64
	dest := []any{&s.ID, &s.SourceID, &s.Source.Title, &s.ExternalID, &s.URL, &s.CanonicalURL,
		&s.Title, &s.Summary, &s.ContentHTML, &authors, &s.ImageURL, &s.ImageCaption,
		&published, &updated, &fetched, &s.Section, &s.ClusterID, &s.Fingerprint,
		&s.ImageCredit, &embargo, &s.RevisionCount, &s.SectionSource}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(authors), &s.Authors); err != nil {
		return nil, fmt.Errorf("story %d authors: %w", s.ID, err)
	}
	s.Source.ID = s.SourceID
	s.PublishedAt = msTime(sql.NullInt64{Int64: published, Valid: true})
	s.UpdatedAt = msTime(updated)
	s.EmbargoUntil = msTime(embargo)
	s.FetchedAt = msTime(sql.NullInt64{Int64: fetched, Valid: true})
	s.Topics = []herald.StoryTopic{}
	return &s, nil
}

// visible is the condition that hides stories under embargo at time ?.
const visible = `(s.embargo_until IS NULL OR s.embargo_until <= ?)`

// Story returns one story with its source and topics; ENOTFOUND if none, or if
// it is under embargo at the store's current time.
func (db *DB) Story(ctx context.Context, id int64) (*herald.Story, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+storyColumns+storyFrom+` WHERE s.id = ? AND `+visible,
		id, db.clock().UnixMilli())
	s, err := scanStory(row)
	if err != nil {
		return nil, fmt.Errorf("story %d: %w", id, notFound(err, "story %d not found", id))
	}
	if _, err := loadTopics(ctx, db.r, []*herald.Story{s}, 0); err != nil {
		return nil, fmt.Errorf("story %d: %w", id, err)
	}
	return s, nil
}

// Stories lists stories newest first, keyed on (published_at, id), with their
// topics, without stories under embargo at f.Now (zero: the store's current
// time). Filters combine with AND; an unknown topic slug lists nothing, and so
// does a query without a searchable word (a blank query filters nothing). The
// query reads like websearch_to_tsquery input (see ftsQuery) and matches
// stemmed words of the title and the text. It returns EINVALID for a malformed
// cursor or a limit outside 0..200.
func (db *DB) Stories(ctx context.Context, f herald.StoryFilter) (*herald.StoryPage, error) {
	limit, err := pageLimit(f.Limit)
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	cur, hasCur, err := parseCursor(f.Cursor)
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	where, args := []string{visible}, []any{db.or(f.Now).UnixMilli()}
	if f.TopicSlug != "" {
		where = append(where, `s.id IN (SELECT st.story_id FROM story_topics st
			WHERE st.topic_id = (SELECT coalesce(t.merged_into, t.id) FROM topics t WHERE t.slug = ?))`)
		args = append(args, f.TopicSlug)
	}
	if f.SourceID != 0 {
		where, args = append(where, "s.source_id = ?"), append(args, f.SourceID)
	}
	if q := strings.TrimSpace(storetext.Clean(f.Query)); q != "" {
		expr, negate := ftsQuery(q)
		if expr == "" {
			return &herald.StoryPage{Items: []*herald.Story{}}, nil
		}
		in := "IN"
		if negate {
			in = "NOT IN"
		}
		where = append(where, "s.id "+in+" (SELECT rowid FROM stories_fts WHERE stories_fts MATCH ?)")
		args = append(args, expr)
	}
	if hasCur {
		where, args = append(where, "(s.published_at, s.id) < (?, ?)"), append(args, cur.at, cur.id)
	}
	query := `SELECT ` + storyColumns + storyFrom + ` WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY s.published_at DESC, s.id DESC LIMIT ?`
	page, err := db.storyPage(ctx, query, append(args, limit+1), limit)
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	return page, nil
}

// storyPage runs a story query fetching limit+1 rows, loads topics and sets
// the next cursor when there was a row beyond the page.
func (db *DB) storyPage(ctx context.Context, query string, args []any, limit int) (*herald.StoryPage, error) {
	items, err := queryStories(ctx, db.r, query, args...)
	if err != nil {
		return nil, err
	}
	page := &herald.StoryPage{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		last := page.Items[limit-1]
		page.NextCursor = cursor{at: last.PublishedAt.UnixMilli(), id: last.ID}.String()
	}
	if _, err := loadTopics(ctx, db.r, page.Items, 0); err != nil {
		return nil, err
	}
	return page, nil
}

// querier is what both *sql.DB and *sql.Tx offer for reading.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryStories runs a query over storyColumns and collects the rows.
func queryStories(ctx context.Context, q querier, query string, args ...any) ([]*herald.Story, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*herald.Story{}
	for rows.Next() {
		s, err := scanStory(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// loadTopics fills in the topics of stories in one query, most salient first.
// When userID is not 0 it also returns, per story id, the topics that userID
// follows, in the same order.
func loadTopics(ctx context.Context, q querier, stories []*herald.Story, userID int64) (map[int64][]herald.Topic, error) {
	if len(stories) == 0 {
		return nil, nil
	}
	byID := make(map[int64]*herald.Story, len(stories))
	ids := make([]int64, len(stories))
	for i, s := range stories {
		byID[s.ID], ids[i] = s, s.ID
	}
	idList, _ := json.Marshal(ids)
	rows, err := q.QueryContext(ctx, `SELECT st.story_id, t.id, t.slug, t.name, t.kind, st.salience,
		EXISTS (SELECT 1 FROM follows_topics f WHERE f.user_id = ? AND f.topic_id = t.id)
		FROM story_topics st JOIN topics t ON t.id = st.topic_id
		WHERE st.story_id IN (SELECT value FROM json_each(?))
		ORDER BY st.story_id, st.salience DESC, t.slug`, userID, string(idList))
	if err != nil {
		return nil, fmt.Errorf("load topics: %w", err)
	}
	defer rows.Close()
	followed := map[int64][]herald.Topic{}
	for rows.Next() {
		var storyID int64
		var st herald.StoryTopic
		var follows bool
		if err := rows.Scan(&storyID, &st.ID, &st.Slug, &st.Name, &st.Kind, &st.Salience, &follows); err != nil {
			return nil, fmt.Errorf("load topics: %w", err)
		}
		s := byID[storyID]
		s.Topics = append(s.Topics, st)
		if follows {
			followed[storyID] = append(followed[storyID], st.Topic)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load topics: %w", err)
	}
	return followed, nil
}
