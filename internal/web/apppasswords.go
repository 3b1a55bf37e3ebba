package web

import (
	"context"
	"net/http"
	"reflect"

	"github.com/heraldnews/herald"
)

// appPasswordMaker issues app passwords, the passwords feed reader apps
// (Google Reader API, Fever) sign in with. auth.Service has it once the
// reader APIs are in (issue 14); until then the settings page offers API
// tokens only, and POST /settings/app-passwords answers 404.
type appPasswordMaker interface {
	CreateAppPassword(ctx context.Context, u *herald.User, name string) (string, error)
}

// appPasswords returns what issues app passwords, or nil.
func (s *server) appPasswords() appPasswordMaker {
	m, _ := any(s.Auth).(appPasswordMaker)
	return m
}

// tokenKind is a token's kind ("api" or "app_password"): herald.Token's Kind
// field once the reader APIs have added it, else "api", the only kind there
// is then.
func tokenKind(t herald.Token) string {
	if f := reflect.ValueOf(t).FieldByName("Kind"); f.IsValid() && f.Kind() == reflect.String && f.String() != "" {
		return f.String()
	}
	return "api"
}

// createAppPassword is POST /settings/app-passwords: a new app password,
// shown this once.
func (s *server) createAppPassword(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	m := s.appPasswords()
	if m == nil {
		return herald.Errorf(herald.ENOTFOUND, "app passwords are not available on this server")
	}
	name := r.PostFormValue("name")
	secret, err := m.CreateAppPassword(r.Context(), u, name)
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
