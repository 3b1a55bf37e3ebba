package storetest

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

var followTests = []namedTest{
	{"Idempotent", testFollowIdempotent},
	{"NewestFirst", testFollowNewestFirst},
	{"NotFound", testFollowNotFound},
	{"Mutes", testMutes},
}

// followFixture makes one source and stories carrying topics a, b and c.
func followFixture(t *testing.T, s herald.Store) *herald.Source {
	src := newSource(t, s, "https://example.org/feed", "Example")
	upsert(t, s, newStory(src.ID, "1", t0, topic("a", 0.5), topic("b", 0.5), topic("c", 0.5)))
	return src
}

// followsOf returns userID's follows as "topic:slug" and "source:id" keys.
func followsOf(t *testing.T, s herald.Store, userID int64) []string {
	t.Helper()
	fs, err := s.Follows(t.Context(), userID)
	if err != nil {
		t.Fatalf("Follows: %v", err)
	}
	out := []string{}
	for _, f := range fs {
		switch {
		case f.Kind == herald.FollowTopic && f.Topic != nil && f.Source == nil:
			out = append(out, "topic:"+f.Topic.Slug)
		case f.Kind == herald.FollowSource && f.Source != nil && f.Topic == nil:
			out = append(out, "source:"+f.Source.Title)
		default:
			t.Fatalf("malformed follow %+v", f)
		}
		if f.CreatedAt.IsZero() {
			t.Errorf("follow %+v has no CreatedAt", f)
		}
	}
	return out
}

func testFollowIdempotent(t *testing.T, s herald.Store) {
	ctx := t.Context()
	src := followFixture(t, s)
	u := newUser(t, s, "ada")
	for range 2 {
		if err := s.FollowTopic(ctx, u.ID, "a"); err != nil {
			t.Fatalf("FollowTopic: %v", err)
		}
		if err := s.FollowSource(ctx, u.ID, src.ID); err != nil {
			t.Fatalf("FollowSource: %v", err)
		}
	}
	diff(t, "follows after following twice", []string{"topic:a", "source:Example"}, followsOf(t, s, u.ID), sortStrings)
	for range 2 {
		if err := s.UnfollowTopic(ctx, u.ID, "a"); err != nil {
			t.Fatalf("UnfollowTopic: %v", err)
		}
		if err := s.UnfollowSource(ctx, u.ID, src.ID); err != nil {
			t.Fatalf("UnfollowSource: %v", err)
		}
	}
	diff(t, "follows after unfollowing twice", []string{}, followsOf(t, s, u.ID))
	if err := s.UnfollowTopic(ctx, u.ID, "b"); err != nil {
		t.Errorf("UnfollowTopic of a topic never followed: %v", err)
	}
}

func testFollowNewestFirst(t *testing.T, s herald.Store) {
	ctx := t.Context()
	src := followFixture(t, s)
	u := newUser(t, s, "ada")
	steps := []func() error{
		func() error { return s.FollowTopic(ctx, u.ID, "b") },
		func() error { return s.FollowSource(ctx, u.ID, src.ID) },
		func() error { return s.FollowTopic(ctx, u.ID, "a") },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("follow: %v", err)
		}
		time.Sleep(3 * time.Millisecond) // distinct CreatedAt at millisecond precision
	}
	diff(t, "follows, newest first", []string{"topic:a", "source:Example", "topic:b"}, followsOf(t, s, u.ID))
}

func testFollowNotFound(t *testing.T, s herald.Store) {
	ctx := t.Context()
	src := followFixture(t, s)
	u := newUser(t, s, "ada")
	wantCode(t, s.FollowTopic(ctx, u.ID, "no-such-topic"), herald.ENOTFOUND)
	wantCode(t, s.FollowSource(ctx, u.ID, src.ID+1000), herald.ENOTFOUND)
	wantCode(t, s.MuteTopic(ctx, u.ID, "no-such-topic", time.Time{}), herald.ENOTFOUND)
	wantCode(t, s.FollowTopic(ctx, u.ID+1000, "a"), herald.ENOTFOUND)
	wantCode(t, s.FollowSource(ctx, u.ID+1000, src.ID), herald.ENOTFOUND)
	diff(t, "follows", []string{}, followsOf(t, s, u.ID))
}

func testMutes(t *testing.T, s herald.Store) {
	ctx := t.Context()
	followFixture(t, s)
	u := newUser(t, s, "ada")
	b := newUser(t, s, "bob")
	if err := s.MuteTopic(ctx, u.ID, "a", time.Time{}); err != nil {
		t.Fatalf("MuteTopic(forever): %v", err)
	}
	time.Sleep(3 * time.Millisecond)
	if err := s.MuteTopic(ctx, u.ID, "b", t0.Add(time.Hour)); err != nil {
		t.Fatalf("MuteTopic(until): %v", err)
	}
	mutes := func(userID int64, now time.Time) []string {
		t.Helper()
		ms, err := s.Mutes(ctx, userID, now)
		if err != nil {
			t.Fatalf("Mutes: %v", err)
		}
		out := []string{}
		for _, m := range ms {
			until := "forever"
			if !m.Until.IsZero() {
				until = m.Until.UTC().Format(time.RFC3339)
			}
			out = append(out, m.Topic.Slug+" "+until)
			if m.CreatedAt.IsZero() || m.Topic.Name == "" {
				t.Errorf("mute %+v lacks CreatedAt or topic name", m)
			}
		}
		return out
	}
	diff(t, "mutes before expiry", []string{"b 2025-03-01T13:00:00Z", "a forever"}, mutes(u.ID, t0))
	diff(t, "mutes at expiry", []string{"a forever"}, mutes(u.ID, t0.Add(time.Hour)))
	diff(t, "another user's mutes", []string{}, mutes(b.ID, t0))

	if err := s.MuteTopic(ctx, u.ID, "b", t0.Add(3*time.Hour)); err != nil {
		t.Fatalf("MuteTopic(again): %v", err)
	}
	diff(t, "re-mute replaces the end", []string{"b 2025-03-01T15:00:00Z", "a forever"}, mutes(u.ID, t0.Add(time.Hour)))
	for range 2 {
		if err := s.UnmuteTopic(ctx, u.ID, "a"); err != nil {
			t.Fatalf("UnmuteTopic: %v", err)
		}
	}
	diff(t, "after unmute", []string{"b 2025-03-01T15:00:00Z"}, mutes(u.ID, t0))
	wantCode(t, s.UnmuteTopic(ctx, u.ID, "no-such-topic"), herald.ENOTFOUND)
}
