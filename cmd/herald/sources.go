package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/heraldnews/herald/internal/ingest"
	"github.com/heraldnews/herald/internal/opml"
)

func cmdSourceAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "source add")
	cfg, pos, err := parseConfig(e, fs, args, commonFlags)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one feed URL")
	}
	a, err := openApp(ctx, e, cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	src, err := a.pipeline.AddSource(ctx, pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "added source %d: %s\nRun 'herald refresh' to fetch it now.\n", src.ID, src.URL)
	return nil
}

func cmdSourceList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "source list")
	cfg, _, err := parseConfig(e, fs, args, commonFlags)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, e, cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	srcs, err := a.store.Sources(ctx)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(e.stdout)
	for _, s := range srcs {
		if err := enc.Encode(s); err != nil {
			return err
		}
	}
	return nil
}

func cmdSourceImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "source import")
	cfg, pos, err := parseConfig(e, fs, args, commonFlags)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one OPML file")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	feeds, err := opml.Parse(f)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, e, cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	done, err := opml.Import(ctx, feeds, a.pipeline.ImportSource, a.store.SourceByURL, nil)
	for _, oc := range done {
		if oc.Err != nil {
			fmt.Fprintf(e.stderr, "skipped %s: %v\n", oc.Feed.URL, oc.Err)
		}
	}
	if err != nil {
		return err
	}
	added, existing, failed := done.Count(opml.StatusAdded), done.Count(opml.StatusExists), done.Count(opml.StatusFailed)
	fmt.Fprintf(e.stdout, "imported %d feeds: %d added, %d already there, %d skipped\n", len(feeds), added, existing, failed)
	return nil
}

func cmdSourceExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "source export")
	cfg, _, err := parseConfig(e, fs, args, commonFlags)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, e, cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	srcs, err := a.store.Sources(ctx)
	if err != nil {
		return err
	}
	return opml.Write(e.stdout, opml.ExportTitle, opml.FromSources(srcs), time.Now())
}

func cmdRefresh(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "refresh")
	force := fs.Bool("force", false, "fetch every source, due or not")
	cfg, _, err := parseConfig(e, fs, args, ingestFlags)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, e, cfg, true)
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	st, err := a.pipeline.RefreshDue(ctx, *force)
	if err != nil {
		return err
	}
	a.clusterNow(ctx)
	out := struct {
		ingest.Stats
		Seconds float64 `json:"seconds"`
	}{st, time.Since(start).Seconds()}
	return json.NewEncoder(e.stdout).Encode(out)
}
