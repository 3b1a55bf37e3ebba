package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/heraldnews/herald"
)

// settingsPage is GET /settings: the reader's account.
type settingsPage struct {
	layout
	Prefs          herald.Preferences
	Views          []struct{ Key, Label string }
	Sessions       []sessionRow
	Tokens         []tokenRow
	NewToken       *newToken // the secret of a token just made, shown once
	Apps           []tokenRow
	NewAppPassword *newToken
	Notice         string
	Problems       map[string]string // per section: profile, reading, password, tokens, delete
}

func (*settingsPage) templateName() string { return "settings.html" }

// sessionRow is one signed-in browser.
type sessionRow struct {
	Hash    string
	Browser string
	Started when
	Expires when
	Current bool
}

// tokenRow is one API token or app password, never its secret.
type tokenRow struct {
	ID       int64
	Name     string
	Created  when
	LastUsed when
	Done     string // where revoking returns: "app" for an app password, "" for a token
}

// newToken is a token just made: its name and secret.
type newToken struct{ Name, Secret string }

// settingsNotices are the confirmations ?done= names.
var settingsNotices = map[string]string{
	"profile":  "Your profile is saved.",
	"reading":  "Your reading settings are saved.",
	"password": "Your password is changed. Every other browser was signed out.",
	"session":  "That browser is signed out.",
	"sessions": "Every other browser is signed out.",
	"token":    "The token is revoked: it stops working at once.",
	"app":      "The app password is revoked: the app signs out at once.",
}

// settings shows the reader's settings.
func (s *server) settings(w http.ResponseWriter, r *http.Request) error {
	p, err := s.settingsPage(r)
	if err != nil {
		return err
	}
	p.Notice = settingsNotices[r.URL.Query().Get("done")]
	return s.render(w, r, http.StatusOK, p)
}

