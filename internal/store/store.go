// Package store implements herald.Store once, on database/sql, for SQLite
// (modernc.org/sqlite, pure Go) and PostgreSQL (pgx's database/sql driver).
// Every query is written once; what truly differs between the two engines
// lives in a small dialect (dialect.go, sqlite.go, postgres.go): time
// encoding, list parameters, error classification, full-text search (FTS5 /
// tsvector), locking (one writer connection / advisory locks and SKIP LOCKED)
// and the migrations folder.
//
// Times are kept at millisecond precision in both (SQLite as unix
// milliseconds, PostgreSQL as timestamptz truncated to the millisecond), so
// a time reads back the same from either and cursors count milliseconds.
// NULL stands for the zero time.
//
// Several Herald processes may share one database: sources are claimed with a
// lease before they are fetched (ClaimDueSources), background jobs that must
// run once across all of them take a named lease (TryLease), and everything a
// reader sees (sessions, throttles, the section model, topic merges) is in the
// database.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/heraldnews/herald"
)

// DB is a Herald store in one SQLite file or one PostgreSQL schema. It is safe
// for concurrent use.
type DB struct {
	w   *sql.DB // writes: SQLite's one connection with BEGIN IMMEDIATE; PostgreSQL's pool
	r   *sql.DB // reads: SQLite's query_only pool (w for :memory:); PostgreSQL's pool
	d   *dialect
	now func() time.Time

	topics  *topicCache    // slug → linked topic id, for the write path
	stats   *analyzer      // when to refresh planner statistics (PostgreSQL); nil for SQLite
	ckpt    *checkpointer  // keeps SQLite's WAL bounded; nil for :memory: and PostgreSQL
	reads   *readStmts     // prepared reads (SQLite); nil where the driver caches them (pgx)
	writes  *readStmts     // statements the writer connection keeps prepared (SQLite); nil for pgx
	closers []func() error // background work to stop on Close, in order
	obs     observerSlot   // told how long queries take (metrics); see ObserveQueries
}

var _ herald.Store = (*DB)(nil)

// Open opens the store that url names: a postgres:// or postgresql:// URL
// selects PostgreSQL, anything else is an SQLite file path (":memory:" for a
// private in-memory database). It brings the schema up to date. It returns
// EINVALID for a malformed URL or path and EUNAVAILABLE when PostgreSQL
// cannot be reached.
func Open(ctx context.Context, url string) (*DB, error) {
	if IsPostgres(url) {
		return openPostgres(ctx, url)
	}
	return openSQLite(ctx, url, checkpointEvery)
}

// IsPostgres reports whether url selects PostgreSQL.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// Dialect returns "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.d.name }

// Ping reports whether the store answers.
func (db *DB) Ping(ctx context.Context) error {
	for _, p := range []*sql.DB{db.w, db.r} {
		if err := p.PingContext(ctx); err != nil {
			return herald.Errorf(herald.EUNAVAILABLE, "%s: %v", db.d.name, err)
		}
	}
	return nil
}

// Close releases the store's connections and background work.
func (db *DB) Close() error {
	var err error
	for _, c := range db.closers {
		err = errors.Join(err, c())
	}
	db.reads.close()
	db.writes.close()
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return errors.Join(err, db.w.Close())
}

// execer is what the write path needs of a transaction: *sql.Tx is one, and
// stmtCache is one that prepares each query once per transaction.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// tx is a write transaction whose queries go through the dialect.
type tx struct {
	db *DB
	x  execer
}

func (t tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.x.ExecContext(ctx, t.db.d.sql(query), args...)
}

func (t tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.x.QueryContext(ctx, t.db.d.sql(query), args...)
}

func (t tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return t.x.QueryRowContext(ctx, t.db.d.sql(query), args...)
}

// write runs fn in one write transaction, committing when fn returns nil.
func (db *DB) write(ctx context.Context, fn func(t tx) error) error {
	sqlTx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return db.wrapConn(err)
	}
	var x execer = sqlTx
	if db.d.prepareInTx {
		c := newStmtCache(sqlTx, db.writes)
		defer func() {
			c.close()
			db.writes.prepareLater(db.w, c.missed)
		}()
		x = c
	}
	defer db.obs.since("transaction", time.Now())
	if err := fn(tx{db: db, x: x}); err != nil {
		sqlTx.Rollback()
		return err
	}
	return sqlTx.Commit()
}

// exec runs one write statement outside an explicit transaction.
func (db *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	defer db.obs.since("write", time.Now())
	return db.w.ExecContext(ctx, db.d.sql(query), args...)
}

// writeRow runs one write statement that returns a row (RETURNING).
func (db *DB) writeRow(ctx context.Context, query string, args ...any) *sql.Row {
	defer db.obs.since("write", time.Now())
	return db.w.QueryRowContext(ctx, db.d.sql(query), args...)
}

// query runs a read on the read pool.
func (db *DB) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	defer db.obs.since("read", time.Now())
	q := db.d.sql(query)
	if st := db.reads.stmt(ctx, db.r, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return db.r.QueryContext(ctx, q, args...)
}

// queryRow runs a one-row read on the read pool.
func (db *DB) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	defer db.obs.since("read", time.Now())
	q := db.d.sql(query)
	if st := db.reads.stmt(ctx, db.r, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return db.r.QueryRowContext(ctx, q, args...)
}

// wrapConn marks a failure to reach the database (or to get its write lock
// in time) as EUNAVAILABLE, so that callers answer "try later", never
// "unauthorized" or "not found".
func (db *DB) wrapConn(err error) error {
	if err == nil || db.class(err) != errUnavailable {
		return err
	}
	return fmt.Errorf("%w: %w", herald.Errorf(herald.EUNAVAILABLE, "the %s database is not answering", db.d.name), err)
}

// clock returns the store's current time at the precision it keeps.
func (db *DB) clock() time.Time { return db.now().UTC().Truncate(time.Millisecond) }

// or returns t, or the store's current time when t is zero.
func (db *DB) or(t time.Time) time.Time {
	if t.IsZero() {
		return db.clock()
	}
	return t
}

// t encodes a time argument for the dialect; the zero time is NULL.
func (db *DB) t(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return db.d.time(t)
}

// tv encodes a time for a NOT NULL column: the zero time is kept as the
// instant it is (1 January of year 1, UTC), which reads back as the zero time
// and sorts before every other.
func (db *DB) tv(t time.Time) any { return db.d.time(t) }

// ids encodes a list of int64 for {{ids $N}}.
func (db *DB) ids(v []int64) any { return db.d.list(v) }

// texts encodes a list of strings for {{texts $N}}.
func (db *DB) texts(v []string) any { return db.d.list(v) }

// class reports what kind of constraint or encoding error err is.
func (db *DB) class(err error) errClass {
	if err == nil {
		return errOther
	}
	return db.d.classify(err)
}

// wrap names the operation of a failed call. It turns "no rows" into
// ENOTFOUND with the message nf (when nf is not ""), text the database cannot
// hold into EINVALID, and a failure to reach the database into EUNAVAILABLE.
func (db *DB) wrap(err error, op, nf string) error {
	switch {
	case errors.Is(err, sql.ErrNoRows) && nf != "":
		err = herald.Errorf(herald.ENOTFOUND, "%s", nf)
	case db.class(err) == errBadText:
		err = herald.Errorf(herald.EINVALID, "text holds a NUL byte or invalid UTF-8")
	default:
		err = db.wrapConn(err)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// notFound reports whether err is "no rows".
func notFound(err error) bool { return errors.Is(err, sql.ErrNoRows) }
