package auth

import (
	"sync"
	"time"
)

// Throttle counts failed sign-ins per key (an account name, a client address) in
// a sliding window and says when a key has failed too often. It slows online
// password guessing without locking anyone out for good: a key is free again
// once its oldest failure leaves the window. Safe for concurrent use; the zero
// value is not usable, build one with NewThrottle.
type Throttle struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	fails  map[string][]time.Time
}

// maxThrottleKeys bounds the memory a flood of distinct keys can take: past it,
// keys whose failures have all left the window are forgotten.
const maxThrottleKeys = 100_000

// NewThrottle allows max failures per key within window.
func NewThrottle(max int, window time.Duration) *Throttle {
	return &Throttle{max: max, window: window, now: time.Now, fails: map[string][]time.Time{}}
}

// Wait returns how long key must wait before its next attempt, 0 when it may
// try now.
func (t *Throttle) Wait(key string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	recent := t.recent(key)
	if len(recent) < t.max {
		return 0
	}
	return recent[len(recent)-t.max].Add(t.window).Sub(t.now())
}

// Fail records a failed attempt by key.
func (t *Throttle) Fail(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.fails) >= maxThrottleKeys {
		t.prune()
	}
	t.fails[key] = append(t.recent(key), t.now())
}

// Reset forgets key's failures (after a successful sign-in).
func (t *Throttle) Reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, key)
}

// recent returns key's failures inside the window, dropping older ones.
func (t *Throttle) recent(key string) []time.Time {
	cut := t.now().Add(-t.window)
	fs := t.fails[key]
	i := 0
	for i < len(fs) && !fs[i].After(cut) {
		i++
	}
	if i == len(fs) {
		delete(t.fails, key)
		return nil
	}
	fs = fs[i:]
	t.fails[key] = fs
	return fs
}

func (t *Throttle) prune() {
	for k := range t.fails {
		t.recent(k)
	}
}
