package herald

import (
	"context"
	"time"
)

// SubscriptionState is where a WebSub subscription stands with its hub.
type SubscriptionState string

const (
	// SubscriptionPending: a subscribe request was sent; the hub has not verified it yet.
	SubscriptionPending SubscriptionState = "pending"
	// SubscriptionActive: the hub verified the intent; pushes arrive until ExpiresAt.
	SubscriptionActive SubscriptionState = "active"
	// SubscriptionDenied: the hub refused the subscription (LastError holds its reason).
	SubscriptionDenied SubscriptionState = "denied"
	// SubscriptionExpired: the lease ended without a successful renewal.
	SubscriptionExpired SubscriptionState = "expired"
	// SubscriptionUnsubscribing: an unsubscribe request was sent; the hub has not verified it yet.
	SubscriptionUnsubscribing SubscriptionState = "unsubscribing"
)

// Valid reports whether s is one of the Subscription* states.
func (s SubscriptionState) Valid() bool {
	switch s {
	case SubscriptionPending, SubscriptionActive, SubscriptionDenied, SubscriptionExpired, SubscriptionUnsubscribing:
		return true
	}
	return false
}

// Subscription is a source's WebSub subscription at the hub its feed names.
// A source has at most one. Token and Secret are credentials: never log them.
type Subscription struct {
	SourceID int64
	HubURL   string
	TopicURL string // the feed URL the hub knows (the feed's rel=self)
	// Secret is the HMAC key the hub signs pushes with (hub.secret).
	Secret string `json:"-"`
	// Token is the unguessable last path segment of the callback URL; it
	// identifies the subscription when the hub calls back.
	Token        string `json:"-"`
	State        SubscriptionState
	LeaseSeconds int       // granted by the hub at the last verification
	ExpiresAt    time.Time // end of the lease; zero until verified
	RequestedAt  time.Time // last (un)subscribe request sent to the hub
	VerifiedAt   time.Time // last verification of a subscribe by the hub
	LastPushAt   time.Time // last content distribution with a valid signature
	LastError    string    // last failure (request refused, denial reason); "" after success
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Validate returns EINVALID naming the first field a store cannot keep: an
// empty HubURL, TopicURL or Token, or an unknown State.
func (s *Subscription) Validate() error {
	switch {
	case s.HubURL == "":
		return Errorf(EINVALID, "subscription: hub url required")
	case s.TopicURL == "":
		return Errorf(EINVALID, "subscription: topic url required")
	case s.Token == "":
		return Errorf(EINVALID, "subscription: callback token required")
	case !s.State.Valid():
		return Errorf(EINVALID, "subscription: unknown state %q", s.State)
	}
	return nil
}

// Verification is the outcome of a hub's verification request, or of a lease
// that ran out.
type Verification struct {
	State        SubscriptionState // SubscriptionActive, SubscriptionDenied or SubscriptionExpired
	LeaseSeconds int               // the lease granted, for SubscriptionActive
	Reason       string            // why the hub denied it, for SubscriptionDenied: becomes LastError
	At           time.Time         // when it happened; zero means now
}

// Validate returns EINVALID for a state a verification cannot set or a
// negative lease.
func (v Verification) Validate() error {
	switch v.State {
	case SubscriptionActive, SubscriptionDenied, SubscriptionExpired:
	default:
		return Errorf(EINVALID, "verification: state %q cannot be recorded", v.State)
	}
	if v.LeaseSeconds < 0 {
		return Errorf(EINVALID, "verification: negative lease")
	}
	return nil
}

// SubscriptionStore keeps WebSub subscriptions, one per source. A
// subscription goes when its source goes. The Record methods find the
// subscription by its token, so that news about a subscription that has since
// been replaced is dropped; they set UpdatedAt, and a zero time means now.
type SubscriptionStore interface {
	// UpsertSubscription stores sub as the subscription of sub.SourceID,
	// replacing every field of an existing one but CreatedAt. It sets
	// CreatedAt and UpdatedAt. EINVALID for an empty HubURL, TopicURL or
	// Token or an unknown State, ENOTFOUND if the source does not exist,
	// ECONFLICT if another source's subscription has the same Token.
	UpsertSubscription(ctx context.Context, sub *Subscription) error
	// Subscription returns the subscription of a source; ENOTFOUND if none.
	Subscription(ctx context.Context, sourceID int64) (*Subscription, error)
	// SubscriptionByToken returns the subscription whose callback token is
	// token; ENOTFOUND if none (always for "").
	SubscriptionByToken(ctx context.Context, token string) (*Subscription, error)
	// ExpiringSubscriptions returns active subscriptions whose lease ends at
	// or before before (lapsed ones included), the soonest first, at most
	// limit (no limit when limit <= 0).
	ExpiringSubscriptions(ctx context.Context, before time.Time, limit int) ([]*Subscription, error)
	// RecordVerification sets the state of the subscription with token. For
	// SubscriptionActive it also sets LeaseSeconds, ExpiresAt (At plus the
	// lease) and VerifiedAt, and clears LastError; for SubscriptionDenied it
	// sets LastError to Reason and clears ExpiresAt. EINVALID when v fails
	// Validate, ENOTFOUND if no subscription has token.
	RecordVerification(ctx context.Context, token string, v Verification) error
	// RecordRequest sets RequestedAt of the subscription with token, leaving
	// the rest alone (a renewal); ENOTFOUND if none.
	RecordRequest(ctx context.Context, token string, at time.Time) error
	// RecordPush sets LastPushAt of the subscription with token; ENOTFOUND if none.
	RecordPush(ctx context.Context, token string, at time.Time) error
	// RecordSubscriptionError sets LastError of the subscription with token,
	// leaving its state alone; ENOTFOUND if none.
	RecordSubscriptionError(ctx context.Context, token, message string, at time.Time) error
	// DeleteSubscription removes the subscription of a source; ENOTFOUND if none.
	DeleteSubscription(ctx context.Context, sourceID int64) error
}
