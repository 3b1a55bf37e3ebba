package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/heraldnews/herald/internal/storetext"
)

// topicLink is a story's link to a topic, normalised for storing.
type topicLink = storetext.TopicLink

// topicCache remembers which topic id each slug links to (the topic itself,
// or the topic it was merged into), so that tagging a story with topics the
// catalogue already holds costs no topic lookups. Only committed facts enter
// it. It is emptied whenever the catalogue's epoch moved: every merge, in
// this process or another one sharing the database, bumps it.
type topicCache struct {
	mu    sync.Mutex
	ids   map[string]int64
	epoch int64 // topic_epoch the map is valid for
}

func newTopicCache() *topicCache { return &topicCache{ids: make(map[string]int64)} }

// topicLinker resolves topics inside one write transaction. What the current
// story learns waits in story until the story is kept (its savepoint
// released), then in pending until the transaction commits.
type topicLinker struct {
	cache          *topicCache
	pending, story map[string]int64
}

// begin starts a transaction's use of the cache: it empties the cache when a
// merge has committed since it was filled.
func (c *topicCache) begin(ctx context.Context, t tx) (*topicLinker, error) {
	var epoch int64
	if err := t.queryRow(ctx, `SELECT value FROM counters WHERE name = 'topic_epoch'`).Scan(&epoch); err != nil {
		return nil, fmt.Errorf("read topic epoch: %w", err)
	}
	c.mu.Lock()
	if epoch != c.epoch {
		clear(c.ids)
		c.epoch = epoch
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

// known returns the id slug links to when the linker or the cache knows it.
func (l *topicLinker) known(slug string) (int64, bool) {
	if id, ok := l.story[slug]; ok {
		return id, true
	}
	if id, ok := l.pending[slug]; ok {
		return id, true
	}
	l.cache.mu.Lock()
	defer l.cache.mu.Unlock()
	id, ok := l.cache.ids[slug]
	return id, ok
}

// ids returns the topic id each link's slug links to, creating the topics the
// catalogue lacks (an existing topic keeps its name and kind) in one
// statement, sorted by slug so that concurrent writers lock in one order.
func (l *topicLinker) ids(ctx context.Context, t tx, links []topicLink, now time.Time) (map[string]int64, error) {
	out := make(map[string]int64, len(links))
	var missing []topicLink
	seen := map[string]bool{}
	for _, link := range links {
		if id, ok := l.known(link.Slug); ok {
			out[link.Slug] = id
		} else if !seen[link.Slug] {
			seen[link.Slug] = true
			missing = append(missing, link)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	slices.SortFunc(missing, func(a, b topicLink) int { return strings.Compare(a.Slug, b.Slug) })
	idx := make([]int, len(missing))
	for i := range idx {
		idx[i] = i
	}
	err := chunks(idx, 5, func(part []int) error {
		args := make([]any, 0, 5*len(part))
		for _, i := range part {
			m := missing[i]
			args = append(args, m.Slug, m.Name, m.NameKey, m.Kind, t.db.t(now))
		}
		_, err := t.exec(ctx, `INSERT INTO topics (slug, name, name_key, kind, created_at) VALUES `+
			values(len(part), 5, 0)+` ON CONFLICT (slug) DO NOTHING`, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create topics: %w", err)
	}
	slugs := make([]string, len(missing))
	for i, m := range missing {
		slugs[i] = m.Slug
	}
	rs, err := t.query(ctx, `SELECT slug, coalesce(merged_into, id) FROM topics WHERE slug IN ({{texts $1}})`, t.db.texts(slugs))
	if err != nil {
		return nil, fmt.Errorf("find topics: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var slug string
		var id int64
		if err := rs.Scan(&slug, &id); err != nil {
			return nil, fmt.Errorf("find topics: %w", err)
		}
		out[slug], l.story[slug] = id, id
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("find topics: %w", err)
	}
	for _, m := range missing {
		if _, ok := out[m.Slug]; !ok {
			return nil, fmt.Errorf("find topics: %q was not created", m.Slug)
		}
	}
	return out, nil
}
