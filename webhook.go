package herald

import (
	"context"
	"time"
)

// Webhook is a URL that Herald posts each new story matching one topic,
// source or story cluster to, signed with Secret.
type Webhook struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	URL       string    `json:"url"`
	Secret    string    `json:"-"` // HMAC-SHA256 key of the signatures; shown once, when made
	TopicSlug string    `json:"topic,omitempty"`
	SourceID  int64     `json:"source_id,omitempty"`
	ClusterID int64     `json:"cluster_id,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// The last delivery attempt: when, the HTTP status it got (0 when none
	// came back) and what went wrong ("" when it was delivered).
	LastAttemptAt time.Time `json:"last_attempt_at,omitzero"`
	LastStatus    int       `json:"last_status,omitempty"`
	LastError     string    `json:"last_error,omitempty"`
	Delivered     int       `json:"delivered"` // deliveries that succeeded
	Failed        int       `json:"failed"`    // deliveries given up on
	Pending       int       `json:"pending"`   // deliveries waiting for an attempt
}

// Delivery states.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
)

// Delivery is one story to post to one webhook.
type Delivery struct {
	ID            int64     `json:"id"`
	WebhookID     int64     `json:"webhook_id"`
	StoryID       int64     `json:"story_id"`
	State         string    `json:"state"`
	Attempts      int       `json:"attempts"`
	NextAttemptAt time.Time `json:"next_attempt_at,omitzero"`
	LastStatus    int       `json:"last_status,omitempty"`
	LastError     string    `json:"last_error,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	// Webhook is the delivery's webhook, with its secret, as DueDeliveries
	// returns it.
	Webhook *Webhook `json:"-"`
}

// DeliveryOutcome is what one attempt of a delivery came to.
type DeliveryOutcome struct {
	DeliveryID int64
	At         time.Time
	Status     int    // HTTP status, 0 when none came back
	Err        string // "" when delivered
	// Retry is when to try again after a failure; zero gives up.
	Retry time.Time
}

// WebhookStore keeps webhooks and their deliveries. Matching new stories to
// webhooks and handing out due deliveries is meant for one process at a
// time (a job under a lease); the rest is safe from any.
type WebhookStore interface {
	// CreateWebhook stores w (exactly one of TopicSlug, SourceID and
	// ClusterID set) and sets its ID and CreatedAt; only stories stored from
	// then on are delivered to it. EINVALID without exactly one target,
	// ENOTFOUND for an unknown user, topic or source.
	CreateWebhook(ctx context.Context, w *Webhook) error
	// Webhooks lists userID's webhooks (every webhook when userID is 0),
	// oldest first, with their counts, without secrets.
	Webhooks(ctx context.Context, userID int64) ([]Webhook, error)
	// Webhook returns one webhook with its counts; ENOTFOUND if none.
	Webhook(ctx context.Context, id int64) (*Webhook, error)
	// DeleteWebhook deletes a webhook and its deliveries; ENOTFOUND if none.
	DeleteWebhook(ctx context.Context, id int64) error
	// QueueDeliveries takes up to limit stories stored since the last call
	// (in id order) and stored at least settle before now, so that the
	// stories before them are all stored and clustered, queues a delivery of
	// each to every webhook it matches (due at now, or when its embargo
	// lifts), and returns how many it queued.
	QueueDeliveries(ctx context.Context, now time.Time, settle time.Duration, limit int) (int, error)
	// DueDeliveries returns up to limit pending deliveries due at now whose
	// story is visible, oldest due first, each with its Webhook.
	DueDeliveries(ctx context.Context, now time.Time, limit int) ([]Delivery, error)
	// RecordDelivery stores the outcome of an attempt on the delivery and its
	// webhook; ENOTFOUND if the delivery is gone.
	RecordDelivery(ctx context.Context, o DeliveryOutcome) error
	// Deliveries lists a webhook's newest deliveries, at most limit.
	Deliveries(ctx context.Context, webhookID int64, limit int) ([]Delivery, error)
}
