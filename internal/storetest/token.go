package storetest

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

// tokenTests cover what the request path relies on: a token lookup that only
// reads, last use recorded in batches, listing and revoking.
var tokenTests = []namedTest{
	{"LookupOnlyReads", testLookupTokenOnlyReads},
	{"TouchTokens", testTouchTokens},
	{"ListAndRevoke", testListAndRevokeTokens},
}

// newToken stores a token of user with hash and source scope.
func newToken(t *testing.T, s herald.Store, user int64, name, hash string, source int64) *herald.Token {
	t.Helper()
	tok := &herald.Token{UserID: user, Name: name, Hash: hash, SourceID: source}
	if err := s.CreateToken(t.Context(), tok); err != nil {
		t.Fatalf("CreateToken(%s): %v", name, err)
	}
	return tok
}

// lookup returns LookupToken's token and fails t on error.
func lookup(t *testing.T, s herald.Store, hash string) *herald.Token {
	t.Helper()
	tok, _, err := s.LookupToken(t.Context(), hash)
	if err != nil {
		t.Fatalf("LookupToken(%s): %v", hash, err)
	}
	return tok
}

func testLookupTokenOnlyReads(t *testing.T, s herald.Store) {
	u := newUser(t, s, "newsroom")
	src := newSource(t, s, "", "Pushed News")
	push := newToken(t, s, u.ID, "push", "sha256-push", src.ID)
	read := newToken(t, s, u.ID, "read", "sha256-read", 0)
	for _, want := range []*herald.Token{push, read} {
		tok, owner, err := s.LookupToken(t.Context(), want.Hash)
		if err != nil {
			t.Fatalf("LookupToken(%s): %v", want.Hash, err)
		}
		if tok.ID != want.ID || tok.UserID != u.ID || tok.SourceID != want.SourceID || tok.Name != want.Name ||
			owner.ID != u.ID || owner.Name != "newsroom" {
			t.Errorf("LookupToken(%s) = %+v, %+v; want token %d of source %d owned by newsroom", want.Hash, tok, owner, want.ID, want.SourceID)
		}
		if !tok.LastUsedAt.IsZero() {
			t.Errorf("LookupToken(%s).LastUsedAt = %v, want zero: a lookup records nothing", want.Hash, tok.LastUsedAt)
		}
	}
	if again := lookup(t, s, push.Hash); !again.LastUsedAt.IsZero() {
		t.Errorf("after two lookups LastUsedAt = %v, want zero", again.LastUsedAt)
	}
	_, _, err := s.LookupToken(t.Context(), "sha256-none")
	wantCode(t, err, herald.ENOTFOUND)
}

func testTouchTokens(t *testing.T, s herald.Store) {
	ctx := t.Context()
	u := newUser(t, s, "ada")
	a := newToken(t, s, u.ID, "a", "sha256-a", 0)
	b := newToken(t, s, u.ID, "b", "sha256-b", 0)
	c := newToken(t, s, u.ID, "c", "sha256-c", 0)
	wantCode(t, s.TouchTokens(ctx, nil), "")
	wantCode(t, s.TouchTokens(ctx, map[int64]time.Time{a.ID: t0, b.ID: t0.Add(time.Minute), 9_999_999: t0}), "")
	// An earlier time never moves a token's last use back.
	wantCode(t, s.TouchTokens(ctx, map[int64]time.Time{a.ID: t0.Add(2 * time.Minute), b.ID: t0}), "")
	for _, tc := range []struct {
		tok  *herald.Token
		want time.Time
	}{{a, t0.Add(2 * time.Minute)}, {b, t0.Add(time.Minute)}, {c, time.Time{}}} {
		if got := lookup(t, s, tc.tok.Hash).LastUsedAt; !got.Equal(tc.want) {
			t.Errorf("token %s LastUsedAt = %v, want %v", tc.tok.Name, got, tc.want)
		}
	}
}

func testListAndRevokeTokens(t *testing.T, s herald.Store) {
	ctx := t.Context()
	ada, bob := newUser(t, s, "ada"), newUser(t, s, "bob")
	src := newSource(t, s, "", "Pushed News")
	first := newToken(t, s, ada.ID, "laptop", "sha256-1", 0)
	second := newToken(t, s, ada.ID, "newsroom", "sha256-2", src.ID)
	newToken(t, s, bob.ID, "bob's", "sha256-3", 0)
	if err := s.TouchTokens(ctx, map[int64]time.Time{first.ID: t0}); err != nil {
		t.Fatalf("TouchTokens: %v", err)
	}
	got, err := s.Tokens(ctx, ada.ID)
	if err != nil {
		t.Fatalf("Tokens: %v", err)
	}
	want := []herald.Token{
		{ID: first.ID, UserID: ada.ID, Name: "laptop", Kind: herald.TokenAPI, CreatedAt: first.CreatedAt, LastUsedAt: t0},
		{ID: second.ID, UserID: ada.ID, Name: "newsroom", Kind: herald.TokenAPI, SourceID: src.ID, CreatedAt: second.CreatedAt},
	}
	diff(t, "Tokens(ada)", want, got)
	if none, err := s.Tokens(ctx, 9_999_999); err != nil || len(none) != 0 {
		t.Errorf("Tokens(unknown user) = %v, %v; want an empty list", none, err)
	}

	wantCode(t, s.RevokeToken(ctx, first.ID), "")
	_, _, err = s.LookupToken(ctx, first.Hash)
	wantCode(t, err, herald.ENOTFOUND)
	if left, err := s.Tokens(ctx, ada.ID); err != nil || len(left) != 1 || left[0].ID != second.ID {
		t.Errorf("Tokens after revoking %d = %+v, %v; want only token %d", first.ID, left, err, second.ID)
	}
	wantCode(t, s.RevokeToken(ctx, first.ID), herald.ENOTFOUND)
	lookup(t, s, second.Hash) // the others still work
}
