package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// SQLite specifics.
//
// Writes go through a pool of one connection whose transactions begin with
// BEGIN IMMEDIATE, so writers queue in Go instead of failing with SQLITE_BUSY;
// reads use a separate read-only pool that WAL lets run beside the writer. An
// in-memory database (":memory:") lives in one connection, shared by both.
// (Measured with 8 goroutines storing stories at once: about 340 µs a story
// through the one writer against 430 µs with eight writer connections taking
// turns at SQLite's file lock.)
//
// Durability: synchronous=FULL, so a transaction that returned from COMMIT
// survives a crash of the process and, on storage that honours fsync, a power
// loss (WAL with NORMAL may lose the last commits on power loss). FULL costs
// one more fsync per commit: about 0.25 ms on the development machine's disk,
// lost in the noise of an ingest batch, 60 → 310 µs for a follow. A
// background checkpointer keeps the WAL file bounded (see checkpoint.go), and
// Backup copies a live database safely (see backup.go).

//go:embed migrations/sqlite/*.sql
var sqliteMigrations embed.FS

// sqlitePragmas apply to every pooled connection through the DSN. temp_store
// keeps statement journals in memory: every multi-row write in a transaction
// opens one, and on disk each cost a write system call per page. busy_timeout
// is long because the writer it waits for may be another process (herald
// refresh or herald topic merge beside herald serve) storing a batch: a
// reader's click that waits is better than one that fails with "database is
// locked" (hostile-cases E4).
const sqlitePragmas = "_pragma=busy_timeout(30000)&_pragma=foreign_keys(1)" +
	"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=temp_store(MEMORY)&_txlock=immediate"

