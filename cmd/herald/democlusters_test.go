package main

import (
	"net/url"
	"testing"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/demo"
)

// TestDemoShowsClusters runs `herald demo` (its publisher, first fetch and
// clustering worker) and reads the clusters it stored: at least three told
// by three or more outlets, and no cluster holding two of the demo's events.
func TestDemoShowsClusters(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the demo")
	}
	dir := t.TempDir()
	_, stop := demoRun(t, "--data", dir)
	defer stop()
	a := openTestApp(t, "--data", dir)
	eventOf := map[string]string{}
	for name, paths := range demo.Events() {
		for _, p := range paths {
			eventOf[p] = name
		}
	}
	var all []*herald.Cluster
	for cursor := ""; ; {
		cs, next, err := a.store.ListClusters(t.Context(), herald.ClusterQuery{Limit: 200, Cursor: cursor})
		if err != nil {
			t.Fatalf("ListClusters: %v", err)
		}
		all = append(all, cs...)
		if cursor = next; cursor == "" {
			break
		}
	}
	wide, seen := 0, map[string]int64{}
	for _, listed := range all {
		c, err := a.store.Cluster(t.Context(), 0, listed.ID)
		if err != nil {
			t.Fatalf("Cluster(%d): %v", listed.ID, err)
		}
		if len(c.Outlets) >= 3 {
			wide++
		}
		events := map[string]bool{}
		for _, s := range c.Stories {
			u, err := url.Parse(s.URL)
			if err != nil {
				t.Fatal(err)
			}
			if ev := eventOf[u.Path]; ev != "" {
				events[ev] = true
				if other, ok := seen[ev]; ok && other != c.ID {
					t.Errorf("the %s event is split between clusters %d and %d", ev, other, c.ID)
				}
				seen[ev] = c.ID
			}
		}
		if len(events) > 1 {
			t.Errorf("cluster %d (%q) holds %d events: %v", c.ID, c.Headline.Title, len(events), events)
		}
		t.Logf("cluster %d: %d stories, %d outlets, %q", c.ID, c.Size, len(c.Outlets), c.Headline.Title)
	}
	if wide < 3 {
		t.Errorf("%d clusters told by three or more outlets, want at least 3", wide)
	}
	if len(seen) != len(demo.Events()) {
		t.Errorf("%d of the %d demo events are in a cluster", len(seen), len(demo.Events()))
	}
}
