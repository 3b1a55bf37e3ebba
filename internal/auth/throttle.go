package auth

import (
	"context"
	"crypto/rand"
	"fmt"
	"sync"
	"time"

	"github.com/heraldnews/herald"
)

// LoginState is what sign-in throttling remembers: recent failures under a
// key, and the secret that signs device cookies. Keys are short opaque
// strings (at most 80 bytes). Implementations are safe for concurrent use.
//
// Several Herald instances that serve one database must share one LoginState
// (a store-backed implementation: a table of (key, time) rows and a stored
// secret): otherwise an attacker gets each instance's allowance, and a device
// cookie signed by one instance is a stranger to the others. MemoryState
// keeps it in this process, which is right for one instance; a restart
// forgets failures and makes every device cookie unknown, so those browsers
// are throttled like any other until their next successful sign-in.
type LoginState interface {
	// AddFailure records a failed sign-in under key at time at.
	AddFailure(ctx context.Context, key string, at time.Time) error
	// Failures returns the times of key's failures after since, oldest first.
	// It may keep only the newest MaxFailuresKept of a key and forget those
	// older than FailureWindow.
	Failures(ctx context.Context, key string, since time.Time) ([]time.Time, error)
	// ClearFailures forgets key's failures.
	ClearFailures(ctx context.Context, key string) error
	// DeviceKey returns the secret that signs device cookies: 32 random
	// bytes, made once, the same on every call (and on every instance that
	// shares the state).
	DeviceKey(ctx context.Context) ([]byte, error)
}

// FailureWindow is how long a failed sign-in counts against its keys.
const FailureWindow = 15 * time.Minute

// MaxFailuresKept is the most failures of one key that the policy needs to
// see; a LoginState may forget older ones.
const MaxFailuresKept = 128

// maxStateKeys bounds the memory a flood of distinct keys can take in a
// MemoryState: past it, keys whose failures have all left the window are
// forgotten.
const maxStateKeys = 100_000

// MemoryState is a LoginState in this process's memory. The zero value is
// not usable; build one with NewMemoryState.
type MemoryState struct {
	mu    sync.Mutex
	fails map[string][]time.Time
	key   []byte
	now   func() time.Time
}

var _ LoginState = (*MemoryState)(nil)

// NewMemoryState returns an empty MemoryState with a new random device key.
func NewMemoryState() *MemoryState {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		panic(fmt.Sprintf("auth: no randomness for the device key: %v", err)) // crypto/rand never fails on supported systems
	}
	return &MemoryState{fails: map[string][]time.Time{}, key: key, now: time.Now}
}

// AddFailure records a failure of key.
func (m *MemoryState) AddFailure(_ context.Context, key string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.fails) >= maxStateKeys {
		m.prune()
	}
	fs := append(m.fails[key], at)
	if len(fs) > MaxFailuresKept {
		fs = append(fs[:0:0], fs[len(fs)-MaxFailuresKept:]...)
	}
	m.fails[key] = fs
	return nil
}

// Failures returns key's failures after since, oldest first.
func (m *MemoryState) Failures(_ context.Context, key string, since time.Time) ([]time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fs := m.fails[key]
	i := 0
	for i < len(fs) && !fs[i].After(since) {
		i++
	}
	return append([]time.Time(nil), fs[i:]...), nil
}

// ClearFailures forgets key's failures.
func (m *MemoryState) ClearFailures(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.fails, key)
	return nil
}

// DeviceKey returns this process's device-cookie secret.
func (m *MemoryState) DeviceKey(context.Context) ([]byte, error) { return m.key, nil }

// prune drops the keys whose newest failure has left the window.
func (m *MemoryState) prune() {
	cut := m.now().Add(-FailureWindow)
	for k, fs := range m.fails {
		if len(fs) == 0 || !fs[len(fs)-1].After(cut) {
			delete(m.fails, k)
		}
	}
}

// StoredState is a LoginState kept in a herald.LoginStore, shared by every
// Herald process that serves the same database.
type StoredState struct {
	Store herald.LoginStore
}

var _ LoginState = StoredState{}

// deviceKeyName names the device-cookie secret in the store.
const deviceKeyName = "device-cookie"

func (s StoredState) AddFailure(ctx context.Context, key string, at time.Time) error {
	return s.Store.AddLoginFailure(ctx, key, at)
}

func (s StoredState) Failures(ctx context.Context, key string, since time.Time) ([]time.Time, error) {
	return s.Store.LoginFailures(ctx, key, since, MaxFailuresKept)
}

func (s StoredState) ClearFailures(ctx context.Context, key string) error {
	return s.Store.ClearLoginFailures(ctx, key)
}

func (s StoredState) DeviceKey(ctx context.Context) ([]byte, error) {
	return s.Store.Secret(ctx, deviceKeyName, 32)
}
