package auth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// blockingUsers is a store whose writes of token use wait until release is
// closed, like SQLite while another process holds the write lock, and whose
// old write-on-read lookup (TokenByHash) waits too.
type blockingUsers struct {
	*memUsers
	release chan struct{}
}

func (b blockingUsers) TouchTokens(ctx context.Context, used map[int64]time.Time) error {
	select {
	case <-b.release:
		return b.memUsers.TouchTokens(ctx, used)
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (b blockingUsers) TokenByHash(ctx context.Context, hash string, now time.Time) (*herald.Token, *herald.User, error) {
	<-b.release
	return b.memUsers.TokenByHash(ctx, hash, now)
}

func bearer(secret string) *http.Request {
	r := httptest.NewRequest("GET", "/api/v1/feed", nil)
	r.Header.Set("Authorization", "Bearer "+secret)
	return r
}

// TestTokenRequestsDoNotWaitForWriters: while every write waits, requests
// with a token still authenticate (issue 10 item 2); the use is written by
// the next flush, once the writer is free.
func TestTokenRequestsDoNotWaitForWriters(t *testing.T) {
	mem := newMemUsers()
	store := blockingUsers{mem, make(chan struct{})}
	s := New(store, Options{})
	u := mustUser(t, s, "ada", "correct horse")
	secret, err := s.CreateToken(t.Context(), u.ID, "cli")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		for range 50 {
			if _, err := s.Authenticate(bearer(secret)); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Authenticate while writes are blocked: %v", err)
		}
	case <-time.After(10 * time.Second):
		close(store.release)
		t.Fatal("Authenticate waited for a blocked store write")
	}
	if got := mem.touched(); len(got) != 0 {
		t.Fatalf("token use written on the request path: %v", got)
	}
	flushed := make(chan error, 1)
	go func() { flushed <- s.FlushTokenUse(t.Context()) }()
	close(store.release)
	if err := <-flushed; err != nil {
		t.Fatalf("FlushTokenUse: %v", err)
	}
	batches := mem.touched()
	if len(batches) != 1 || len(batches[0]) != 1 {
		t.Fatalf("TouchTokens batches = %v, want one batch with one token for 50 requests", batches)
	}
	for id := range batches[0] {
		if tok, ok := mem.token(id); !ok || tok.LastUsedAt.IsZero() {
			t.Errorf("token %d: last use not recorded after the flush", id)
		}
	}
}

func TestTokenUseFlushesInBatches(t *testing.T) {
	s, mem := newTestService(t, Options{})
	u := mustUser(t, s, "ada", "correct horse")
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return at }
	var ids []int64
	for _, name := range []string{"laptop", "phone"} {
		secret, err := s.CreateToken(t.Context(), u.ID, name)
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if _, err := s.Authenticate(bearer(secret)); err != nil {
				t.Fatal(err)
			}
			at = at.Add(time.Second)
		}
		ts, _ := s.Tokens(t.Context(), u.ID)
		ids = append(ids, ts[len(ts)-1].ID)
	}
	if got := mem.touched(); len(got) != 0 {
		t.Fatalf("token use written before a flush: %v", got)
	}
	ts, err := s.Tokens(t.Context(), u.ID)
	if err != nil || len(ts) != 2 || !ts[1].LastUsedAt.Equal(at.Add(-time.Second)) {
		t.Errorf("Tokens = %+v, %v: want the unwritten last use shown", ts, err)
	}
	if err := s.FlushTokenUse(t.Context()); err != nil {
		t.Fatal(err)
	}
	want := map[int64]time.Time{ids[0]: at.Add(-4 * time.Second), ids[1]: at.Add(-time.Second)}
	if got := mem.touched(); len(got) != 1 || len(got[0]) != 2 || !got[0][ids[0]].Equal(want[ids[0]]) || !got[0][ids[1]].Equal(want[ids[1]]) {
		t.Errorf("TouchTokens batches = %v, want one batch %v", got, want)
	}
	if err := s.FlushTokenUse(t.Context()); err != nil || len(mem.touched()) != 1 {
		t.Errorf("a flush with nothing new wrote again: %v, %v", mem.touched(), err)
	}
}

// failingTouch fails every write of token use.
type failingTouch struct{ *memUsers }

func (failingTouch) TouchTokens(context.Context, map[int64]time.Time) error {
	return errors.New("database is locked")
}

