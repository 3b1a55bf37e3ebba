package web

import (
	"cmp"
	"net/http"

	"github.com/heraldnews/herald"
)

// tokenKind is a token's kind: herald.TokenAPI or herald.TokenAppPassword
// (an empty Kind is an API token).
func tokenKind(t herald.Token) string { return cmp.Or(t.Kind, herald.TokenAPI) }

// createAppPassword is POST /settings/app-passwords: a new app password,
// shown this once.
func (s *server) createAppPassword(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	name := r.PostFormValue("name")
	secret, err := s.Auth.CreateAppPassword(r.Context(), u, name)
	if err != nil {
		return s.settingsProblem(w, r, "app-passwords", err)
	}
	p, err := s.settingsPage(r)
	if err != nil {
		return err
	}
	p.NewAppPassword = &newToken{Name: name, Secret: secret}
	return s.render(w, r, http.StatusOK, p)
}
