package herald

import "time"

// QueueState is how Herald's work queues stand, for monitoring.
type QueueState struct {
	Sources int // sources stored
	Due     int // sources with a feed whose next fetch is due
	Claimed int // sources claimed by an instance whose claim still runs
	// Leases are the named leases of background jobs, by name.
	Leases []LeaseState
	// Deliveries counts webhook deliveries by state.
	Deliveries map[string]int
}

// LeaseState is one named lease: who holds it, until when.
type LeaseState struct {
	Name   string
	Holder string
	Until  time.Time
}
