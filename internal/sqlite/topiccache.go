package sqlite

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/heraldnews/herald/internal/storetext"
)

// topicCache remembers which topic id each slug links to (the topic itself,
// or the topic it was merged into), so that tagging a story with topics the
// catalogue already holds costs no topic lookups. Only committed facts enter
// it. It is emptied when a merge commits in this process and whenever
// another process has written to the database (PRAGMA data_version moved),
// since that writer may have merged topics.
type topicCache struct {
	mu      sync.Mutex
	ids     map[string]int64
	version int64 // data_version of the writer connection the map is valid for
}

func newTopicCache() *topicCache { return &topicCache{ids: make(map[string]int64)} }

// topicLinker resolves and links topics inside one write transaction. What
// the current story learns waits in story until the story is kept (its
// savepoint released), then in pending until the transaction commits.
type topicLinker struct {
	cache          *topicCache
	pending, story map[string]int64
}

// begin starts a transaction's use of the cache: it empties the cache when
// another connection has committed since the last transaction.
func (c *topicCache) begin(ctx context.Context, tx writer) (*topicLinker, error) {
	var v int64
	if err := tx.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
		return nil, fmt.Errorf("read data version: %w", err)
	}
	c.mu.Lock()
	if v != c.version {
		clear(c.ids)
		c.version = v
	}
	c.mu.Unlock()
	return &topicLinker{cache: c, pending: make(map[string]int64), story: make(map[string]int64)}, nil
}

// keep records that the current story's writes stay in the transaction.
func (l *topicLinker) keep() {
	for slug, id := range l.story {
		l.pending[slug] = id
	}
	clear(l.story)
}

// drop forgets what the current story learned: its writes were rolled back.
func (l *topicLinker) drop() { clear(l.story) }

// commit publishes what the transaction learned; call it after COMMIT.
func (l *topicLinker) commit() {
	l.keep()
	l.cache.mu.Lock()
	for slug, id := range l.pending {
		l.cache.ids[slug] = id
	}
	l.cache.mu.Unlock()
}

// reset empties the cache (a merge changed what slugs link to).
func (c *topicCache) reset() {
	c.mu.Lock()
	clear(c.ids)
	c.mu.Unlock()
}

// id returns the topic id slug links to, creating the topic from link when
// the catalogue has none (an existing topic keeps its name and kind).
func (l *topicLinker) id(ctx context.Context, tx writer, link storetext.TopicLink, now int64) (int64, error) {
	if id, ok := l.story[link.Slug]; ok {
		return id, nil
	}
	if id, ok := l.pending[link.Slug]; ok {
		return id, nil
	}
	l.cache.mu.Lock()
	id, ok := l.cache.ids[link.Slug]
	l.cache.mu.Unlock()
	if ok {
		return id, nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO topics (slug, name, name_key, kind, created_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (slug) DO NOTHING`,
		link.Slug, link.Name, link.NameKey, link.Kind, now); err != nil {
		return 0, fmt.Errorf("create topic %q: %w", link.Slug, err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(merged_into, id) FROM topics WHERE slug = ?`,
		link.Slug).Scan(&id); err != nil {
		return 0, fmt.Errorf("find topic %q: %w", link.Slug, err)
	}
	l.story[link.Slug] = id
	return id, nil
}

// link replaces the topic links of story id with links; existing says
// whether the story may have links already. Two slugs that now name one
// topic (after a merge) keep the higher salience.
func (l *topicLinker) link(ctx context.Context, tx writer, id int64, links []storetext.TopicLink, existing bool, now int64) error {
	if existing {
		if _, err := tx.ExecContext(ctx, `DELETE FROM story_topics WHERE story_id = ?`, id); err != nil {
			return fmt.Errorf("unlink topics: %w", err)
		}
	}
	if len(links) == 0 {
		return nil
	}
	salience := make(map[int64]float64, len(links))
	for _, link := range links {
		tid, err := l.id(ctx, tx, link, now)
		if err != nil {
			return err
		}
		if s, ok := salience[tid]; !ok || link.Salience > s {
			salience[tid] = link.Salience
		}
	}
	ids := make([]int64, 0, len(salience))
	for tid := range salience {
		ids = append(ids, tid)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	args := make([]any, 0, 3*len(ids))
	for _, tid := range ids {
		args = append(args, id, tid, salience[tid])
	}
	// One statement per story; its text depends only on the number of links,
	// so the statement cache holds a few shapes.
	q := `INSERT INTO story_topics (story_id, topic_id, salience) VALUES ` +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(ids)), ", ")
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("link topics: %w", err)
	}
	return nil
}
