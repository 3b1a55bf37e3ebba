package store

import (
	"context"
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
	s.image_credit, s.embargo_until, s.revision_count, s.section_source, s.item_hash,
	coalesce(s.duplicate_of, 0)`

// storyFrom is the FROM clause that storyColumns expects.
const storyFrom = ` FROM stories s JOIN sources src ON src.id = s.source_id`

// visibleAt is the condition that hides stories under embargo at the time in
// the placeholder that follows it.
const visibleAt = `(s.embargo_until IS NULL OR s.embargo_until <= `

// scanStory reads one row of storyColumns (and any extra destinations).
func scanStory(row interface{ Scan(...any) error }, extra ...any) (*herald.Story, error) {
	var s herald.Story
	dest := []any{&s.ID, &s.SourceID, &s.Source.Title, &s.ExternalID, &s.URL, &s.CanonicalURL,
		&s.Title, &s.Summary, &s.ContentHTML, jsonCol{&s.Authors}, &s.ImageURL, &s.ImageCaption,
		at(&s.PublishedAt), at(&s.UpdatedAt), at(&s.FetchedAt), &s.Section, &s.ClusterID, &s.Fingerprint,
		&s.ImageCredit, at(&s.EmbargoUntil), &s.RevisionCount, &s.SectionSource, &s.ItemHash, &s.DuplicateOf}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	if s.Authors == nil {
		s.Authors = []string{}
	}
	s.Source.ID = s.SourceID
	s.Topics = []herald.StoryTopic{}
	return &s, nil
}

// Story returns one story with its source and topics; ENOTFOUND if none, or if
// it is under embargo at the store's current time.
func (db *DB) Story(ctx context.Context, id int64) (*herald.Story, error) {
	op, nf := fmt.Sprintf("story %d", id), fmt.Sprintf("story %d not found", id)
	s, err := scanStory(db.queryRow(ctx, `SELECT `+storyColumns+storyFrom+` WHERE s.id = $1 AND `+visibleAt+`$2)`,
		id, db.t(db.clock())))
	if err != nil {
		return nil, db.wrap(err, op, nf)
	}
	if _, err := db.loadTopics(ctx, []*herald.Story{s}, 0); err != nil {
		return nil, db.wrap(err, op, "")
	}
	return s, nil
}

// Stories lists stories newest first, keyed on (published_at, id), with their
// topics, without stories under embargo at f.Now (zero: the store's current
// time). Filters combine with AND; an unknown topic slug lists nothing, and so
// does a query without a searchable word (a blank query filters nothing). The
// query reads as web search input: words are ANDed, "quoted text" is a phrase,
// OR is a disjunction and -word excludes; it matches stemmed words of the
// title and the text. It returns EINVALID for a malformed cursor or a limit
// outside 0..200.
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
	where := []string{visibleAt + a.add(db.t(db.or(f.Now))) + ")"}
	// A topic's page walks its stories through story_topics' index by
	// published_at; other listings walk stories' own.
	from, order := storyFrom, "s.published_at DESC, s.id DESC"
	key, published := "(s.published_at, s.id)", "s.published_at"
	if f.TopicSlug != "" {
		from = ` FROM story_topics st JOIN stories s ON s.id = st.story_id JOIN sources src ON src.id = s.source_id`
		order, key = "st.published_at DESC, st.story_id DESC", "(st.published_at, st.story_id)"
		published = "st.published_at"
		where = append(where, `st.topic_id = (SELECT coalesce(t.merged_into, t.id) FROM topics t WHERE t.slug = `+a.add(f.TopicSlug)+`)`)
	}
	if f.SourceID != 0 {
		where = append(where, "s.source_id = "+a.add(f.SourceID))
	}
	where = append(where, periodFilters(f, published, &a, db)...)
	if q := strings.TrimSpace(storetext.Clean(f.Query)); q != "" {
		cond, ok, err := db.d.search(ctx, db, q, &a)
		if err != nil {
			return nil, db.wrap(err, "search stories", "")
		}
		if !ok {
			return &herald.StoryPage{Items: []*herald.Story{}}, nil
		}
		where = append(where, cond)
	}
	if f.UserID != 0 {
		where = append(where, readerFilters(f, a.add(f.UserID))...)
	}
	if hasCur {
		where = append(where, key+" < ("+a.add(db.tv(cur.time()))+", "+a.add(cur.id)+")")
	}
	query := `SELECT ` + storyColumns + from + ` WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY ` + order + ` LIMIT ` + a.add(limit+1)
	page, err := db.storyPage(ctx, query, a, limit)
	if err == nil {
		err = db.fillStates(ctx, f.UserID, page.Items)
	}
	if err != nil {
		return nil, db.wrap(err, "stories", "")
	}
	return page, nil
}

// periodFilters are the conditions of f's Section, Since and Until, on the
// listing's published column.
func periodFilters(f herald.StoryFilter, published string, a *args, db *DB) []string {
	var out []string
	if f.Section != "" {
		out = append(out, "s.section = "+a.add(f.Section))
	}
	if !f.Since.IsZero() {
		out = append(out, published+" >= "+a.add(db.tv(f.Since)))
	}
	if !f.Until.IsZero() {
		out = append(out, published+" < "+a.add(db.tv(f.Until)))
	}
	return out
}

// readerFilters are the conditions a reader's listing adds: their hidden
// stories left out, and the Unread and Saved filters; user is the
// placeholder of their id.
func readerFilters(f herald.StoryFilter, user string) []string {
	state := func(cond string) string {
		return `EXISTS (SELECT 1 FROM story_states r WHERE r.user_id = ` + user + ` AND r.story_id = s.id AND ` + cond + `)`
	}
	out := []string{"NOT " + state("r.hidden")}
	if f.Unread {
		out = append(out, "NOT "+state("r.read_at IS NOT NULL"))
	}
	if f.Saved { // driven from the reader's few saved stories, not from every story
		out = append(out, `s.id IN (SELECT r.story_id FROM story_states r WHERE r.user_id = `+user+` AND r.saved_at IS NOT NULL)`)
	}
	return out
}

// storyPage runs a story query fetching limit+1 rows, loads topics and sets
// the next cursor when there was a row beyond the page.
func (db *DB) storyPage(ctx context.Context, query string, a args, limit int) (*herald.StoryPage, error) {
	items, err := db.queryStories(ctx, query, a...)
	if err != nil {
		return nil, err
	}
	page := &herald.StoryPage{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		page.NextCursor = cursorAt(page.Items[limit-1]).String()
	}
	if _, err := db.loadTopics(ctx, page.Items, 0); err != nil {
		return nil, err
	}
	return page, nil
}

// queryStories runs a read over storyColumns and collects the rows.
func (db *DB) queryStories(ctx context.Context, query string, args ...any) ([]*herald.Story, error) {
	rows, err := db.query(ctx, query, args...)
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
func (db *DB) loadTopics(ctx context.Context, stories []*herald.Story, userID int64) (map[int64][]herald.Topic, error) {
	if len(stories) == 0 {
		return nil, nil
	}
	byID := make(map[int64]*herald.Story, len(stories))
	ids := make([]int64, len(stories))
	for i, s := range stories {
		byID[s.ID], ids[i] = s, s.ID
	}
	rows, err := db.query(ctx, `SELECT st.story_id, t.id, t.slug, t.name, t.kind, st.salience,
		EXISTS (SELECT 1 FROM follows_topics f WHERE f.user_id = $1 AND f.topic_id = t.id)
		FROM story_topics st JOIN topics t ON t.id = st.topic_id
		WHERE st.story_id IN ({{ids $2}})
		ORDER BY st.story_id, st.salience DESC, t.slug{{C}}`, userID, db.ids(ids))
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
