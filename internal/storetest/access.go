package storetest

import (
	"testing"

	"github.com/heraldnews/herald"
)

// accessTests cover app passwords beside API tokens, and readers' feed keys.
var accessTests = []namedTest{
	{"TokenKinds", testTokenKinds},
	{"TokenKindRules", testTokenKindRules},
	{"FeedKeyFirstUse", testFeedKeyFirstUse},
	{"FeedKeyReplace", testFeedKeyReplace},
}

func testTokenKinds(t *testing.T, s herald.Store) {
	ctx := t.Context()
	u := newUser(t, s, "ada")
	api := newToken(t, s, u.ID, "cli", "sha256-api", 0)
	app := &herald.Token{UserID: u.ID, Name: "Reeder on my phone", Kind: herald.TokenAppPassword, Hash: "sha256-app"}
	if err := s.CreateToken(ctx, app); err != nil {
		t.Fatalf("CreateToken(app password): %v", err)
	}
	if api.Kind != herald.TokenAPI {
		t.Errorf("a token created without a kind has Kind %q, want %q", api.Kind, herald.TokenAPI)
	}
	for _, want := range []*herald.Token{api, app} {
		if got := lookup(t, s, want.Hash); got.Kind != want.Kind || got.ID != want.ID {
			t.Errorf("LookupToken(%s) = id %d kind %q, want id %d kind %q", want.Hash, got.ID, got.Kind, want.ID, want.Kind)
		}
	}
	ts, err := s.Tokens(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, tok := range ts {
		kinds = append(kinds, tok.Name+":"+tok.Kind)
	}
	if len(kinds) != 2 || kinds[0] != "cli:api" || kinds[1] != "Reeder on my phone:app_password" {
		t.Errorf("Tokens = %v, want [cli:api Reeder on my phone:app_password]", kinds)
	}
	wantCode(t, s.RevokeToken(ctx, app.ID), "")
	_, _, err = s.LookupToken(ctx, app.Hash)
	wantCode(t, err, herald.ENOTFOUND)
}

func testTokenKindRules(t *testing.T, s herald.Store) {
	u := newUser(t, s, "ada")
	src := newSource(t, s, "", "Pushed")
	for _, tc := range []struct {
		name string
		tok  herald.Token
	}{
		{"unknown kind", herald.Token{UserID: u.ID, Name: "x", Kind: "session", Hash: "h1"}},
		{"app password for a source", herald.Token{UserID: u.ID, Name: "x", Kind: herald.TokenAppPassword, Hash: "h2", SourceID: src.ID}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, s.CreateToken(t.Context(), &tc.tok), herald.EINVALID)
		})
	}
}

func testFeedKeyFirstUse(t *testing.T, s herald.Store) {
	ctx := t.Context()
	ada, bob := newUser(t, s, "ada"), newUser(t, s, "bob")
	first, err := s.FeedKey(ctx, ada.ID, "key-one")
	if err != nil || first != "key-one" {
		t.Fatalf("FeedKey(first) = %q, %v; want key-one", first, err)
	}
	// A second call with another candidate keeps the stored key.
	again, err := s.FeedKey(ctx, ada.ID, "key-two")
	if err != nil || again != "key-one" {
		t.Fatalf("FeedKey(again) = %q, %v; want key-one", again, err)
	}
	got, err := s.FeedKeyUser(ctx, "key-one")
	if err != nil || got.ID != ada.ID {
		t.Fatalf("FeedKeyUser(key-one) = %+v, %v; want ada", got, err)
	}
	_, err = s.FeedKeyUser(ctx, "key-two")
	wantCode(t, err, herald.ENOTFOUND)
	_, err = s.FeedKey(ctx, bob.ID, "key-one")
	wantCode(t, err, herald.ECONFLICT)
	_, err = s.FeedKey(ctx, 9_999_999, "key-x")
	wantCode(t, err, herald.ENOTFOUND)
}

func testFeedKeyReplace(t *testing.T, s herald.Store) {
	ctx := t.Context()
	ada := newUser(t, s, "ada")
	if _, err := s.FeedKey(ctx, ada.ID, "old"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.ReplaceFeedKey(ctx, ada.ID, "new"), "")
	_, err := s.FeedKeyUser(ctx, "old")
	wantCode(t, err, herald.ENOTFOUND)
	if u, err := s.FeedKeyUser(ctx, "new"); err != nil || u.ID != ada.ID {
		t.Fatalf("FeedKeyUser(new) = %+v, %v; want ada", u, err)
	}
	if k, err := s.FeedKey(ctx, ada.ID, "other"); err != nil || k != "new" {
		t.Fatalf("FeedKey after replace = %q, %v; want new", k, err)
	}
	wantCode(t, s.ReplaceFeedKey(ctx, 9_999_999, "x"), herald.ENOTFOUND)
}
