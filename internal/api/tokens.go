package api

import (
	"net/http"
	"slices"

	"github.com/heraldnews/herald"
)

// listTokens answers the caller's API tokens, oldest first, with when each
// was last used; never their secrets.
func (s *server) listTokens(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.Auth.Tokens(r.Context(), userID(r))
	if err != nil {
		return wrap("list tokens", err)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": ts})
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
