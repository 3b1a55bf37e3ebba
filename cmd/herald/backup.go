package main

import (
	"context"
	"fmt"
	"net/url"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/store"
)

// cmdBackup writes a consistent copy of the SQLite database to FILE with
// VACUUM INTO, safe while `herald serve` runs (hostile-cases E8). PostgreSQL
// is backed up with its own tools; the command says how.
func cmdBackup(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "backup")
	cfg, pos, err := parseConfig(e, fs, args, commonFlags)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one backup FILE")
	}
	if cfg.IsPostgres() {
		return herald.Errorf(herald.EINVALID, "the database is PostgreSQL, which Herald does not back up itself; "+
			"use pg_dump, e.g. pg_dump --format=custom --file=%s '%s' (restore with pg_restore)", pos[0], redactedURL(cfg.DB))
	}
	size, err := store.Backup(ctx, cfg.DB, pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backed up %s to %s (%d bytes)\n", cfg.DB, pos[0], size)
	return nil
}

// redactedURL is a database URL with its password replaced by "xxxxx".
func redactedURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}
