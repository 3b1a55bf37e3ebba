package auth

import (
	"context"
	"fmt"
	"strings"

	"github.com/heraldnews/herald"
)

// FeedKeyPrefix starts every feed key, so that a leaked one is easy to spot.
const FeedKeyPrefix = "hfk_"

const feedKeyBytes = 24

// FeedKey returns userID's secret feed key (the ?key= of feed-out URLs),
// making one the first time it is asked for. EUNAVAILABLE when Options.FeedKeys
// is not set or the store cannot answer.
func (s *Service) FeedKey(ctx context.Context, userID int64) (string, error) {
	if s.opts.FeedKeys == nil {
		return "", herald.Errorf(herald.EUNAVAILABLE, "feed keys are not kept here")
	}
	raw, err := randomString(feedKeyBytes)
	if err != nil {
		return "", fmt.Errorf("feed key: %w", err)
	}
	key, err := s.opts.FeedKeys.FeedKey(ctx, userID, FeedKeyPrefix+raw)
	if err != nil {
		return "", fmt.Errorf("feed key: %w", err)
	}
	return key, nil
}

// ResetFeedKey gives userID a new feed key and returns it: feed URLs with
// the old key stop working at once.
func (s *Service) ResetFeedKey(ctx context.Context, userID int64) (string, error) {
	if s.opts.FeedKeys == nil {
		return "", herald.Errorf(herald.EUNAVAILABLE, "feed keys are not kept here")
	}
	raw, err := randomString(feedKeyBytes)
	if err != nil {
		return "", fmt.Errorf("reset feed key: %w", err)
	}
	key := FeedKeyPrefix + raw
	if err := s.opts.FeedKeys.ReplaceFeedKey(ctx, userID, key); err != nil {
		return "", fmt.Errorf("reset feed key: %w", err)
	}
	return key, nil
}

// FeedKeyUser returns the reader whose feed key is key. EUNAUTHORIZED for a
// malformed, unknown or replaced key; EUNAVAILABLE when the store cannot
// answer.
func (s *Service) FeedKeyUser(ctx context.Context, key string) (*herald.User, error) {
	bad := herald.Errorf(herald.EUNAUTHORIZED, "unknown or replaced feed key: copy the feed URL again from your settings")
	raw, ok := strings.CutPrefix(key, FeedKeyPrefix)
	if !ok || !validSecret(raw, feedKeyBytes) || s.opts.FeedKeys == nil {
		return nil, bad
	}
	u, err := s.opts.FeedKeys.FeedKeyUser(ctx, key)
	if herald.IsNotFound(err) {
		return nil, bad
	}
	if err != nil {
		return nil, unavailable("authenticate feed key", err)
	}
	return u, nil
}

// WebhookSecretPrefix starts every webhook signing secret.
const WebhookSecretPrefix = "whsec_"

// NewWebhookSecret returns a new webhook signing secret: the prefix and the
// unpadded base64url of 32 random bytes.
func NewWebhookSecret() (string, error) {
	raw, err := randomString(tokenBytes)
	if err != nil {
		return "", fmt.Errorf("webhook secret: %w", err)
	}
	return WebhookSecretPrefix + raw, nil
}
