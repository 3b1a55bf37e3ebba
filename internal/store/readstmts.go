package store

import (
	"context"
	"database/sql"
	"sync"
)

// maxReadStmts bounds the prepared reads a store keeps. The queries of the
// read path come in a few dozen shapes (a feed query's shape depends on how
// many things the reader follows), so the bound is rarely reached; when it
// is, the cache starts again.
const maxReadStmts = 512

// readStmts keeps read queries prepared. SQLite parses every statement it
// is given; the feed's merge of one subquery per follow costs more to parse
// than to run, so the read pool keeps each query text prepared (database/sql
// prepares a statement once on each connection that runs it). pgx caches
// prepared statements per connection by itself, so PostgreSQL does without.
type readStmts struct {
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
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

// close closes every statement.
func (c *readStmts) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closeLocked()
}

func (c *readStmts) closeLocked() {
	for q, st := range c.stmts {
		st.Close()
		delete(c.stmts, q)
	}
}
