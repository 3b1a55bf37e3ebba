package web

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/httperr"
)

// maxFormBytes caps a form body; Herald's forms are a few short fields.
const maxFormBytes = 64 << 10

// page adapts a handlerFunc: it caps request bodies and renders returned errors.
func (s *server) page(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		}
		if r.Method == http.MethodPost {
			if err := r.ParseForm(); err != nil {
				s.fail(w, r, formError(err))
				return
			}
		}
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// headings titles the error page of each status.
var headings = map[int]string{
	http.StatusBadRequest:          "That request did not make sense",
	http.StatusNotFound:            "Page not found",
	http.StatusMethodNotAllowed:    "That is not how this page works",
	http.StatusForbidden:           "Not allowed",
	http.StatusConflict:            "That clashes with something that exists",
	http.StatusTooManyRequests:     "Slow down",
	http.StatusServiceUnavailable:  "Herald is busy",
	http.StatusInternalServerError: "Something went wrong",
}

// fail renders err: EUNAUTHORIZED redirects to the sign-in page, every other code
// gets an error page with its status (httperr.Status). The error is logged here,
// once (httperr.Log), and a 500 shows the reader only "internal error". A client
// that went away gets nothing.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := herald.ErrorCode(err)
	if code == herald.EUNAUTHORIZED {
		s.toLogin(w, r)
		return
	}
	status := httperr.Status(code)
	httperr.Log(s.Log, r, status, err)
	if httperr.Gone(r, err) {
		return
	}
	s.errorPage(w, r, status, herald.ErrorMessage(err))
}

// formError explains a form body that could not be parsed.
func formError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return herald.Errorf(herald.EINVALID, "the form is larger than %d bytes", tooBig.Limit)
	}
	return herald.Errorf(herald.EINVALID, "the form could not be read")
}

// errorPage renders the error page, falling back to plain text if even that fails.
func (s *server) errorPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	p := &errorPage{Status: status, Heading: headings[status], Message: msg}
	p.Title = p.Heading
	p.User, _ = s.user(r) // the navigation, when the reader is signed in
	if err := s.render(w, r, status, p); err != nil {
		s.Log.LogAttrs(r.Context(), slog.LevelError, "render error page", slog.Any("error", err))
		http.Error(w, msg, status)
	}
}

// toLogin sends an anonymous reader to the sign-in page, to come back here after:
// to this page for a GET, to the form's "next" page for a POST.
func (s *server) toLogin(w http.ResponseWriter, r *http.Request) {
	back := r.URL.RequestURI()
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		back = safeNext(r.PostFormValue("next"), "/")
	}
	target := "/login"
	if back != "/" {
		target += "?" + url.Values{"next": {back}}.Encode()
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// crossOrigin answers a state-changing request sent from another site.
func (s *server) crossOrigin(http.ResponseWriter, *http.Request) error {
	return herald.Errorf(herald.EFORBIDDEN,
		"This form was sent from another site, so Herald refused it. Go back to Herald and try again there.")
}
