package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

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

// login signs the reader in (auth.Service.SignIn: throttled per account and
// address, with device cookies) and goes to "next". Wrong credentials show
// the form again with 401; an attempt that must wait shows it with 429 and
// Retry-After.
func (s *server) login(w http.ResponseWriter, r *http.Request) error {
	name := strings.TrimSpace(r.PostFormValue("name"))
	next := safeNext(r.PostFormValue("next"), "/")
	form := &loginPage{layout: layout{Title: "Sign in"}, Name: name, Next: next, Hint: s.LoginHint}
	_, err := s.Auth.SignIn(w, r, name, r.PostFormValue("password"))
	var wait *auth.WaitError
	switch {
	case errors.As(err, &wait):
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Wait.Seconds())+1))
		form.Error = fmt.Sprintf("Too many failed attempts. Try again in %s.", roundUp(wait.Wait))
		return s.render(w, r, http.StatusTooManyRequests, form)
	case herald.ErrorCode(err) == herald.EUNAUTHORIZED:
		form.Error = "Wrong name or password."
		return s.render(w, r, http.StatusUnauthorized, form)
	case err != nil:
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

// roundUp says a wait in whole seconds under a minute ("1 second", "30
// seconds"), else in whole minutes ("1 minute", "7 minutes").
func roundUp(d time.Duration) string {
	if d < time.Minute {
		return count(max(int((d+time.Second-1)/time.Second), 1), "second", "seconds")
	}
	return count(int((d+time.Minute-1)/time.Minute), "minute", "minutes")
}
