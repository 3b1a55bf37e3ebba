package herald

import (
	"context"
	"time"
)

// TokenStore lists, looks up and revokes API tokens. Looking a token up
// writes nothing: when a token was last used is recorded apart, in batches
// (TouchTokens), so that a request never waits for a writer.
type TokenStore interface {
	// LookupToken returns the token whose secret hashes to hash, with its
	// SourceID scope and LastUsedAt as stored, and its owner. It only reads.
	// ENOTFOUND if there is none (never issued, or revoked).
	LookupToken(ctx context.Context, hash string) (*Token, *User, error)
	// Tokens lists userID's tokens, oldest first (CreatedAt, then ID), without
	// their hashes. An unknown user has none: an empty list, not ENOTFOUND.
	Tokens(ctx context.Context, userID int64) ([]Token, error)
	// RevokeToken deletes token id, so that every later LookupToken of it
	// fails with ENOTFOUND. ENOTFOUND if there is no token id.
	RevokeToken(ctx context.Context, id int64) error
	// TouchTokens records when tokens were last used: the LastUsedAt of each
	// token id in used becomes used[id], unless it already holds a later time.
	// Ids of tokens that no longer exist are skipped. The whole batch is one
	// statement or one transaction.
	TouchTokens(ctx context.Context, used map[int64]time.Time) error
}

// Token kinds. An API token is sent as "Authorization: Bearer"; an app
// password is what a reader types into a feed reader app (Google Reader's
// ClientLogin, Fever's api_key) in place of their account password. The two
// are stored alike (only a hash) and listed and revoked alike, and neither is
// ever accepted where the other is expected.
const (
	TokenAPI         = "api"
	TokenAppPassword = "app_password"
)
