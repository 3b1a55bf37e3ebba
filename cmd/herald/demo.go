package main

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/demo"
)

// loopback is the network the demo publisher lives on.
var loopback = netip.MustParsePrefix("127.0.0.0/8")

// cmdDemo serves Herald on a fresh data directory, with a demo publisher inside
// the process whose feeds are ingested through the real fetch → parse → store
// path, and the user demo / demo.
func cmdDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "demo")
	cfg, pos, err := parseConfig(e, fs, args, serveFlags)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if !explicitFlag(fs, "data") && e.getenv("HERALD_DATA") == "" && !explicitFlag(fs, "db") && e.getenv("HERALD_DB") == "" {
		dir, err := os.MkdirTemp("", "herald-demo-")
		if err != nil {
			return fmt.Errorf("demo: make a data directory: %w", err)
		}
		// Removed when the demo stops (after the store closes: defers run last first).
		defer os.RemoveAll(dir)
		cfg.Data, cfg.DB = dir, filepath.Join(dir, "herald.db")
	}
	if cfg.AllowNetworks == "" {
		cfg.AllowNetworks = loopback.String()
	} else {
		cfg.AllowNetworks += "," + loopback.String()
	}
	a, err := openApp(ctx, e, cfg, true)
	if err != nil {
		return err
	}
	defer a.Close()
	a.loginHint = "This is the Herald demo: sign in as demo with the password demo."
	if err := seedDemo(ctx, e, a); err != nil {
		return err
	}
	a.runBackground(ctx)
	return serveHTTP(ctx, a.log, cfg.Addr, a.handler(), func(addr string) {
		fmt.Fprintf(e.stdout, "\nHerald demo is ready at %s\nSign in as demo / demo. Data: %s\nPress Ctrl+C to stop.\n", hostURL(addr), cfg.Data)
	})
}

// seedDemo starts the demo publisher, adds its feeds, ingests them once and
// creates the demo user.
func seedDemo(ctx context.Context, e *env, a *app) error {
	pub, err := demo.New(time.Now())
	if err != nil {
		return fmt.Errorf("demo publisher: %w", err)
	}
	srcs, err := a.store.Sources(ctx)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	known := demoSources(srcs, pub)
	base, err := startDemo(ctx, a, pub, known)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Demo publisher at %s\n", base)
	if err := addDemoSources(ctx, a, pub, base, known); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "Fetching the demo feeds…")
	st, err := a.pipeline.RefreshDue(ctx, true)
	if err != nil {
		return fmt.Errorf("demo: first refresh: %w", err)
	}
	fmt.Fprintf(e.stdout, "Ingested %d stories from %d sources (%d failed).\n", st.New+st.Updated, st.Sources, st.Failed)
	a.clusterNow(ctx)
	if err := a.images().Drain(ctx); err != nil {
		return fmt.Errorf("demo: lead images: %w", err)
	}
	if _, err := a.auth.CreateUser(ctx, "demo", "demo-password", true); err != nil && herald.ErrorCode(err) != herald.ECONFLICT {
		return fmt.Errorf("demo: create user: %w", err)
	}
	return setDemoPassword(ctx, a)
}
