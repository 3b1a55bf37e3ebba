package greader

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// clientLogin signs a feed reader app in with the reader's name (Email) and
// an app password (Passwd), and answers the Auth token that the app sends
// from then on: "SID=…\nLSID=…\nAuth=…\n", or JSON with output=json. A
// wrong name or password, or the account password, is 401
// "Error=BadAuthentication".
func (s *server) clientLogin(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET, POST")
		textError(w, http.StatusMethodNotAllowed, "sign in with a POST of Email and Passwd")
		return
	}
	form, err := params(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name, pw := form.Get("Email"), form.Get("Passwd")
	u, key, err := s.Auth.AppPasswordLogin(r.Context(), name, pw)
	if err != nil {
		if !isUnauthorized(err) {
			s.fail(w, r, err)
			return
		}
		s.Log.InfoContext(r.Context(), "google reader sign-in refused", "name", name)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, "Error=BadAuthentication\n")
		return
	}
	token := u.Name + "/" + key
	if form.Get("output") == "json" {
		writeJSON(w, map[string]string{"SID": token, "LSID": token, "Auth": token})
		return
	}
	writeText(w, "SID="+token+"\nLSID="+token+"\nAuth="+token+"\n")
}

// token answers the T token that writes carry.
func (s *server) token(c *call) error {
	t, err := s.Auth.ActionToken(c.r.Context(), c.key)
	if err != nil {
		return err
	}
	return writeText(c.w, t)
}

// userInfo answers who the reader is.
func (s *server) userInfo(c *call) error {
	id := strconv.FormatInt(c.user.ID, 10)
	writeJSON(c.w, map[string]any{
		"userId":              id,
		"userName":            c.user.Name,
		"userProfileId":       id,
		"userEmail":           "",
		"isBloggerUser":       false,
		"signupTimeSec":       c.user.CreatedAt.Unix(),
		"isMultiLoginEnabled": false,
	})
	return nil
}

// emptyList answers {"name":[]}: calls some apps make for features Herald
// does not have (preferences, friends).
func (s *server) emptyList(name string) handler {
	return func(c *call) error {
		writeJSON(c.w, map[string]any{name: []any{}})
		return nil
	}
}

// streamPrefs answers that no stream has preferences.
func (s *server) streamPrefs(c *call) error {
	writeJSON(c.w, map[string]any{"streamprefs": map[string]any{}})
	return nil
}

// writeJSON answers v as JSON, with "/" and non-ASCII as they are.
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
