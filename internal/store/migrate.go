package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// migration is one numbered schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads a dialect's migrations, ordered by version. Files are
// named NNNN_description.sql; two files with one version are an error.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	seen := map[int]string{}
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number and '_'", base)
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s share version %d", prev, base, v)
		}
		seen[v] = base
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: base, sql: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

//go:embed migrations/common/*.sql
var commonMigrations embed.FS

// dialectMigrations returns the dialect's own migrations and the common
// ones, whose type macros the dialect expands, ordered by version; a version
// in both folders is an error.
func dialectMigrations(d *dialect) ([]migration, error) {
	own, err := loadMigrations(d.migrations)
	if err != nil {
		return nil, err
	}
	sub, _ := fs.Sub(commonMigrations, "migrations/common")
	common, err := loadMigrations(sub)
	if err != nil {
		return nil, err
	}
	seen := map[int]string{}
	for _, m := range own {
		seen[m.version] = m.name
	}
	for _, m := range common {
		if prev, dup := seen[m.version]; dup {
			return nil, fmt.Errorf("migrations %s and common %s share version %d", prev, m.name, m.version)
		}
		if m.sql = d.ddl.Replace(m.sql); strings.Contains(m.sql, "{{") {
			return nil, fmt.Errorf("migration %s: a type macro %s does not know", m.name, d.name)
		}
		own = append(own, m)
	}
	sort.Slice(own, func(i, j int) bool { return own[i].version < own[j].version })
	return own, nil
}

// migrate applies every migration of the dialect not yet recorded in
// schema_migrations, each in its own transaction, on one connection that
// holds the dialect's migration lock (PostgreSQL: an advisory lock; SQLite:
// transactions begin IMMEDIATE), so processes opening one database at once
// apply each migration once.
func migrate(ctx context.Context, db *sql.DB, d *dialect) (err error) {
	ms, err := dialectMigrations(d)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	unlock, err := d.lockMigrations(ctx, conn)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer unlock()
	if _, err := conn.ExecContext(ctx, d.migrationsTable); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, m := range ms {
		if err := applyMigration(ctx, conn, d, m); err != nil {
			return fmt.Errorf("migrate %s: %w", m.name, err)
		}
	}
	return nil
}

// applyMigration runs m unless schema_migrations records it already.
func applyMigration(ctx context.Context, conn *sql.Conn, d *dialect, m migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n)
	if err != nil || n > 0 {
		return err
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
		m.version, m.name, d.time(time.Now()))
	if err != nil {
		return err
	}
	return tx.Commit()
}
