package auth

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/heraldnews/herald"
)

// memUsers is an in-memory herald.UserStore that records every string it is given,
// so tests can prove which secrets reach the store.
type memUsers struct {
	mu       sync.Mutex
	users    map[int64]*herald.User
	sessions map[string]herald.Session
	tokens   map[string]herald.Token
	seen     []string
	nextID   int64
	touches  []map[int64]time.Time // every batch TouchTokens was given
}

func newMemUsers() *memUsers {
	return &memUsers{users: map[int64]*herald.User{}, sessions: map[string]herald.Session{}, tokens: map[string]herald.Token{}}
}

func (m *memUsers) see(s ...string) { m.seen = append(m.seen, s...) }

func (m *memUsers) CreateUser(_ context.Context, u *herald.User) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.see(u.Name, u.PasswordHash)
	for _, o := range m.users {
		if o.Name == u.Name {
			return herald.Errorf(herald.ECONFLICT, "user exists")
		}
	}
	m.nextID++
	u.ID, u.CreatedAt = m.nextID, time.Now()
	c := *u
	m.users[u.ID] = &c
	return nil
}

func (m *memUsers) User(_ context.Context, id int64) (*herald.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	u, ok := m.users[id]
	if !ok {
		return nil, herald.Errorf(herald.ENOTFOUND, "no user %d", id)
	}
	c := *u
	return &c, nil
}

func (m *memUsers) UserByName(_ context.Context, name string) (*herald.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.see(name)
	for _, u := range m.users {
		if u.Name == name {
			c := *u
			return &c, nil
		}
	}
	return nil, herald.Errorf(herald.ENOTFOUND, "no user %q", name)
}

func (m *memUsers) SetPassword(_ context.Context, id int64, hash string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.see(hash)
	u, ok := m.users[id]
	if !ok {
		return herald.Errorf(herald.ENOTFOUND, "no user %d", id)
	}
	u.PasswordHash = hash
	return nil
}

func (m *memUsers) CreateSession(_ context.Context, s *herald.Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.see(s.IDHash)
	m.sessions[s.IDHash] = *s
	return nil
}

func (m *memUsers) SessionUser(_ context.Context, idHash string, now time.Time) (*herald.User, error) {
	m.mu.Lock()
	s, ok := m.sessions[idHash]
	m.see(idHash)
	m.mu.Unlock()
	if !ok || !now.Before(s.ExpiresAt) {
		return nil, herald.Errorf(herald.ENOTFOUND, "no session")
	}
	return m.User(context.Background(), s.UserID)
}

func (m *memUsers) DeleteSession(_ context.Context, idHash string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.see(idHash)
	delete(m.sessions, idHash)
	return nil
}

func (m *memUsers) CreateToken(_ context.Context, t *herald.Token) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.see(t.Name, t.Hash)
	m.nextID++
	t.ID, t.CreatedAt = m.nextID, time.Now()
	m.tokens[t.Hash] = *t
	return nil
}

func (m *memUsers) TokenByHash(ctx context.Context, hash string, now time.Time) (*herald.Token, *herald.User, error) {
	u, err := m.TokenUser(ctx, hash, now)
	if err != nil {
		return nil, nil, err
	}
	m.mu.Lock()
	t := m.tokens[hash]
	m.mu.Unlock()
	return &t, u, nil
}

func (m *memUsers) TokenUser(_ context.Context, hash string, now time.Time) (*herald.User, error) {
	m.mu.Lock()
	t, ok := m.tokens[hash]
	m.see(hash)
	if ok {
		t.LastUsedAt = now
		m.tokens[hash] = t
	}
	m.mu.Unlock()
	if !ok {
		return nil, herald.Errorf(herald.ENOTFOUND, "no token")
	}
	return m.User(context.Background(), t.UserID)
}

func (m *memUsers) LookupToken(_ context.Context, hash string) (*herald.Token, *herald.User, error) {
	m.mu.Lock()
	t, ok := m.tokens[hash]
	m.see(hash)
	m.mu.Unlock()
	if !ok {
		return nil, nil, herald.Errorf(herald.ENOTFOUND, "no token")
	}
	u, err := m.User(context.Background(), t.UserID)
	return &t, u, err
}

func (m *memUsers) Tokens(_ context.Context, userID int64) ([]herald.Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := []herald.Token{}
	for _, t := range m.tokens {
		if t.UserID == userID {
			t.Hash = ""
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b herald.Token) int { return int(a.ID - b.ID) })
	return out, nil
}

func (m *memUsers) RevokeToken(_ context.Context, id int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for h, t := range m.tokens {
		if t.ID == id {
			delete(m.tokens, h)
			return nil
		}
	}
	return herald.Errorf(herald.ENOTFOUND, "token %d not found", id)
}

func (m *memUsers) TouchTokens(_ context.Context, used map[int64]time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.touches = append(m.touches, maps.Clone(used))
	for h, t := range m.tokens {
		if at, ok := used[t.ID]; ok && at.After(t.LastUsedAt) {
			t.LastUsedAt = at
			m.tokens[h] = t
		}
	}
	return nil
}

// touched returns the batches TouchTokens was given.
func (m *memUsers) touched() []map[int64]time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.touches)
}

// token returns the stored token with that id, or false.
func (m *memUsers) token(id int64) (herald.Token, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, t := range m.tokens {
		if t.ID == id {
			return t, true
		}
	}
	return herald.Token{}, false
}

// seenAny reports whether any string given to the store contains sub.
func (m *memUsers) seenAny(sub string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range m.seen {
		if sub != "" && strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
