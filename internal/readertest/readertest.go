// Package readertest builds the fixture that the feed reader API tests
// (Google Reader, Fever) share: one SQLite store with a reader, ada, who
// follows the sources World and Sport and the topic North Korea; the
// source Other is not followed and brings one North Korea story; one
// World story is older than the unread window.
package readertest

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
	"github.com/heraldnews/herald/internal/store"
)

// Env is the fixture.
type Env struct {
	T        *testing.T
	Store    *store.DB
	Auth     *auth.Service
	Ada      *herald.User
	Password string // ada's app password
	Bearer   string // ada's API token
	World    *herald.Source
	Sport    *herald.Source
	Other    *herald.Source
	Stories  map[string]*herald.Story // by external id
	Now      time.Time
}

// New builds the fixture; everything is closed when the test ends.
func New(t *testing.T) *Env {
	t.Helper()
	ctx := t.Context()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := &Env{T: t, Store: db, Stories: map[string]*herald.Story{}, Now: time.Now().UTC().Truncate(time.Second)}
	e.Auth = auth.New(db, auth.Options{LoginState: auth.StoredState{Store: db}, FeedKeys: db})
	hash, err := auth.HashPassword("account password")
	if err != nil {
		t.Fatal(err)
	}
	e.Ada = &herald.User{Name: "ada", PasswordHash: hash}
	if err := db.CreateUser(ctx, e.Ada); err != nil {
		t.Fatal(err)
	}
	if e.Password, err = e.Auth.CreateAppPassword(ctx, e.Ada, "test app"); err != nil {
		t.Fatal(err)
	}
	if e.Bearer, err = e.Auth.CreateToken(ctx, e.Ada.ID, "test"); err != nil {
		t.Fatal(err)
	}
	e.World = e.Source("https://world.example/feed", "World Desk", "News")
	e.Sport = e.Source("https://sport.example/feed", "Sport Page", "Sport")
	e.Other = e.Source("https://other.example/feed", "Other Times", "")
	nk := herald.StoryTopic{Topic: herald.Topic{Slug: "north-korea", Name: "North Korea", Kind: herald.KindPlace}, Salience: 0.9}
	climate := herald.StoryTopic{Topic: herald.Topic{Slug: "climate", Name: "Climate", Kind: herald.KindOther}, Salience: 0.6}
	e.Story(e.World, "w1", 50*time.Minute, 0)
	e.Story(e.World, "w2", 40*time.Minute, 0, nk)
	e.Story(e.World, "w3", 30*time.Minute, 0, climate)
	e.Story(e.Sport, "s1", 20*time.Minute, 0)
	e.Story(e.Sport, "s2", 10*time.Minute, 0)
	e.Story(e.Other, "o1", 45*time.Minute, 0, nk)
	e.Story(e.Other, "o2", 35*time.Minute, 0, climate)
	e.Story(e.World, "old", 40*24*time.Hour, 0) // outside the unread window
	for _, err := range []error{db.FollowSource(ctx, e.Ada.ID, e.World.ID), db.FollowSource(ctx, e.Ada.ID, e.Sport.ID),
		db.FollowTopic(ctx, e.Ada.ID, "north-korea")} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// Source stores a source.
func (e *Env) Source(url, title, category string) *herald.Source {
	src := &herald.Source{URL: url, Title: title, Category: category, SiteURL: strings.TrimSuffix(url, "/feed")}
	if err := e.Store.CreateSource(e.T.Context(), src); err != nil {
		e.T.Fatal(err)
	}
	return src
}

// AddSource stands for ingest's AddSource: it stores the source.
func (e *Env) AddSource(ctx context.Context, raw string) (*herald.Source, error) {
	src := &herald.Source{URL: raw, Title: "Added " + raw}
	return src, e.Store.CreateSource(ctx, src)
}

// Story stores a story of src published age ago (stored a minute after),
// in cluster (0: none).
func (e *Env) Story(src *herald.Source, ext string, age time.Duration, cluster int64, topics ...herald.StoryTopic) *herald.Story {
	st := &herald.Story{SourceID: src.ID, ExternalID: ext, URL: "https://news.example/" + ext, Title: "Story " + ext + " <&>",
		Summary: "<p>Summary of " + ext + "</p>", ContentHTML: "<p>Text of " + ext + "</p>", Authors: []string{"Ann Writer"},
		PublishedAt: e.Now.Add(-age), FetchedAt: e.Now.Add(-age).Add(time.Minute), Topics: topics, ClusterID: cluster}
	if _, err := e.Store.UpsertStory(e.T.Context(), st); err != nil {
		e.T.Fatal(err)
	}
	e.Stories[ext] = st
	return st
}

// ID returns the id of the story with external id ext.
func (e *Env) ID(ext string) int64 {
	st, ok := e.Stories[ext]
	if !ok {
		e.T.Fatalf("no story %q", ext)
	}
	return st.ID
}

// Exts maps story ids back to external ids, in order.
func (e *Env) Exts(ids []int64) []string {
	var out []string
	for _, id := range ids {
		for ext, st := range e.Stories {
			if st.ID == id {
				out = append(out, ext)
			}
		}
	}
	return out
}
