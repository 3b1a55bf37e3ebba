// Package auth keeps Herald's credentials: argon2id password hashes, browser
// sessions (an HttpOnly cookie whose SHA-256 is what the store keeps), API
// tokens (likewise stored only as a SHA-256; their last use is recorded in
// memory and written in batches, never on the request path) and sign-in
// throttling with device cookies (see SignIn). It talks to storage only
// through herald.UserStore and LoginState.
package auth

import (
	"context"
	"fmt"
	"log/slog"
	"time"
	"unicode/utf8"

	"github.com/heraldnews/herald"
)

// DefaultSessionTTL is how long a browser session lasts when Options.SessionTTL is zero.
const DefaultSessionTTL = 30 * 24 * time.Hour

// Password length bounds, in characters. The upper bound keeps hashing cheap to refuse.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 1024
	MaxNameLen     = 64
)

// Options configure a Service. The zero value is usable.
type Options struct {
	SessionTTL    time.Duration // lifetime of a browser session; 0 means DefaultSessionTTL
	SecureCookies bool          // mark the session and device cookies Secure (serve over HTTPS)
	Log           *slog.Logger  // where failures to record token use go; nil discards
	// LoginState keeps sign-in failures and the device-cookie key; nil means
	// a new MemoryState (right for one instance, see LoginState).
	LoginState LoginState
	// FeedKeys keeps readers' feed keys (FeedKey, ResetFeedKey,
	// FeedKeyUser); nil means the user store, when it keeps them too (a
	// herald.Store does), else feed keys are off.
	FeedKeys herald.FeedKeyStore
}

// Service checks passwords and issues and verifies sessions and API tokens.
// It is safe for concurrent use.
type Service struct {
	users herald.UserStore
	opts  Options
	now   func() time.Time
	check func(hash, pw string) (bool, error) // CheckPassword; replaced in tests
	used  lastUse                             // token uses not yet written
}

// New returns a Service that keeps users, sessions and tokens in users.
func New(users herald.UserStore, opts Options) *Service {
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = DefaultSessionTTL
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.LoginState == nil {
		opts.LoginState = NewMemoryState()
	}
	if keys, ok := users.(herald.FeedKeyStore); ok && opts.FeedKeys == nil {
		opts.FeedKeys = keys
	}
	return &Service{users: users, opts: opts, now: time.Now, check: CheckPassword, used: lastUse{pending: map[int64]time.Time{}}}
}

// CreateUser adds a user with a hashed password. It returns EINVALID when name is
// not 1-64 characters of [A-Za-z0-9._-] or password is shorter than 8 characters
// (the message names the field), and ECONFLICT when the name is taken.
func (s *Service) CreateUser(ctx context.Context, name, password string, admin bool) (*herald.User, error) {
	if err := ValidateName(name); err != nil {
		return nil, err
	}
	if err := ValidatePassword(password); err != nil {
		return nil, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, fmt.Errorf("create user: %w", err)
	}
	u := &herald.User{Name: name, PasswordHash: hash, IsAdmin: admin}
	if err := s.users.CreateUser(ctx, u); err != nil {
		if herald.ErrorCode(err) == herald.ECONFLICT {
			return nil, herald.Errorf(herald.ECONFLICT, "name: %q is already taken", name)
		}
		return nil, fmt.Errorf("create user: %w", err)
	}
	return u, nil
}

// SetPassword replaces a user's password. EINVALID for a too short or too long
// password, ENOTFOUND for an unknown user.
func (s *Service) SetPassword(ctx context.Context, userID int64, password string) error {
	if err := ValidatePassword(password); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	if err := s.users.SetPassword(ctx, userID, hash); err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	return nil
}

// Login returns the user with that name and password, or EUNAUTHORIZED "wrong name
// or password". A missing user costs the same argon2id work as a wrong password,
// so response time does not tell which names exist.
func (s *Service) Login(ctx context.Context, name, password string) (*herald.User, error) {
	wrong := herald.Errorf(herald.EUNAUTHORIZED, "wrong name or password")
	u, err := s.users.UserByName(ctx, name)
	if herald.IsNotFound(err) {
		if _, err := s.check(dummyHash, password); err != nil {
			return nil, fmt.Errorf("login: %w", err)
		}
		return nil, wrong
	}
	if err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	ok, err := s.check(u.PasswordHash, password)
	if err != nil {
		return nil, fmt.Errorf("login %q: %w", name, err)
	}
	if !ok {
		return nil, wrong
	}
	if u.Disabled {
		return nil, herald.Errorf(herald.EUNAUTHORIZED, "this account is disabled; ask an administrator to enable it")
	}
	return u, nil
}

// dummyHash has the default cost and a key no password derives (all zero bytes):
// checking a password against it costs what a real check costs, and fails.
var dummyHash = fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", DefaultParams.Memory, DefaultParams.Time,
	DefaultParams.Threads, b64.EncodeToString([]byte("herald-no-user!!")), b64.EncodeToString(make([]byte, keyLen)))

// ValidateName returns EINVALID unless name is 1-64 characters of [A-Za-z0-9._-].
func ValidateName(name string) error {
	if name == "" || len(name) > MaxNameLen {
		return herald.Errorf(herald.EINVALID, "name: must be 1 to %d characters", MaxNameLen)
	}
	for _, c := range name {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
		if !ok {
			return herald.Errorf(herald.EINVALID, "name: only letters, digits, '.', '_' and '-' are allowed")
		}
	}
	return nil
}

// ValidatePassword returns EINVALID unless password has 8 to 1024 characters.
func ValidatePassword(password string) error {
	n := utf8.RuneCountInString(password)
	if n < MinPasswordLen {
		return herald.Errorf(herald.EINVALID, "password: must be at least %d characters", MinPasswordLen)
	}
	if n > MaxPasswordLen {
		return herald.Errorf(herald.EINVALID, "password: must be at most %d characters", MaxPasswordLen)
	}
	return nil
}
