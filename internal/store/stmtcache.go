package store

import (
	"context"
	"database/sql"
)

// stmtCache runs queries on tx through prepared statements. SQLite parses
// every statement it is given, and a batch of stories is a handful of
// statements run once per transaction, so parsing was a fifth of the write
// path. A query the writer connection has prepared before (shared) runs
// through that statement (database/sql reuses it on the transaction's
// connection); any other is prepared for this transaction and named in missed,
// so that the writer prepares it once the connection is free again (see
// DB.write). The statements of the transaction close with close. (pgx
// prepares and caches statements per connection by itself, so PostgreSQL
// does without.)
type stmtCache struct {
	tx     *sql.Tx
	shared *readStmts
	stmts  map[string]*sql.Stmt
	missed []string
}

func newStmtCache(tx *sql.Tx, shared *readStmts) *stmtCache {
	return &stmtCache{tx: tx, shared: shared, stmts: make(map[string]*sql.Stmt)}
}

// stmt returns the prepared statement for query, or nil when preparing fails
// (the caller then runs the query unprepared, which reports the same error).
func (c *stmtCache) stmt(ctx context.Context, query string) *sql.Stmt {
	if st, ok := c.stmts[query]; ok {
		return st
	}
	var st *sql.Stmt
	if parent := c.shared.get(query); parent != nil {
		st = c.tx.StmtContext(ctx, parent)
	} else {
		var err error
		if st, err = c.tx.PrepareContext(ctx, query); err != nil {
			return nil
		}
		c.missed = append(c.missed, query)
	}
	c.stmts[query] = st
	return st
}

func (c *stmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := c.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return c.tx.ExecContext(ctx, query, args...)
}

func (c *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return c.tx.QueryContext(ctx, query, args...)
}

func (c *stmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return c.tx.QueryRowContext(ctx, query, args...)
}

// close closes the prepared statements.
func (c *stmtCache) close() {
	for _, st := range c.stmts {
		st.Close()
	}
}
