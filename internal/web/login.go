package web

import (
	"fmt"
	"net"
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

// login checks the name and password, starts a session and goes to "next".
// Wrong credentials show the form again with 401.
func (s *server) login(w http.ResponseWriter, r *http.Request) error {
	name := strings.TrimSpace(r.PostFormValue("name"))
	next := safeNext(r.PostFormValue("next"), "/")
	addr := clientAddr(r)
	if wait := max(s.byName.Wait(strings.ToLower(name)), s.byAddr.Wait(addr)); wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		p := &loginPage{layout: layout{Title: "Sign in"}, Name: name, Next: next, Hint: s.LoginHint,
			Error: fmt.Sprintf("Too many failed attempts. Try again in %s.", roundUp(wait))}
		return s.render(w, r, http.StatusTooManyRequests, p)
	}
	u, err := s.Auth.Login(r.Context(), name, r.PostFormValue("password"))
	if herald.ErrorCode(err) == herald.EUNAUTHORIZED {
		s.byName.Fail(strings.ToLower(name))
		s.byAddr.Fail(addr)
		p := &loginPage{layout: layout{Title: "Sign in"}, Name: name, Next: next, Error: "Wrong name or password.", Hint: s.LoginHint}
		return s.render(w, r, http.StatusUnauthorized, p)
	}
	if err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	s.byName.Reset(strings.ToLower(name))
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

// clientAddr is the address the request came from: the peer's IP, never a
// forwarding header that any client can set.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// roundUp says a wait in whole minutes ("1 minute", "7 minutes").
func roundUp(d time.Duration) string {
	m := int((d + time.Minute - 1) / time.Minute)
	if m <= 1 {
		return "1 minute"
	}
	return strconv.Itoa(m) + " minutes"
}
