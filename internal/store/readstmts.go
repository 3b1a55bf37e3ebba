package store

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
)

// maxReadStmts bounds the prepared reads a store keeps. The queries of the
// read path come in a few dozen shapes (a feed query's shape depends on how
// many things the reader follows), so the bound is rarely reached; when it
// is, the cache starts again.
const maxReadStmts = 512

// readStmts keeps queries prepared on a pool: the read pool's reads, and the
// writer's statements (see stmtCache). SQLite parses every statement it
// is given; the feed's merge of one subquery per follow costs more to parse
// than to run, so the read pool keeps each query text prepared (database/sql
// prepares a statement once on each connection that runs it). pgx caches
// prepared statements per connection by itself, so PostgreSQL does without.
type readStmts struct {
	mu        sync.Mutex
	stmts     map[string]*sql.Stmt
	closed    bool
	preparing atomic.Bool // prepareLater is at work
}

func newReadStmts() *readStmts { return &readStmts{stmts: map[string]*sql.Stmt{}} }

// stmt returns query prepared on pool, or nil (run it unprepared) when the
// cache is off or preparing fails.
func (c *readStmts) stmt(ctx context.Context, pool *sql.DB, query string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[query]; ok {
		return st
	}
	if len(c.stmts) >= maxReadStmts {
		c.closeLocked()
	}
	st, err := pool.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.stmts[query] = st
	return st
}

// get returns query's statement when it is prepared, else nil.
func (c *readStmts) get(query string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stmts[query]
}

// prepareLater prepares queries on pool in the background, one batch at a
// time (a batch that comes while one is being prepared is dropped: its
// queries will be missed again and come back). The writer's one connection is
// busy while any transaction runs, so preparing waits for it outside the
// caller and outside c's lock, which transactions take to look statements up.
func (c *readStmts) prepareLater(pool *sql.DB, queries []string) {
	if c == nil || len(queries) == 0 || !c.preparing.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer c.preparing.Store(false)
		for _, q := range queries {
			st, err := pool.PrepareContext(context.Background(), q)
			if err != nil {
				return // closed, or a query that fails: it runs unprepared
			}
			c.mu.Lock()
			if _, ok := c.stmts[q]; ok || c.closed {
				st.Close()
			} else {
				if len(c.stmts) >= maxReadStmts {
					c.closeLocked()
				}
				c.stmts[q] = st
			}
			c.mu.Unlock()
		}
	}()
}

// close closes every statement.
func (c *readStmts) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	c.closeLocked()
}

func (c *readStmts) closeLocked() {
	for q, st := range c.stmts {
		st.Close()
		delete(c.stmts, q)
	}
}
