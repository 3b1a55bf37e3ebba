package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"

	"github.com/heraldnews/herald"
)

// CookieName is the name of the session cookie.
const CookieName = "herald_session"

// TokenPrefix starts every API token secret, so leaked tokens are easy to spot.
const TokenPrefix = "hrd_"

const (
	sessionBytes    = 16 // 128-bit session ids
	tokenBytes      = 32
	maxTokenNameLen = 100
)

// StartSession signs userID in on this browser: it stores a new session (only the
// SHA-256 of its random 128-bit id) and sets the HttpOnly, SameSite=Lax session
// cookie, Secure when Options.SecureCookies is set.
func (s *Service) StartSession(ctx context.Context, w http.ResponseWriter, userID int64) error {
	return s.startSession(ctx, w, userID, "")
}

// startSession is StartSession that records the browser's User-Agent.
func (s *Service) startSession(ctx context.Context, w http.ResponseWriter, userID int64, userAgent string) error {
	id, err := randomString(sessionBytes)
	if err != nil {
		return fmt.Errorf("start session: %w", err)
	}
	now := s.now()
	sess := &herald.Session{IDHash: hashSecret(id), UserID: userID, CreatedAt: now, ExpiresAt: now.Add(s.opts.SessionTTL),
		UserAgent: userAgent}
	if err := s.users.CreateSession(ctx, sess); err != nil {
		return fmt.Errorf("start session: %w", err)
	}
	c := s.cookie(id, int(s.opts.SessionTTL.Seconds()))
	c.Expires = sess.ExpiresAt
	http.SetCookie(w, c)
	return nil
}

// EndSession signs the browser out: it deletes the request's session, if any, and
// clears the cookie. A request without a session is not an error.
func (s *Service) EndSession(ctx context.Context, w http.ResponseWriter, r *http.Request) error {
	http.SetCookie(w, s.cookie("", -1))
	c, err := r.Cookie(CookieName)
	if err != nil {
		return nil
	}
	if err := s.users.DeleteSession(ctx, hashSecret(c.Value)); err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

func (s *Service) cookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: CookieName, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.opts.SecureCookies, SameSite: http.SameSiteLaxMode,
	}
}

// Authenticate returns the reader behind r's credentials: an "Authorization:
// Bearer" API token when the header is present (the cookie is then ignored),
// else the session cookie. It returns EUNAUTHORIZED when there are no
// credentials, when they are malformed, unknown, revoked or expired,
// EFORBIDDEN for a publisher token (it may only push, see Middleware), and
// EUNAVAILABLE when the store cannot answer.
func (s *Service) Authenticate(r *http.Request) (*herald.User, error) {
	u, source, err := s.authenticate(r)
	if err == nil && source != 0 {
		return nil, publisherOnly(source)
	}
	return u, err
}

// publisherOnly is the error for a publisher token used where only a reader's
// credentials will do.
func publisherOnly(source int64) error {
	return herald.Errorf(herald.EFORBIDDEN,
		"this token may only push and retract the stories of source %d; use a reader token or sign in", source)
}

// authenticate is Authenticate that also returns the source a bearer token is
// scoped to (0 for a reader token or a session).
func (s *Service) authenticate(r *http.Request) (*herald.User, int64, error) {
	if h := r.Header.Values("Authorization"); len(h) > 0 {
		return s.tokenUser(r.Context(), h)
	}
	u, err := s.sessionUser(r)
	return u, 0, err
}

func (s *Service) sessionUser(r *http.Request) (*herald.User, error) {
	c, err := r.Cookie(CookieName)
	if err != nil || c.Value == "" {
		return nil, herald.Errorf(herald.EUNAUTHORIZED, "not signed in")
	}
	if !validSecret(c.Value, sessionBytes) {
		return nil, herald.Errorf(herald.EUNAUTHORIZED, "malformed session cookie")
	}
	u, err := s.users.SessionUser(r.Context(), hashSecret(c.Value), s.now())
	if herald.IsNotFound(err) {
		return nil, herald.Errorf(herald.EUNAUTHORIZED, "session expired; sign in again")
	}
	if err != nil {
		return nil, unavailable("authenticate session", err)
	}
	return u, nil
}

// Middleware authenticates each request and, when that succeeds, puts the user
// in the request context (see UserFrom), with the source a publisher token is
// scoped to (see SourceFrom). It never rejects a request: handlers decide what
// an anonymous caller or a publisher token may do. When a bearer token was
// refused (malformed, unknown, revoked) or the credentials could not be
// checked (the store failed), the request goes on without a user and with
// the error in its context (see FailureFrom): a handler can say why, and
// answer 503 rather than 401 for a store failure, so that a valid credential
// never looks revoked.
func (s *Service) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, source, err := s.authenticate(r)
		switch herald.ErrorCode(err) {
		case "":
			ctx := WithUser(r.Context(), u)
			if source != 0 {
				ctx = WithSource(ctx, source)
			}
			r = r.WithContext(ctx)
		case herald.EUNAUTHORIZED:
			if len(r.Header.Values("Authorization")) > 0 {
				r = r.WithContext(context.WithValue(r.Context(), failureKey{}, err))
			}
		default:
			r = r.WithContext(context.WithValue(r.Context(), failureKey{}, err))
		}
		next.ServeHTTP(w, r)
	})
}

type failureKey struct{}

// FailureFrom returns why Middleware refused the request's bearer token
// (EUNAUTHORIZED) or could not check its credentials (EUNAVAILABLE, with the
// store's error in its chain), or nil.
func FailureFrom(ctx context.Context) error {
	err, _ := ctx.Value(failureKey{}).(error)
	return err
}

type userKey struct{}

// WithUser returns a copy of ctx that carries u.
func WithUser(ctx context.Context, u *herald.User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom returns the user put in ctx by Middleware or WithUser, or nil.
func UserFrom(ctx context.Context) *herald.User {
	u, _ := ctx.Value(userKey{}).(*herald.User)
	return u
}

type sourceKey struct{}

// WithSource returns a copy of ctx that carries the source a token is scoped to.
func WithSource(ctx context.Context, sourceID int64) context.Context {
	return context.WithValue(ctx, sourceKey{}, sourceID)
}

// SourceFrom returns the source that the request's token may push to, as put in
// ctx by Middleware or WithSource, or 0 for a reader token or a session.
func SourceFrom(ctx context.Context) int64 {
	id, _ := ctx.Value(sourceKey{}).(int64)
	return id
}

// randomString returns n random bytes as unpadded base64url.
func randomString(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// validSecret reports whether s is the unpadded base64url of exactly n bytes.
func validSecret(s string, n int) bool {
	if len(s) != base64.RawURLEncoding.EncodedLen(n) {
		return false
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil && len(b) == n
}

// hashSecret is what the store keeps in place of a session id or token secret.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
