package herald

import (
	"context"
	"time"
)

// User is a reader account.
type User struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	PasswordHash string `json:"-"` // argon2id, PHC string format
	IsAdmin      bool   `json:"is_admin"`
	// Disabled users cannot sign in, and their sessions and tokens do not work.
	Disabled  bool      `json:"disabled,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Session is a signed-in browser. Only the SHA-256 of the cookie value is stored.
type Session struct {
	IDHash    string
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
	UserAgent string // the browser it was started from
}

// Token is an API token. Only the SHA-256 of the secret is stored.
type Token struct {
	ID         int64     `json:"id"`
	UserID     int64     `json:"-"`
	Name       string    `json:"name"`
	Kind       string    `json:"kind"`                // TokenAPI ("" is read as it) or TokenAppPassword
	SourceID   int64     `json:"source_id,omitempty"` // 0: a reader token; else it may push to this source only
	Hash       string    `json:"-"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
}

// UserStore keeps users, sessions and API tokens.
type UserStore interface {
	TokenStore

	// CreateUser adds a user; ECONFLICT if the name is taken. Sets ID and CreatedAt.
	CreateUser(ctx context.Context, u *User) error
	// User returns a user by id; ENOTFOUND if none.
	User(ctx context.Context, id int64) (*User, error)
	// UserByName returns a user by name; ENOTFOUND if none.
	UserByName(ctx context.Context, name string) (*User, error)
	// SetPassword replaces a user's password hash; ENOTFOUND if none.
	SetPassword(ctx context.Context, userID int64, hash string) error

	// CreateSession stores a session.
	CreateSession(ctx context.Context, s *Session) error
	// SessionUser returns the user of an unexpired session; ENOTFOUND otherwise.
	SessionUser(ctx context.Context, idHash string, now time.Time) (*User, error)
	// DeleteSession removes a session; deleting a missing one is not an error.
	DeleteSession(ctx context.Context, idHash string) error

	// CreateToken stores a token and sets its ID and CreatedAt; ENOTFOUND if its
	// user or (non-zero) source does not exist.
	CreateToken(ctx context.Context, t *Token) error
}

// LoginStore keeps what sign-in throttling shares between the Herald
// processes that serve one database: recent failures under opaque keys, and
// secrets made once.
type LoginStore interface {
	// AddLoginFailure records a failed sign-in under key at time at.
	AddLoginFailure(ctx context.Context, key string, at time.Time) error
	// LoginFailures returns the times of key's failures after since, oldest
	// first, at most the newest limit of them.
	LoginFailures(ctx context.Context, key string, since time.Time, limit int) ([]time.Time, error)
	// ClearLoginFailures forgets key's failures.
	ClearLoginFailures(ctx context.Context, key string) error
	// Secret returns the named secret: size random bytes made the first time
	// it is asked for, the same on every later call and in every process.
	Secret(ctx context.Context, name string, size int) ([]byte, error)
}
