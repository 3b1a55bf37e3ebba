package main

import (
	"context"
	"fmt"
	"time"
)

// schedulerTick is how often the background scheduler looks for due sources.
const schedulerTick = 30 * time.Second

// sectionRetrainEvery is the longest the section model goes without
// retraining; enough new weakly labelled stories retrain it sooner.
const sectionRetrainEvery = 6 * time.Hour

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve")
	cfg, pos, err := parseConfig(e, fs, args, serveFlags)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	a, err := openApp(ctx, e, cfg, true)
	if err != nil {
		return err
	}
	defer a.Close()
	a.runBackground(ctx)
	return serveHTTP(ctx, a.log, cfg.Addr, a.handler(), func(addr string) {
		a.log.Info("serving", "url", hostURL(addr), "db", redactDB(cfg.DB))
		fmt.Fprintf(e.stdout, "Herald is serving at %s\n", hostURL(addr))
	})
}

// redactDB hides a password in a database URL so that it never reaches a log.
func redactDB(db string) string {
	if u, err := parseURL(db); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			return u.Redacted()
		}
	}
	return db
}
