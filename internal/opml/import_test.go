package opml

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/heraldnews/herald"
)

func TestImport(t *testing.T) {
	stored := map[string]*herald.Source{"https://old.example/feed": {ID: 7, URL: "https://old.example/feed"}}
	add := func(_ context.Context, s herald.Source) (*herald.Source, error) {
		switch {
		case s.URL == "http://127.0.0.1/feed":
			return nil, herald.Errorf(herald.EINVALID, "url: private network")
		case stored[s.URL] != nil:
			return nil, herald.Errorf(herald.ECONFLICT, "exists")
		case s.URL == "https://down.example/feed":
			return nil, errors.New("database is down")
		}
		s.ID = int64(len(stored) + 10)
		stored[s.URL] = &s
		return &s, nil
	}
	find := func(_ context.Context, url string) (*herald.Source, error) {
		if s := stored[url]; s != nil {
			return s, nil
		}
		return nil, herald.Errorf(herald.ENOTFOUND, "no source")
	}
	feeds := []Feed{
		{URL: "https://new.example/feed", Title: "New", Category: "News/Asia"},
		{URL: "https://old.example/feed"},
		{URL: "http://127.0.0.1/feed"},
		{URL: "https://new.example/feed"}, // twice in one file
	}
	var followed []int64
	follow := func(_ context.Context, id int64) error {
		followed = append(followed, id)
		return nil
	}
	got, err := Import(context.Background(), feeds, add, find, follow)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(followed, []int64{11, 7, 11}) {
		t.Errorf("followed %v, want every source added or found: 11, 7, 11", followed)
	}
	want := []struct {
		status string
		id     int64
		failed bool
	}{{StatusAdded, 11, false}, {StatusExists, 7, false}, {StatusFailed, 0, true}, {StatusExists, 11, false}}
	for i, w := range want {
		oc := got[i]
		var id int64
		if oc.Source != nil {
			id = oc.Source.ID
		}
		if oc.Feed != feeds[i] || oc.Status != w.status || id != w.id || (oc.Err != nil) != w.failed {
			t.Errorf("outcome %d = %+v (source %d), want %s with source %d", i, oc, id, w.status, w.id)
		}
	}
	if stored["https://new.example/feed"].Category != "News/Asia" {
		t.Error("the feed's category did not reach the source")
	}
	if got.Count(StatusExists) != 2 || got.Count(StatusAdded) != 1 || got.Count(StatusFailed) != 1 {
		t.Errorf("counts = %d added, %d exists, %d failed", got.Count(StatusAdded), got.Count(StatusExists), got.Count(StatusFailed))
	}

	// A failure that is not the feed's fault stops the import.
	got, err = Import(context.Background(), []Feed{{URL: "https://b.example/feed"}, {URL: "https://down.example/feed"}, {URL: "https://c.example/feed"}}, add, find, nil)
	if err == nil || len(got) != 1 || stored["https://c.example/feed"] != nil {
		t.Errorf("import after a store failure = %+v, %v; want it stopped after the first feed", got, err)
	}
}

func TestImportStopsWhenFollowFails(t *testing.T) {
	add := func(_ context.Context, s herald.Source) (*herald.Source, error) {
		s.ID = 1
		return &s, nil
	}
	find := func(context.Context, string) (*herald.Source, error) {
		return nil, herald.Errorf(herald.ENOTFOUND, "none")
	}
	follow := func(context.Context, int64) error { return errors.New("database is down") }
	got, err := Import(context.Background(), []Feed{{URL: "https://a.example/feed"}, {URL: "https://b.example/feed"}}, add, find, follow)
	if err == nil || len(got) != 0 {
		t.Errorf("Import with a failing follow = %+v, %v; want an error before the first outcome", got, err)
	}
}