// settingsPage loads what the settings page shows.
func (s *server) settingsPage(r *http.Request) (*settingsPage, error) {
	u, err := s.user(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	p := &settingsPage{layout: layout{Title: "Settings", User: u, Nav: "settings"}, Views: views, Problems: map[string]string{}}
	if p.Prefs, err = s.prefs(ctx, u); err != nil {
		return nil, err
	}
	sessions, err := s.Store.Sessions(ctx, u.ID, s.now())
	if err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	current := s.Auth.SessionHash(r)
	for _, ss := range sessions {
		p.Sessions = append(p.Sessions, sessionRow{Hash: ss.IDHash, Browser: describeAgent(ss.UserAgent),
			Started: s.when(ss.CreatedAt), Expires: s.when(ss.ExpiresAt), Current: ss.IDHash == current})
	}
	tokens, err := s.Auth.Tokens(ctx, u.ID)
	if err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	for _, t := range tokens {
		if t.SourceID != 0 {
			continue
		}
		row := tokenRow{ID: t.ID, Name: t.Name, Created: s.when(t.CreatedAt), LastUsed: s.when(t.LastUsedAt)}
		if tokenKind(t) == "app_password" {
			row.Done = "app"
			p.Apps = append(p.Apps, row)
		} else {
			p.Tokens = append(p.Tokens, row)
		}
	}
	return p, nil
}

// settingsProblem shows the settings page again with a problem in one section.
func (s *server) settingsProblem(w http.ResponseWriter, r *http.Request, section string, err error) error {
	code := herald.ErrorCode(err)
	if code != herald.EINVALID && code != herald.EUNAUTHORIZED && code != herald.ECONFLICT {
		return err
	}
	p, perr := s.settingsPage(r)
	if perr != nil {
		return perr
	}
	p.Problems[section] = sentence(herald.ErrorMessage(err))
	return s.render(w, r, http.StatusBadRequest, p)
}

// sentence turns "field: what is wrong" into "What is wrong."
func sentence(msg string) string {
	if field, rest, ok := strings.Cut(msg, ": "); ok && !strings.Contains(field, " ") {
		msg = rest
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// saveProfile is POST /settings/profile: the display name.
func (s *server) saveProfile(w http.ResponseWriter, r *http.Request) error {
	return s.savePrefs(w, r, "profile", func(p *herald.Preferences) error {
		p.DisplayName = r.PostFormValue("display_name")
		return nil
	})
}

// saveReading is POST /settings/reading: theme, page size, default view.
func (s *server) saveReading(w http.ResponseWriter, r *http.Request) error {
	return s.savePrefs(w, r, "reading", func(p *herald.Preferences) error {
		p.Theme, p.DefaultView = r.PostFormValue("theme"), r.PostFormValue("default_view")
		n, err := strconv.Atoi(r.PostFormValue("page_size"))
		if err != nil {
			return herald.Errorf(herald.EINVALID, "page_size: choose how many stories a page shows")
		}
		p.PageSize = n
		return nil
	})
}

// savePrefs changes the reader's settings with edit and stores them.
func (s *server) savePrefs(w http.ResponseWriter, r *http.Request, section string, edit func(*herald.Preferences) error) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	p, err := s.prefs(r.Context(), u)
	if err != nil {
		return err
	}
	if err := edit(&p); err != nil {
		return s.settingsProblem(w, r, section, err)
	}
	if err := s.Store.SetPreferences(r.Context(), u.ID, p); err != nil {
		return s.settingsProblem(w, r, section, err)
	}
	http.Redirect(w, r, "/settings?done="+section+"#"+section, http.StatusSeeOther)
	return nil
}

// changePassword is POST /settings/password: the current password again,
// then the new one twice. Every other session ends.
func (s *server) changePassword(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	next := r.PostFormValue("new")
	if next != r.PostFormValue("confirm") {
		return s.settingsProblem(w, r, "password", herald.Errorf(herald.EINVALID, "The new password and its repetition differ"))
	}
	if err := s.Auth.ChangePassword(r.Context(), u, r.PostFormValue("current"), next, s.Auth.SessionHash(r)); err != nil {
		return s.settingsProblem(w, r, "password", err)
	}
	http.Redirect(w, r, "/settings?done=password#password", http.StatusSeeOther)
	return nil
}

// revokeSession is POST /settings/sessions/{hash}/revoke.
func (s *server) revokeSession(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	if err := s.Store.DeleteUserSession(r.Context(), u.ID, r.PathValue("hash")); err != nil {
		return fmt.Errorf("sign out a browser: %w", err)
	}
	http.Redirect(w, r, "/settings?done=session#sessions", http.StatusSeeOther)
	return nil
}

// revokeOtherSessions is POST /settings/sessions/revoke-others.
func (s *server) revokeOtherSessions(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	if _, err := s.Store.DeleteOtherSessions(r.Context(), u.ID, s.Auth.SessionHash(r)); err != nil {
		return fmt.Errorf("sign out other browsers: %w", err)
	}
	http.Redirect(w, r, "/settings?done=sessions#sessions", http.StatusSeeOther)
	return nil
}

// createToken is POST /settings/tokens: a new API token, whose secret the
// page shows this once.
func (s *server) createToken(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	secret, err := s.Auth.CreateToken(r.Context(), u.ID, name)
	if err != nil {
		return s.settingsProblem(w, r, "tokens", err)
	}
	p, err := s.settingsPage(r)
	if err != nil {
		return err
	}
	p.NewToken = &newToken{Name: name, Secret: secret}
	return s.render(w, r, http.StatusOK, p)
}

// revokeToken is POST /settings/tokens/{id}/revoke: only the reader's own.
func (s *server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	tokens, err := s.Auth.Tokens(r.Context(), u.ID)
	if err != nil {
		return fmt.Errorf("revoke token: %w", err)
	}
	owned := false
	for _, t := range tokens {
		owned = owned || t.ID == id
	}
	if !owned {
		return herald.Errorf(herald.ENOTFOUND, "you have no token %d", id)
	}
	if err := s.Auth.RevokeToken(r.Context(), id); err != nil {
		return fmt.Errorf("revoke token: %w", err)
	}
	if r.PostFormValue("done") == "app" {
		http.Redirect(w, r, "/settings?done=app#app-passwords", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/settings?done=token#tokens", http.StatusSeeOther)
	return nil
}

// deleteAccount is POST /settings/delete: with the reader's password and the
// confirmation box ticked, the account and everything that is theirs go.
// The last administrator cannot delete themselves.
func (s *server) deleteAccount(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	if r.PostFormValue("confirm") != "yes" {
		return s.settingsProblem(w, r, "delete", herald.Errorf(herald.EINVALID, "Tick the box to confirm that you want to delete your account"))
	}
	if err := s.Auth.CheckUserPassword(r.Context(), u, r.PostFormValue("password")); err != nil {
		return s.settingsProblem(w, r, "delete", err)
	}
	if err := s.lastAdmin(r, u); err != nil {
		return s.settingsProblem(w, r, "delete", err)
	}
	if err := s.Store.DeleteUser(r.Context(), u.ID); err != nil {
		return fmt.Errorf("delete account: %w", err)
	}
	_ = s.Auth.EndSession(r.Context(), w, r) // the session went with the account
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// lastAdmin refuses to remove u when u is the only administrator left.
func (s *server) lastAdmin(r *http.Request, u *herald.User) error {
	if !u.IsAdmin {
		return nil
	}
	users, err := s.Store.Users(r.Context())
	if err != nil {
		return fmt.Errorf("users: %w", err)
	}
	for _, o := range users {
		if o.IsAdmin && !o.Disabled && o.ID != u.ID {
			return nil
		}
	}
	return herald.Errorf(herald.EINVALID, "You are the only administrator: make someone else an administrator first")
}

// describeAgent names a browser from its User-Agent: "Firefox on Linux".
func describeAgent(ua string) string {
	if ua == "" {
		return "Unknown browser"
	}
	browser := "A browser"
	for _, b := range []struct{ needle, name string }{
		{"HeadlessChrome", "Chromium (headless)"}, {"Edg/", "Edge"}, {"Firefox/", "Firefox"}, {"Chrome/", "Chrome"},
		{"Safari/", "Safari"}, {"curl/", "curl"},
	} {
		if strings.Contains(ua, b.needle) {
			browser = b.name
			break
		}
	}
	for _, o := range []struct{ needle, name string }{
		{"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Android", "Android"}, {"Windows", "Windows"},
		{"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, o.needle) {
			return browser + " on " + o.name
		}
	}
	return browser
}
