package herald

import "context"

// FeedKeyStore keeps each reader's secret feed key: the key in a feed-out URL
// (…/feed.atom?key=KEY) that reads that reader's feeds in an app that cannot
// sign in. A key only reads feeds; a new key revokes the old one.
type FeedKeyStore interface {
	// FeedKey returns userID's feed key, storing key as it first when they
	// have none (so that concurrent first calls agree on one key). ENOTFOUND
	// for an unknown user.
	FeedKey(ctx context.Context, userID int64, key string) (string, error)
	// ReplaceFeedKey makes key userID's feed key: the previous key stops
	// working at once. ENOTFOUND for an unknown user.
	ReplaceFeedKey(ctx context.Context, userID int64, key string) error
	// FeedKeyUser returns the reader whose feed key is key; ENOTFOUND if none.
	FeedKeyUser(ctx context.Context, key string) (*User, error)
}
