// Package postgres implements herald.Store on PostgreSQL through pgx and its
// connection pool: tsvector search over a generated column with a GIN index,
// advisory locks where concurrent writers must not race.
//
// Tables live in the connection's search_path (set it with the URL parameter
// search_path=... to keep Herald in its own schema). Times are timestamptz and
// read back in UTC at PostgreSQL's microsecond precision; NULL stands for the
// zero time.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/heraldnews/herald"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DB is a Herald store in one PostgreSQL schema. It is safe for concurrent use.
type DB struct {
	pool *pgxpool.Pool
	now  func() time.Time
}

var _ herald.Store = (*DB)(nil)

// Open connects to the database at url (a postgres:// URL or a key=value
// connection string), checks that it answers and brings the schema up to date.
// It returns EINVALID for a malformed url and EUNAVAILABLE when the server
// cannot be reached.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, herald.Errorf(herald.EINVALID, "postgres url: %v", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", herald.Errorf(herald.EUNAVAILABLE, "postgres: %v", err))
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	return &DB{pool: pool, now: time.Now}, nil
}

// Ping reports whether the server answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.pool.Ping(ctx); err != nil {
		return herald.Errorf(herald.EUNAVAILABLE, "postgres: %v", err)
	}
	return nil
}

// Close closes every connection of the pool.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// querier is what both the pool and a transaction offer.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// write runs fn in one transaction, committing when fn returns nil.
func (db *DB) write(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, db.pool, fn)
}

// clock returns the store's current time at the precision it keeps.
func (db *DB) clock() time.Time { return db.now().UTC().Truncate(time.Microsecond) }

// or returns t, or the store's current time when t is zero.
func (db *DB) or(t time.Time) time.Time {
	if t.IsZero() {
		return db.clock()
	}
	return t
}

// null returns nil (SQL NULL) for the zero time and t otherwise.
func null(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// utc converts a nullable timestamptz read back into a UTC time (zero for NULL).
func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// pgError returns the server error in err's chain, or nil.
func pgError(err error) *pgconn.PgError {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// SQLSTATE codes this package tells apart.
const (
	codeUnique     = "23505"
	codeForeignKey = "23503"
	codeBadText    = "22021" // character_not_in_repertoire: NUL or invalid UTF-8
)

// isCode reports whether err is a server error with SQLSTATE code.
func isCode(err error, code string) bool {
	e := pgError(err)
	return e != nil && e.Code == code
}

// wrap names the operation of a failed call. It turns sql "no rows" into
// ENOTFOUND with the message nf (when nf is not "") and text PostgreSQL cannot
// hold into EINVALID.
func wrap(err error, op, nf string) error {
	switch {
	case errors.Is(err, pgx.ErrNoRows) && nf != "":
		err = herald.Errorf(herald.ENOTFOUND, "%s", nf)
	case isCode(err, codeBadText):
		err = herald.Errorf(herald.EINVALID, "text holds a NUL byte or invalid UTF-8")
	}
	return fmt.Errorf("%s: %w", op, err)
}
