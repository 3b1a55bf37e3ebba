package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/storetext"
	"github.com/jackc/pgx/v5"
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
func scanStory(row pgx.Row, extra ...any) (*herald.Story, error) {
	var s herald.Story
	var updated, embargo *time.Time
	dest := []any{&s.ID, &s.SourceID, &s.Source.Title, &s.ExternalID, &s.URL, &s.CanonicalURL,
		&s.Title, &s.Summary, &s.ContentHTML, &s.Authors, &s.ImageURL, &s.ImageCaption,
		&s.PublishedAt, &updated, &s.FetchedAt, &s.Section, &s.ClusterID, &s.Fingerprint,
		&s.ImageCredit, &embargo, &s.RevisionCount, &s.SectionSource}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	s.Source.ID = s.SourceID
	s.PublishedAt, s.UpdatedAt, s.FetchedAt = s.PublishedAt.UTC(), utc(updated), s.FetchedAt.UTC()
	s.EmbargoUntil = utc(embargo)
	if s.Authors == nil {
		s.Authors = []string{}
	}
	s.Topics = []herald.StoryTopic{}
	return &s, nil
}

// Story returns one story with its source and topics; ENOTFOUND if none, or if
// it is under embargo at the store's current time.
func (db *DB) Story(ctx context.Context, id int64) (*herald.Story, error) {
	s, err := scanStory(db.pool.QueryRow(ctx, `SELECT `+storyColumns+storyFrom+`
		WHERE s.id = $1 AND (s.embargo_until IS NULL OR s.embargo_until <= $2)`, id, db.clock()))
	if err != nil {
		return nil, wrap(err, fmt.Sprintf("story %d", id), fmt.Sprintf("story %d not found", id))
	}
	if _, err := loadTopics(ctx, db.pool, []*herald.Story{s}, 0); err != nil {
		return nil, wrap(err, fmt.Sprintf("story %d", id), "")
	}
	return s, nil
}

// args collects positional query arguments.
type args []any

// add appends v and returns its placeholder.
func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// Stories lists stories newest first, keyed on (published_at, id), with their
// topics, without stories under embargo at f.Now (zero: the store's current
// time). Filters combine with AND; an unknown topic slug lists nothing. The
// query (blank: no filter) is read by websearch_to_tsquery: words are ANDed,
// "quoted text" is a phrase, OR is a disjunction and -word excludes; English
// stop words are ignored and a query of nothing else matches nothing. It returns EINVALID for a malformed cursor or a limit outside
// 0..200.
func (db *DB) Stories(ctx context.Context, f herald.StoryFilter) (*herald.StoryPage, error) {
	limit, err := pageLimit(f.Limit)
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	cur, hasCur, err := parseCursor(f.Cursor)
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	var a args
	where := []string{"(s.embargo_until IS NULL OR s.embargo_until <= " + a.add(db.or(f.Now)) + ")"}
	if f.TopicSlug != "" {
		where = append(where, `s.id IN (SELECT st.story_id FROM story_topics st
			WHERE st.topic_id = (SELECT coalesce(t.merged_into, t.id) FROM topics t WHERE t.slug = `+a.add(f.TopicSlug)+`))`)
	}
	if f.SourceID != 0 {
		where = append(where, "s.source_id = "+a.add(f.SourceID))
	}
	if q := strings.TrimSpace(storetext.Clean(f.Query)); q != "" {
		where = append(where, "s.search @@ websearch_to_tsquery('english', "+a.add(q)+")")
	}
	if hasCur {
		where = append(where, "(s.published_at, s.id) < ("+a.add(time.UnixMicro(cur.at))+", "+a.add(cur.id)+")")
	}
	query := `SELECT ` + storyColumns + storyFrom + ` WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY s.published_at DESC, s.id DESC LIMIT ` + a.add(limit+1)
	page, err := db.storyPage(ctx, query, a, limit)
	if err != nil {
		return nil, wrap(err, "stories", "")
	}
	return page, nil
}

// storyPage runs a story query fetching limit+1 rows, loads topics and sets
// the next cursor when there was a row beyond the page.
func (db *DB) storyPage(ctx context.Context, query string, a args, limit int) (*herald.StoryPage, error) {
	items, err := queryStories(ctx, db.pool, query, a...)
	if err != nil {
		return nil, err
	}
	page := &herald.StoryPage{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		last := page.Items[limit-1]
		page.NextCursor = cursor{at: last.PublishedAt.UnixMicro(), id: last.ID}.String()
	}
	if _, err := loadTopics(ctx, db.pool, page.Items, 0); err != nil {
		return nil, err
	}
	return page, nil
}

// queryStories runs a query over storyColumns and collects the rows.
func queryStories(ctx context.Context, q querier, query string, args ...any) ([]*herald.Story, error) {
	rows, err := q.Query(ctx, query, args...)
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
	rows, err := q.Query(ctx, `SELECT st.story_id, t.id, t.slug, t.name, t.kind, st.salience,
		EXISTS (SELECT 1 FROM follows_topics f WHERE f.user_id = $2 AND f.topic_id = t.id)
		FROM story_topics st JOIN topics t ON t.id = st.topic_id
		WHERE st.story_id = ANY ($1)
		ORDER BY st.story_id, st.salience DESC, t.slug COLLATE "C"`, ids, userID)
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
