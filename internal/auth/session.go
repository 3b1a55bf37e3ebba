package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"unicode/utf8"

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
	id, err := randomString(sessionBytes)
	if err != nil {
		return fmt.Errorf("start session: %w", err)
	}
	now := s.now()
	sess := &herald.Session{IDHash: hashSecret(id), UserID: userID, CreatedAt: now, ExpiresAt: now.Add(s.opts.SessionTTL)}
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

// CreateToken issues an API token named name for userID and returns its secret,
// "hrd_" and the unpadded base64url of 32 random bytes. Only the SHA-256 of the
// secret is stored, so the secret cannot be shown again. EINVALID for an empty or
// over-long name.
func (s *Service) CreateToken(ctx context.Context, userID int64, name string) (string, error) {
	return s.CreateSourceToken(ctx, userID, 0, name)
}

// CreateSourceToken is CreateToken for a token scoped to one source: besides
// reading as userID, it may push stories to sourceID (0 makes a reader token).
// ENOTFOUND when the source does not exist.
func (s *Service) CreateSourceToken(ctx context.Context, userID, sourceID int64, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > maxTokenNameLen {
		return "", herald.Errorf(herald.EINVALID, "name: must be 1 to %d characters", maxTokenNameLen)
	}
	raw, err := randomString(tokenBytes)
	if err != nil {
		return "", fmt.Errorf("create token: %w", err)
	}
	secret := TokenPrefix + raw
	t := &herald.Token{UserID: userID, Name: name, Hash: hashSecret(secret), SourceID: sourceID}
	if err := s.users.CreateToken(ctx, t); err != nil {
		return "", fmt.Errorf("create token: %w", err)
	}
	return secret, nil
}

// Authenticate returns the user behind r's credentials: an "Authorization: Bearer"
// API token when the header is present (the cookie is then ignored), else the
// session cookie. It returns EUNAUTHORIZED when there are no credentials, when
// they are malformed, unknown, revoked or expired; other errors mean the store failed.
func (s *Service) Authenticate(r *http.Request) (*herald.User, error) {
	u, _, err := s.authenticate(r)
	return u, err
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
		return nil, fmt.Errorf("authenticate session: %w", err)
	}
	return u, nil
}

func (s *Service) tokenUser(ctx context.Context, header []string) (*herald.User, int64, error) {
	malformed := herald.Errorf(herald.EUNAUTHORIZED, `malformed Authorization header; want "Bearer <token>"`)
	if len(header) != 1 {
		return nil, 0, malformed
	}
	scheme, secret, ok := strings.Cut(strings.TrimSpace(header[0]), " ")
	secret = strings.TrimSpace(secret)
	raw, hasPrefix := strings.CutPrefix(secret, TokenPrefix)
	if !ok || !strings.EqualFold(scheme, "Bearer") || !hasPrefix || !validSecret(raw, tokenBytes) {
		return nil, 0, malformed
	}
	t, u, err := s.users.TokenByHash(ctx, hashSecret(secret), s.now())
	if herald.IsNotFound(err) {
		return nil, 0, herald.Errorf(herald.EUNAUTHORIZED, "unknown or revoked token")
	}
	if err != nil {
		return nil, 0, fmt.Errorf("authenticate token: %w", err)
	}
	return u, t.SourceID, nil
}

// Middleware authenticates each request and, when that succeeds, puts the user in
// the request context (see UserFrom). It never rejects a request: handlers decide
// what an anonymous caller may do. A store failure is logged and the request goes
// on anonymously.
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
		case herald.EUNAUTHORIZED, herald.ENOTFOUND:
		default:
			s.opts.Log.LogAttrs(r.Context(), slog.LevelError, "authenticate request",
				slog.String("path", r.URL.Path), slog.Any("error", err))
		}
		next.ServeHTTP(w, r)
	})
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
