package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/auth"
)

// user returns the signed-in reader: the one Middleware put in the context, else
// the one r's credentials name. It returns EUNAUTHORIZED when there is none, which
// the adapter turns into a redirect to the sign-in page.
func (s *server) user(r *http.Request) (*herald.User, error) {
	if u := auth.UserFrom(r.Context()); u != nil {
		return u, nil
	}
	u, err := s.Auth.Authenticate(r)
	switch herald.ErrorCode(err) {
	case "":
		return u, nil
	case herald.EUNAUTHORIZED, herald.ENOTFOUND:
		return nil, herald.Errorf(herald.EUNAUTHORIZED, "sign in to continue")
	}
	return nil, fmt.Errorf("authenticate: %w", err)
}

// loginForm shows the sign-in form, or sends a signed-in reader on.
func (s *server) loginForm(w http.ResponseWriter, r *http.Request) error {
	next := safeNext(r.URL.Query().Get("next"), "/")
	if u, err := s.user(r); err == nil && u != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, &loginPage{layout: layout{Title: "Sign in"}, Next: next, Hint: s.LoginHint})
}

// login checks the name and password, starts a session and goes to "next".
// Wrong credentials show the form again with 401.
func (s *server) login(w http.ResponseWriter, r *http.Request) error {
	name := strings.TrimSpace(r.PostFormValue("name"))
	next := safeNext(r.PostFormValue("next"), "/")
	u, err := s.Auth.Login(r.Context(), name, r.PostFormValue("password"))
	if herald.ErrorCode(err) == herald.EUNAUTHORIZED {
		p := &loginPage{layout: layout{Title: "Sign in"}, Name: name, Next: next, Error: "Wrong name or password.", Hint: s.LoginHint}
		return s.render(w, r, http.StatusUnauthorized, p)
	}
	if err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	if err := s.Auth.StartSession(r.Context(), w, u.ID); err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// logout ends the session and shows the sign-in page.
func (s *server) logout(w http.ResponseWriter, r *http.Request) error {
	if err := s.Auth.EndSession(r.Context(), w, r); err != nil {
		return fmt.Errorf("sign out: %w", err)
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}
