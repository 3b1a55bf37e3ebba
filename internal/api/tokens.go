package api

import (
	"net/http"
	"slices"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
)

// listTokens answers the caller's API tokens and app passwords, oldest
// first, with when each was last used; never their secrets.
func (s *server) listTokens(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.Auth.Tokens(r.Context(), userID(r))
	if err != nil {
		return wrap("list tokens", err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": ts})
	return nil
}

// newToken is the body of POST /api/v1/tokens.
type newToken struct {
	Name string `json:"name"`
	Kind string `json:"kind"` // herald.TokenAPI (default) or herald.TokenAppPassword
}

// createToken issues an API token or an app password for the caller and
// answers it with its secret, which is shown this once.
func (s *server) createToken(w http.ResponseWriter, r *http.Request) error {
	var in newToken
	if err := decode(w, r, &in); err != nil {
		return err
	}
	kind := in.Kind
	if kind == "" {
		kind = herald.TokenAPI
	}
	t, secret, err := s.Auth.IssueToken(r.Context(), auth.UserFrom(r.Context()), kind, in.Name)
	if err != nil {
		return wrap("create token", err)
	}
	writeJSON(w, http.StatusCreated, map[string]any{"token": t, "secret": secret})
	return nil
}

// revokeToken deletes one of the caller's tokens: it stops working at once.
// Another reader's token is 404, as if it did not exist.
func (s *server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	ts, err := s.Auth.Tokens(r.Context(), userID(r))
	if err != nil {
		return wrap("revoke token", err)
	}
	if !slices.ContainsFunc(ts, func(t herald.Token) bool { return t.ID == id }) {
		return herald.Errorf(herald.ENOTFOUND, "you have no token %d", id)
	}
	if err := s.Auth.RevokeToken(r.Context(), id); err != nil {
		return wrap("revoke token", err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