func TestTokenUseKeptWhenFlushFails(t *testing.T) {
	mem := newMemUsers()
	s := New(failingTouch{mem}, Options{})
	u := mustUser(t, s, "ada", "correct horse")
	secret, _ := s.CreateToken(t.Context(), u.ID, "cli")
	if _, err := s.Authenticate(bearer(secret)); err != nil {
		t.Fatal(err)
	}
	if err := s.FlushTokenUse(t.Context()); err == nil {
		t.Fatal("FlushTokenUse succeeded on a failing store")
	}
	s.users = mem // the store recovers
	if err := s.FlushTokenUse(t.Context()); err != nil || len(mem.touched()) != 1 {
		t.Errorf("the use was not kept for the next flush: %v, %v", mem.touched(), err)
	}
}

func TestRunTokenUseFlushesOnShutdown(t *testing.T) {
	s, mem := newTestService(t, Options{})
	u := mustUser(t, s, "ada", "correct horse")
	secret, _ := s.CreateToken(t.Context(), u.ID, "cli")
	if _, err := s.Authenticate(bearer(secret)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { s.RunTokenUse(ctx, time.Hour); close(done) }()
	cancel()
	<-done
	if got := mem.touched(); len(got) != 1 {
		t.Errorf("TouchTokens batches at shutdown = %v, want one", got)
	}
}

// lookupFails fails every token lookup.
type lookupFails struct{ *memUsers }

func (lookupFails) LookupToken(context.Context, string) (*herald.Token, *herald.User, error) {
	return nil, nil, errors.New("database is locked")
}

func (lookupFails) TokenByHash(context.Context, string, time.Time) (*herald.Token, *herald.User, error) {
	return nil, nil, errors.New("database is locked")
}

// TestTokenStoreFailureIsNeverUnauthorized: a store that cannot answer makes
// a valid token EUNAVAILABLE, never EUNAUTHORIZED, and Middleware passes the
// failure on instead of treating the caller as anonymous.
func TestTokenStoreFailureIsNeverUnauthorized(t *testing.T) {
	mem := newMemUsers()
	good := New(mem, Options{})
	u := mustUser(t, good, "ada", "correct horse")
	secret, _ := good.CreateToken(t.Context(), u.ID, "cli")
	s := New(lookupFails{mem}, Options{})
	_, err := s.Authenticate(bearer(secret))
	wantCode(t, err, herald.EUNAVAILABLE)
	var failure error
	s.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		failure = FailureFrom(r.Context())
		if UserFrom(r.Context()) != nil {
			t.Error("a user in the context although the store failed")
		}
	})).ServeHTTP(httptest.NewRecorder(), bearer(secret))
	wantCode(t, failure, herald.EUNAVAILABLE)
}

func TestRevokedTokenStopsAtOnce(t *testing.T) {
	s, mem := newTestService(t, Options{})
	u := mustUser(t, s, "ada", "correct horse")
	secret, _ := s.CreateToken(t.Context(), u.ID, "cli")
	keep, _ := s.CreateToken(t.Context(), u.ID, "other")
	for _, sec := range []string{secret, keep} {
		if _, err := s.Authenticate(bearer(sec)); err != nil {
			t.Fatal(err)
		}
	}
	ts, _ := s.Tokens(t.Context(), u.ID)
	if err := s.RevokeToken(t.Context(), ts[0].ID); err != nil {
		t.Fatal(err)
	}
	_, err := s.Authenticate(bearer(secret))
	wantCode(t, err, herald.EUNAUTHORIZED)
	if _, err := s.Authenticate(bearer(keep)); err != nil {
		t.Errorf("the other token: %v", err)
	}
	if err := s.FlushTokenUse(t.Context()); err != nil {
		t.Fatal(err)
	}
	if b := mem.touched(); len(b) != 1 || len(b[0]) != 1 || b[0][ts[1].ID].IsZero() {
		t.Errorf("flushed %v, want only the token still in force", b)
	}
	wantCode(t, s.RevokeToken(t.Context(), ts[0].ID), herald.ENOTFOUND)
}

// TestPublisherTokenIsNotAReader: a source-scoped token authenticates for
// Middleware, which marks its source, and Authenticate (the reader's check)
// refuses it.
func TestPublisherTokenIsNotAReader(t *testing.T) {
	s, _ := newTestService(t, Options{})
	u := mustUser(t, s, "newsroom", "correct horse")
	secret, err := s.CreateSourceToken(t.Context(), u.ID, 42, "push")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Authenticate(bearer(secret))
	wantCode(t, err, herald.EFORBIDDEN)
	var source int64
	s.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		source = SourceFrom(r.Context())
	})).ServeHTTP(httptest.NewRecorder(), bearer(secret))
	if source != 42 {
		t.Errorf("SourceFrom = %d, want 42", source)
	}
}
