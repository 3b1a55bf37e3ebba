package auth

import (
	"context"
	"fmt"
	"net/http"

	"github.com/heraldnews/herald"
)

// SessionHash returns what the store keeps of the request's session cookie
// (the id hash that herald.Session.IDHash holds), or "" without one: how a
// sessions list tells "this browser" from the others.
func (s *Service) SessionHash(r *http.Request) string {
	c, err := r.Cookie(CookieName)
	if err != nil || !validSecret(c.Value, sessionBytes) {
		return ""
	}
	return hashSecret(c.Value)
}

// ChangePassword sets u's password to next after checking current (the
// reader proves it is them again), and ends every other session of u but
// keep (this browser's SessionHash). EUNAUTHORIZED when current is wrong,
// EINVALID when next is too short or too long.
func (s *Service) ChangePassword(ctx context.Context, u *herald.User, current, next, keep string) error {
	if err := s.CheckUserPassword(ctx, u, current); err != nil {
		if herald.ErrorCode(err) == herald.EUNAUTHORIZED {
			return herald.Errorf(herald.EUNAUTHORIZED, "current password: that is not your password")
		}
		return err
	}
	if err := s.SetPassword(ctx, u.ID, next); err != nil {
		return err
	}
	return s.endOtherSessions(ctx, u.ID, keep)
}

// endOtherSessions ends the sessions of userID but keep, through the store
// when it keeps accounts.
func (s *Service) endOtherSessions(ctx context.Context, userID int64, keep string) error {
	acc, ok := s.users.(interface {
		DeleteOtherSessions(ctx context.Context, userID int64, keep string) (int, error)
	})
	if !ok {
		return nil
	}
	if _, err := acc.DeleteOtherSessions(ctx, userID, keep); err != nil {
		return fmt.Errorf("end other sessions: %w", err)
	}
	return nil
}

// CheckUserPassword reports whether password is u's, as stored now; how a page
// asks a signed-in reader to confirm who they are before a grave action.
func (s *Service) CheckUserPassword(ctx context.Context, u *herald.User, password string) error {
	stored, err := s.users.User(ctx, u.ID)
	if err != nil {
		return fmt.Errorf("check password: %w", err)
	}
	ok, err := s.check(stored.PasswordHash, password)
	if err != nil {
		return fmt.Errorf("check password: %w", err)
	}
	if !ok {
		return herald.Errorf(herald.EUNAUTHORIZED, "password: that is not your password")
	}
	return nil
}
