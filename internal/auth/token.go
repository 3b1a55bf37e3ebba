package auth

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/heraldnews/herald"
)

// TokenUseInterval is how often RunTokenUse writes when tokens were last
// used: a token's last use reaches the store at most once per interval.
const TokenUseInterval = time.Minute

// CreateToken issues an API token named name for userID and returns its secret,
// "hrd_" and the unpadded base64url of 32 random bytes. Only the SHA-256 of the
// secret is stored, so the secret cannot be shown again. EINVALID for an empty or
// over-long name.
func (s *Service) CreateToken(ctx context.Context, userID int64, name string) (string, error) {
	return s.CreateSourceToken(ctx, userID, 0, name)
}

// CreateSourceToken is CreateToken for a publisher token scoped to one source:
// it may push and retract that source's stories and do nothing else (0 makes a
// reader token). ENOTFOUND when the source does not exist.
func (s *Service) CreateSourceToken(ctx context.Context, userID, sourceID int64, name string) (string, error) {
	raw, err := randomString(tokenBytes)
	if err != nil {
		return "", fmt.Errorf("create token: %w", err)
	}
	secret := TokenPrefix + raw
	t := herald.Token{UserID: userID, Name: name, Hash: hashSecret(secret), SourceID: sourceID}
	if err := s.store(ctx, &t); err != nil {
		return "", err
	}
	return secret, nil
}

// IssueToken issues a token of kind (herald.TokenAPI or
// herald.TokenAppPassword) named name for u, and returns it as Tokens lists
// it and its secret, which cannot be shown again. EINVALID for an unknown
// kind or an empty or over-long name.
func (s *Service) IssueToken(ctx context.Context, u *herald.User, kind, name string) (herald.Token, string, error) {
	var secret string
	t := herald.Token{UserID: u.ID, Name: name, Kind: kind}
	switch kind {
	case herald.TokenAPI:
		raw, err := randomString(tokenBytes)
		if err != nil {
			return herald.Token{}, "", fmt.Errorf("create token: %w", err)
		}
		secret = TokenPrefix + raw
		t.Hash = hashSecret(secret)
	case herald.TokenAppPassword:
		pw, err := newAppPassword()
		if err != nil {
			return herald.Token{}, "", fmt.Errorf("create app password: %w", err)
		}
		secret, t.Hash = pw, hashSecret(AppPasswordKey(u.Name, pw))
	default:
		return herald.Token{}, "", herald.Errorf(herald.EINVALID, "kind: want %q or %q", herald.TokenAPI, herald.TokenAppPassword)
	}
	if err := s.store(ctx, &t); err != nil {
		return herald.Token{}, "", err
	}
	t.Hash = ""
	return t, secret, nil
}

// store checks t's name and stores t, setting its ID and CreatedAt.
func (s *Service) store(ctx context.Context, t *herald.Token) error {
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" || utf8.RuneCountInString(t.Name) > maxTokenNameLen {
		return herald.Errorf(herald.EINVALID, "name: must be 1 to %d characters", maxTokenNameLen)
	}
	if err := s.users.CreateToken(ctx, t); err != nil {
		if t.Kind == herald.TokenAppPassword {
			return fmt.Errorf("create app password: %w", err)
		}
		return fmt.Errorf("create token: %w", err)
	}
	return nil
}

// Tokens lists userID's tokens, oldest first, with when each was last used
// (uses not yet written included).
func (s *Service) Tokens(ctx context.Context, userID int64) ([]herald.Token, error) {
	ts, err := s.users.Tokens(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	for i := range ts {
		if at, ok := s.used.get(ts[i].ID); ok && at.After(ts[i].LastUsedAt) {
			ts[i].LastUsedAt = at
		}
	}
	return ts, nil
}

// RevokeToken deletes token id: it stops working at once, and a use of it not
// yet written is dropped. ENOTFOUND if there is no such token.
func (s *Service) RevokeToken(ctx context.Context, id int64) error {
	s.used.forget(id)
	if err := s.users.RevokeToken(ctx, id); err != nil {
		return fmt.Errorf("revoke token %d: %w", id, err)
	}
	return nil
}

// tokenUser checks an Authorization header and returns the token's owner and
// source scope. It only reads the store; the use is noted in memory.
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
	t, u, err := s.users.LookupToken(ctx, hashSecret(secret))
	if herald.IsNotFound(err) || err == nil && t.Kind == herald.TokenAppPassword {
		return nil, 0, herald.Errorf(herald.EUNAUTHORIZED, "unknown or revoked token")
	}
	if err != nil {
		return nil, 0, unavailable("authenticate token", err)
	}
	s.used.note(t.ID, s.now())
	return u, t.SourceID, nil
}

// FlushTokenUse writes the token uses noted since the last flush, in one
// batch. On failure the uses are kept for the next flush.
func (s *Service) FlushTokenUse(ctx context.Context) error {
	batch := s.used.take()
	if len(batch) == 0 {
		return nil
	}
	if err := s.users.TouchTokens(ctx, batch); err != nil {
		s.used.restore(batch)
		return fmt.Errorf("record token use: %w", err)
	}
	return nil
}

// RunTokenUse flushes token uses every interval (TokenUseInterval when 0)
// until ctx ends, then flushes once more, with up to 10 s to do it. Failures
// are logged.
func (s *Service) RunTokenUse(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		interval = TokenUseInterval
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := s.FlushTokenUse(ctx); err != nil && ctx.Err() == nil {
				s.opts.Log.WarnContext(ctx, "token use not recorded; will retry", "error", err)
			}
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			if err := s.FlushTokenUse(fctx); err != nil {
				s.opts.Log.WarnContext(fctx, "token use not recorded at shutdown", "error", err)
			}
			return
		}
	}
}

// lastUse holds token uses not yet written: token id → latest use.
type lastUse struct {
	mu      sync.Mutex
	pending map[int64]time.Time
}

func (l *lastUse) note(id int64, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if at.After(l.pending[id]) {
		l.pending[id] = at
	}
}

func (l *lastUse) get(id int64) (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	at, ok := l.pending[id]
	return at, ok
}

func (l *lastUse) forget(id int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.pending, id)
}

// take returns the pending uses and starts a new batch.
func (l *lastUse) take() map[int64]time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.pending
	l.pending = make(map[int64]time.Time, len(b))
	return b
}

// restore puts back a batch that could not be written, keeping later uses.
func (l *lastUse) restore(b map[int64]time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for id, at := range b {
		if at.After(l.pending[id]) {
			l.pending[id] = at
		}
	}
}