// openSQLite opens (creating it when missing) the SQLite database at path,
// migrates it and, for a file, starts the WAL checkpointer with the given
// interval. It returns EINVALID for an empty path or one holding '?'.
func openSQLite(ctx context.Context, path string, every time.Duration) (*DB, error) {
	if path == "" || strings.Contains(path, "?") {
		return nil, herald.Errorf(herald.EINVALID, "sqlite path %q: must be a file name or :memory:", path)
	}
	w, err := sql.Open("sqlite", path+"?"+sqlitePragmas)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	db := &DB{w: w, r: w, d: sqliteDialect(), now: time.Now, topics: newTopicCache(), reads: newReadStmts()}
	if err := migrate(ctx, w, db.d); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	db.closers = append(db.closers, db.startRecounter())
	if path == ":memory:" {
		return db, nil
	}
	if db.r, err = openSQLiteReader(ctx, path); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if db.ckpt, err = startCheckpointer(ctx, path, every); err != nil {
		db.r.Close()
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	db.closers = append(db.closers, db.ckpt.close)
	return db, nil
}

// openSQLiteReader opens the read-only pool, two connections per CPU (at
// least 8): reads are mostly CPU work, but a connection waiting for a page
// from disk should not hold up the others.
func openSQLiteReader(ctx context.Context, path string) (*sql.DB, error) {
	r, err := sql.Open("sqlite", path+"?"+sqlitePragmas+"&_query_only=1")
	if err != nil {
		return nil, err
	}
	n := max(8, 2*runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	if err := r.PingContext(ctx); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// sqliteDialect is SQLite's side of the dialect seam.
func sqliteDialect() *dialect {
	sub, _ := fs.Sub(sqliteMigrations, "migrations/sqlite")
	return &dialect{
		name:        "sqlite",
		expand:      sqliteMacro,
		params:      sqliteParams,
		words:       strings.NewReplacer("greatest(", "max(", "least(", "min(", "strpos(", "instr("),
		list:        jsonList,
		time:        func(t time.Time) any { return t.UnixMilli() },
		classify:    sqliteClass,
		search:      sqliteSearch,
		indexNew:    sqliteIndexNew,
		lockKeys:    func(context.Context, execer, []int64) error { return nil },
		prepareInTx: true,
		migrations:  sub,
		ddl: strings.NewReplacer("{{time}}", "INTEGER", "{{blob}}", "BLOB", "{{bigint}}", "INTEGER",
			"{{norowid}}", " WITHOUT ROWID", "{{bool}}", "INTEGER", "{{false}}", "0",
			"{{serial}}", "INTEGER PRIMARY KEY AUTOINCREMENT"),
		migrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    INTEGER PRIMARY KEY,
			name       TEXT    NOT NULL,
			applied_at INTEGER NOT NULL
		)`,
		// Migrations run in BEGIN IMMEDIATE transactions: one process at a time.
		lockMigrations: func(context.Context, *sql.Conn) (func(), error) { return func() {}, nil },
	}
}

// dollarParam matches a $N placeholder.
var dollarParam = regexp.MustCompile(`\$(\d+)`)

// sqliteParams rewrites $N placeholders for SQLite. SQLite keeps the name of
// every $N and ?N parameter in a list it searches linearly, when it parses
// and again when the driver binds, which makes a multi-row INSERT of
// thousands of parameters quadratic. A query whose placeholders run $1, $2,
// … in order, each once, takes anonymous ? placeholders, which have no
// names; any other keeps numbered ?N ones.
func sqliteParams(q string) string {
	next := 1
	inOrder := true
	for _, m := range dollarParam.FindAllStringSubmatch(q, -1) {
		if n, _ := strconv.Atoi(m[1]); n != next {
			inOrder = false
			break
		}
		next++
	}
	if inOrder {
		return dollarParam.ReplaceAllString(q, "?")
	}
	return dollarParam.ReplaceAllString(q, "?$1")
}

// sqliteMacro expands the query macros for SQLite.
func sqliteMacro(name string, a []string) string {
	switch {
	case len(a) == 0 && (name == "C" || name == "skiplocked" || name == "lockrows" || name == "lockupdate"):
		return ""
	case (name == "ids" || name == "texts") && len(a) == 1:
		return "SELECT value AS v FROM json_each(" + a[0] + ")"
	case name == "key" && len(a) == 2:
		return a[0] + " = " + a[1]
	case name == "pairs" && len(a) == 1:
		return "SELECT value->>0 AS src, value->>1 AS id FROM json_each(" + a[0] + ")"
	case name == "keyin" && len(a) == 2:
		return a[0] + " IN (SELECT value FROM json_each(" + a[1] + "))"
	case name == "time" && len(a) == 1:
		return a[0]
	}
	panic(fmt.Sprintf("store: unknown query macro {{%s %s}}", name, strings.Join(a, " ")))
}

// sqliteClass classifies SQLite errors by their extended result code.
func sqliteClass(err error) errClass {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return errOther
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return errUnique
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return errForeignKey
	}
	switch e.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL:
		return errUnavailable
	}
	return errOther
}

// driveFromMatches is the most matches a search walks story by story
// (each looked up and the lot sorted); beyond it, the listing walks the
// stories newest first and keeps those in the matches, which reaches a page
// after a few rows since matches are then dense.
var driveFromMatches = 5000 // a variable for the tests of both plans

// denseShare is the share of the stories (one in denseShare) at and above
// which a search of plain words and phrases probes the full-text index once
// per story while walking the stories newest first: a page then takes about
// limit×denseShare probes (a rowid seek in each term's list), where reading
// every match into a list costs time in proportion to the matches. A prefix
// or an exclusion makes each probe expensive, so those keep the list.
var denseShare = 5 // a variable for the tests of every plan

// sqliteSearch matches stories through the FTS5 table; see ftsQuery. It
// counts the matches with a bounded probe of the index and picks one of three
// plans that list the same stories in the same order: up to driveFromMatches
// matches, the matches are looked up and sorted; beyond, the condition is
// written as +s.id so that SQLite walks the newest-first index and keeps the
// stories in the list of matches; and when at least one story in denseShare
// matches plain terms, each story walked is probed in the index instead.
func sqliteSearch(ctx context.Context, db *DB, q string, a *args) (string, bool, error) {
	expr, negate := ftsQuery(q)
	if expr == "" {
		return "", false, nil
	}
	if negate {
		return "s.id NOT IN (SELECT rowid FROM stories_fts WHERE stories_fts MATCH " + a.add(expr) + ")", true, nil
	}
	var maxID int64
	if err := db.queryRow(ctx, `SELECT coalesce(max(id), 0) FROM stories`).Scan(&maxID); err != nil {
		return "", false, err
	}
	dense := maxID / int64(denseShare)
	bound := max(int64(driveFromMatches), dense) + 1
	var n int64
	if err := db.queryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM stories_fts WHERE stories_fts MATCH $1 LIMIT $2)`,
		expr, bound).Scan(&n); err != nil {
		return "", false, err
	}
	switch {
	case n >= dense && n > int64(driveFromMatches) && plainTerms(q):
		return "EXISTS (SELECT 1 FROM stories_fts f WHERE f.rowid = s.id AND stories_fts MATCH " + a.add(expr) + ")", true, nil
	case n > int64(driveFromMatches):
		return "+s.id IN (SELECT rowid FROM stories_fts WHERE stories_fts MATCH " + a.add(expr) + ")", true, nil
	}
	return "s.id IN (SELECT rowid FROM stories_fts WHERE stories_fts MATCH " + a.add(expr) + ")", true, nil
}

// plainTerms reports whether a search holds only words and phrases: no
// prefix, no exclusion, no OR.
func plainTerms(q string) bool {
	for _, tok := range searchTokens(q) {
		if tok.prefix || tok.not || tok.or {
			return false
		}
	}
	return true
}

// sqliteIndexNew writes the full-text entries of stories inserted in this
// transaction, in one statement. FTS5 flushes its pending terms whenever a
// statement opens a statement journal (each multi-row write does), so
// indexing per row wrote a segment per story; batching keeps it to one.
func sqliteIndexNew(ctx context.Context, x execer, ids []int64) error {
	_, err := x.ExecContext(ctx, `INSERT INTO stories_fts (rowid, title, text)
		SELECT id, title, text FROM stories WHERE id IN (SELECT value FROM json_each($1))`, jsonList(ids))
	return err
}
