package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// dialect is everything that differs between SQLite and PostgreSQL. Queries
// are written once, with $N placeholders (both engines read them) and a few
// macros in double braces that expand per dialect:
//
//	{{C}}              binary collation for ORDER BY: ` COLLATE "C"` / nothing (SQLite's default)
//	{{ids $N}}         a subquery over a list of int64 passed as db.ids(...), one column v
//	{{texts $N}}       a subquery over a list of strings passed as db.texts(...), one column v
//	{{pairs $N}}       a subquery over JSON [[source id, external id], …], columns src and id
//	{{key COL $N}}     COL = $N, through the md5 index on PostgreSQL (keys of any length)
//	{{keyin COL $N}}   COL IN a list of strings passed as db.texts(...), the same way
//	{{skiplocked}}     FOR UPDATE SKIP LOCKED on PostgreSQL, nothing on SQLite (one writer)
//	{{lockrows}}       FOR UPDATE on PostgreSQL, nothing on SQLite
//	{{lockupdate}}     FOR NO KEY UPDATE on PostgreSQL (the lock an UPDATE of non-key columns takes), nothing on SQLite
//	{{time $N}}        $N typed as a time, for a parameter whose type the server cannot infer
//
// plus greatest( and strpos(, which SQLite spells max( and instr(.
type dialect struct {
	name string // "sqlite" or "postgres"
	// expand turns a macro (name and arguments) into SQL.
	expand func(name string, args []string) string
	// words are plain replacements applied after the macros.
	words *strings.Replacer
	// params rewrites $N placeholders when the engine reads another form
	// faster (SQLite looks $N up by name, linearly: ?N is positional).
	params func(query string) string
	// list encodes a slice for {{ids}} and {{texts}}: JSON text for SQLite's
	// json_each, the slice itself for PostgreSQL's arrays.
	list func(v any) any
	// time encodes a time argument: unix milliseconds (SQLite) or a timestamptz
	// (PostgreSQL), both at millisecond precision.
	time func(t time.Time) any
	// classify tells constraint and encoding errors apart.
	classify func(err error) errClass
	// search returns the condition that keeps stories matching a reader's
	// query, with the query argument added to a; ok is false when the query
	// can match nothing. It may ask db how many stories match, to write the
	// condition the way that is fastest for that many.
	search func(ctx context.Context, db *DB, q string, a *args) (cond string, ok bool, err error)
	// indexNew adds stories just inserted to the full-text index (SQLite's
	// FTS5 table; PostgreSQL indexes a generated column by itself).
	indexNew func(ctx context.Context, tx execer, ids []int64) error
	// lockKeys serialises writers of the same story keys across connections
	// (PostgreSQL advisory locks); SQLite has one writer and needs none.
	lockKeys func(ctx context.Context, tx execer, keys []int64) error
	// awaitWriters, when not nil, waits in tx until every transaction that
	// is writing stories has ended, and keeps new ones waiting until tx
	// ends: PostgreSQL's writers commit in any order, so a story with a
	// smaller id may become visible after one with a larger id. SQLite's
	// one writer commits in id order and needs none.
	awaitWriters func(ctx context.Context, tx execer) error
	// prepareInTx says whether a write transaction should prepare repeated
	// queries itself (SQLite); pgx caches prepared statements per connection.
	prepareInTx bool
	// migrations is the dialect's folder of NNNN_name.sql files.
	migrations fs.FS
	// ddl expands the type macros of the common migrations.
	ddl *strings.Replacer
	// migrationsTable creates schema_migrations when it is missing.
	migrationsTable string
	// lockMigrations keeps two processes from migrating one database at once;
	// it returns the unlock function.
	lockMigrations func(ctx context.Context, conn *sql.Conn) (func(), error)

	cache sync.Map // query text → expanded query text
}

// errClass is what classify reports of an error.
type errClass int

const (
	errOther       errClass = iota
	errUnique               // a UNIQUE or PRIMARY KEY violation
	errForeignKey           // a FOREIGN KEY violation
	errBadText              // text the database cannot hold
	errUnavailable          // the database cannot be reached or stays locked
)

// macro matches {{name args…}}.
var macro = regexp.MustCompile(`\{\{(\w+)((?: [^}]+)?)\}\}`)

// sql returns query with the dialect's macros expanded, cached per query text.
func (d *dialect) sql(query string) string {
	if q, ok := d.cache.Load(query); ok {
		return q.(string)
	}
	q := macro.ReplaceAllStringFunc(query, func(m string) string {
		parts := macro.FindStringSubmatch(m)
		return d.expand(parts[1], strings.Fields(parts[2]))
	})
	q = d.words.Replace(q)
	if d.params != nil {
		q = d.params(q)
	}
	d.cache.Store(query, q)
	return q
}

// jsonList is SQLite's list encoding: JSON text that json_each reads.
func jsonList(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		panic("store: encode list: " + err.Error()) // slices of ints and strings always encode
	}
	return string(b)
}

// args collects positional query arguments for queries built from parts.
type args []any

// add appends v and returns its placeholder.
func (a *args) add(v any) string {
	*a = append(*a, v)
	return placeholder(len(*a))
}

// placeholder returns $n.
func placeholder(n int) string { return "$" + strconv.Itoa(n) }
