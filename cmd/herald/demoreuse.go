package main

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"slices"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/demo"
)

// demoSources are the stored sources that are the demo publisher's feeds (on
// a loopback address, at one of its feed paths), by feed path.
func demoSources(srcs []*herald.Source, pub *demo.Publisher) map[string]*herald.Source {
	paths := pub.FeedURLs("")
	out := map[string]*herald.Source{}
	for _, s := range srcs {
		u, err := url.Parse(s.URL)
		if err != nil || u.Scheme != "http" || !loopbackHost(u.Hostname()) {
			continue
		}
		if slices.Contains(paths, u.Path) {
			out[u.Path] = s
		}
	}
	return out
}

func loopbackHost(h string) bool {
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// demoAddr is where the demo publisher listens: where the stored demo
// sources point when a data directory is reused (so that their stories'
// links keep working), else any free loopback port.
func demoAddr(known map[string]*herald.Source) string {
	for _, s := range known {
		if u, err := url.Parse(s.URL); err == nil {
			return u.Host
		}
	}
	return "127.0.0.1:0"
}

// startDemo starts the publisher at the address the stored sources name,
// or on a free port when that one is taken.
func startDemo(ctx context.Context, a *app, pub *demo.Publisher, known map[string]*herald.Source) (string, error) {
	addr := demoAddr(known)
	base, err := pub.Start(ctx, addr, a.log)
	if err != nil && addr != "127.0.0.1:0" {
		a.log.InfoContext(ctx, "demo publisher's old address is taken; using another", "addr", addr)
		base, err = pub.Start(ctx, "127.0.0.1:0", a.log)
	}
	if err != nil {
		return "", fmt.Errorf("demo publisher: %w", err)
	}
	return base, nil
}

// addDemoSources makes the stored demo sources point at base (re-targeting
// those a previous run left on another port, stories kept) and adds the
// feeds not stored yet: restarting the demo on its data never adds a source
// twice.
func addDemoSources(ctx context.Context, a *app, pub *demo.Publisher, base string, known map[string]*herald.Source) error {
	for i, path := range pub.FeedURLs("") {
		want := pub.FeedURLs(base)[i]
		if s, ok := known[path]; ok {
			if s.URL != want {
				if err := a.store.RetargetSource(ctx, s.ID, want); err != nil {
					return fmt.Errorf("demo: move %s to %s: %w", s.URL, want, err)
				}
			}
			continue
		}
		if _, err := a.pipeline.AddSource(ctx, want); err != nil && herald.ErrorCode(err) != herald.ECONFLICT {
			return fmt.Errorf("demo: add %s: %w", want, err)
		}
	}
	return nil
}
