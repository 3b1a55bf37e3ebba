package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"runtime"
	"strings"
	"time"

	"github.com/heraldnews/herald"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// PostgreSQL specifics.
//
// Tables live in the connection's search_path (set it with the URL parameter
// search_path=... to keep Herald in its own schema). Reads and writes share
// one pool; writers of the same story keys take transaction-scoped advisory
// locks, and claims on due sources use FOR UPDATE SKIP LOCKED, so several
// Herald processes can share one database.
//
// Every connection runs with jit=off: the queries on the read path are short
// index scans, and a generic plan costed without statistics (a freshly loaded
// table) can cross the JIT thresholds and spend ~300 ms compiling a 3 ms
// query. The store also runs ANALYZE itself after large ingests (analyze.go),
// so plans do not depend on autovacuum.

//go:embed migrations/postgres/*.sql
var postgresMigrations embed.FS

// migrationLock is the first key of the advisory lock held while migrating;
// the second is a hash of the schema, so that schemas migrate independently.
const migrationLock = 0x4865726c // "Herl"

// openPostgres connects to the database at url, checks that it answers and
// brings the schema up to date. EINVALID for a malformed url, EUNAVAILABLE
// when the server cannot be reached.
func openPostgres(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, herald.Errorf(herald.EINVALID, "postgres url: %v", err)
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	if _, set := cfg.RuntimeParams["jit"]; !set {
		cfg.RuntimeParams["jit"] = "off"
	}
	pool := stdlib.OpenDB(*cfg)
	n := max(8, 4*runtime.GOMAXPROCS(0))
	pool.SetMaxOpenConns(n)
	pool.SetMaxIdleConns(n)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	d := postgresDialect()
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", herald.Errorf(herald.EUNAVAILABLE, "postgres: %v", err))
	}
	if err := migrate(ctx, pool, d); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	db := &DB{w: pool, r: pool, d: d, now: time.Now, topics: newTopicCache()}
	db.closer = db.startAnalyzer()
	return db, nil
}

// postgresDialect is PostgreSQL's side of the dialect seam.
func postgresDialect() *dialect {
	sub, _ := fs.Sub(postgresMigrations, "migrations/postgres")
	return &dialect{
		name:     "postgres",
		expand:   postgresMacro,
		words:    strings.NewReplacer(),
		list:     func(v any) any { return v },
		time:     func(t time.Time) any { return t.UTC().Truncate(time.Millisecond) },
		classify: postgresClass,
		search: func(_ context.Context, _ *DB, q string, a *args) (string, bool, error) {
			cond, ok := pgSearch(q, a)
			return cond, ok, nil
		},
		indexNew: func(context.Context, execer, []int64) error { return nil }, // a generated column
		lockKeys: func(ctx context.Context, x execer, keys []int64) error {
			// keys are sorted, so every writer takes them in one order.
			_, err := x.ExecContext(ctx, `SELECT pg_advisory_xact_lock(k) FROM unnest(CAST($1 AS bigint[])) AS k`, keys)
			return err
		},
		migrations: sub,
		ddl: strings.NewReplacer("{{time}}", "timestamptz", "{{blob}}", "bytea", "{{bigint}}", "bigint",
			"{{norowid}}", "", "{{bool}}", "boolean", "{{false}}", "false"),
		migrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    integer     PRIMARY KEY,
			name       text        NOT NULL,
			applied_at timestamptz NOT NULL DEFAULT now()
		)`,
		lockMigrations: lockPostgresMigrations,
	}
}

// postgresMacro expands the query macros for PostgreSQL.
func postgresMacro(name string, a []string) string {
	switch {
	case name == "C" && len(a) == 0:
		return ` COLLATE "C"`
	case name == "lockrows" && len(a) == 0:
		return " FOR UPDATE"
	case name == "skiplocked" && len(a) == 0:
		return " FOR UPDATE SKIP LOCKED"
	case name == "ids" && len(a) == 1:
		return "SELECT unnest(CAST(" + a[0] + " AS bigint[])) AS v"
	case name == "texts" && len(a) == 1:
		return "SELECT unnest(CAST(" + a[0] + " AS text[])) AS v"
	case name == "key" && len(a) == 2:
		// A B-tree row holds at most ~2,700 bytes and feeds send keys of any
		// length: the index is on md5(COL) (migration 0004), then the text
		// itself is compared.
		return "md5(" + a[0] + ") = md5(CAST(" + a[1] + " AS text)) AND " + a[0] + " = " + a[1]
	case name == "pairs" && len(a) == 1:
		return "SELECT CAST(e->>0 AS bigint) AS src, e->>1 AS id FROM jsonb_array_elements(CAST(" + a[0] + " AS jsonb)) AS e"
	case name == "keyin" && len(a) == 2:
		return "md5(" + a[0] + ") IN (SELECT md5(k) FROM unnest(CAST(" + a[1] + " AS text[])) AS k) AND " +
			a[0] + " IN (SELECT unnest(CAST(" + a[1] + " AS text[])))"
	case name == "time" && len(a) == 1:
		return "CAST(" + a[0] + " AS timestamptz)"
	}
	panic(fmt.Sprintf("store: unknown query macro {{%s %s}}", name, strings.Join(a, " ")))
}

// SQLSTATE codes the store tells apart.
const (
	pgUnique     = "23505"
	pgForeignKey = "23503"
	pgBadText    = "22021" // character_not_in_repertoire: NUL or invalid UTF-8
)

// postgresClass classifies PostgreSQL errors by SQLSTATE, and failures to
// reach the server.
func postgresClass(err error) errClass {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == pgUnique:
			return errUnique
		case pe.Code == pgForeignKey:
			return errForeignKey
		case pe.Code == pgBadText:
			return errBadText
		case strings.HasPrefix(pe.Code, "08"), strings.HasPrefix(pe.Code, "57P"), pe.Code == "53300":
			return errUnavailable // connection exceptions, shutdown, too many connections
		}
		return errOther
	}
	var ne net.Error
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, sql.ErrConnDone) {
		return errUnavailable
	}
	return errOther
}

// lockPostgresMigrations holds a session advisory lock on conn so that
// instances starting together migrate one at a time.
func lockPostgresMigrations(ctx context.Context, conn *sql.Conn) (func(), error) {
	var schema sql.NullString
	if err := conn.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil || !schema.Valid {
		return nil, fmt.Errorf("no schema in search_path to create tables in (%v)", err)
	}
	const key = `$1::int, hashtext(coalesce(current_schema(), ''))`
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(`+key+`)`, migrationLock); err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	return func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(`+key+`)`, migrationLock); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn }) // drop the session: that frees the lock
		}
	}, nil
}
