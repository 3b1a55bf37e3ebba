package web

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/heraldnews/herald"
)

// adminPage is GET /admin: the install's users and the health of its sources.
type adminPage struct {
	layout
	Users    []userRow
	Sources  []sourceRow
	Failing  int
	Paused   int
	Notice   string
	Problem  string
	NewUser  string // the name typed in the add form after a refusal
	Password *newToken
}

func (*adminPage) templateName() string { return "admin.html" }

// userRow is one account on the admin page.
type userRow struct {
	herald.User
	Created when
	Self    bool
}

// admin shows the users and every source's health, failing ones first.
func (s *server) admin(w http.ResponseWriter, r *http.Request) error {
	p, err := s.adminPage(r)
	if err != nil {
		return err
	}
	p.Notice = r.URL.Query().Get("done")
	return s.render(w, r, http.StatusOK, p)
}

func (s *server) adminPage(r *http.Request) (*adminPage, error) {
	u, err := s.adminUser(r, "see the administration page")
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	users, err := s.Store.Users(ctx)
	if err != nil {
		return nil, fmt.Errorf("admin: %w", err)
	}
	p := &adminPage{layout: layout{Title: "Administration", User: u, Nav: "admin"}}
	for _, o := range users {
		p.Users = append(p.Users, userRow{User: o, Created: s.when(o.CreatedAt), Self: o.ID == u.ID})
	}
	srcs, err := s.Store.Sources(ctx)
	if err != nil {
		return nil, fmt.Errorf("admin: %w", err)
	}
	rd, err := s.reader(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	var ok []sourceRow
	for _, src := range srcs {
		row := s.sourceRow(src, rd, "/admin")
		switch row.Health.State {
		case "failing":
			p.Failing++
			p.Sources = append(p.Sources, row)
		case "paused":
			p.Paused++
			ok = append(ok, row)
		default:
			ok = append(ok, row)
		}
	}
	p.Sources = append(p.Sources, ok...)
	return p, nil
}

// addUser is POST /admin/users: a new account with a password the
// administrator types (or one Herald makes and shows once).
func (s *server) addUser(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.adminUser(r, "add users"); err != nil {
		return err
	}
	name, password := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("password")
	made := password == ""
	if made {
		var err error
		if password, err = newPassword(); err != nil {
			return err
		}
	}
	if _, err := s.Auth.CreateUser(r.Context(), name, password, r.PostFormValue("admin") == "yes"); err != nil {
		return s.adminProblem(w, r, err, name)
	}
	if !made {
		http.Redirect(w, r, "/admin?"+queryOf("done", "Added "+name+".")+"#users", http.StatusSeeOther)
		return nil
	}
	return s.showPassword(w, r, name, password, "Added "+name+".")
}

// showPassword shows the admin page with a password Herald made, once.
func (s *server) showPassword(w http.ResponseWriter, r *http.Request, name, password, notice string) error {
	p, err := s.adminPage(r)
	if err != nil {
		return err
	}
	p.Notice, p.Password = notice, &newToken{Name: name, Secret: password}
	return s.render(w, r, http.StatusOK, p)
}

// adminProblem shows the admin page again with what went wrong.
func (s *server) adminProblem(w http.ResponseWriter, r *http.Request, err error, typed string) error {
	if c := herald.ErrorCode(err); c != herald.EINVALID && c != herald.ECONFLICT {
		return err
	}
	p, perr := s.adminPage(r)
	if perr != nil {
		return perr
	}
	p.Problem, p.NewUser = sentence(herald.ErrorMessage(err)), typed
	return s.render(w, r, http.StatusBadRequest, p)
}

// userActions are the buttons of a user's row.
var userActions = map[string]func(s *server, r *http.Request, u herald.User) (string, error){
	"disable": func(s *server, r *http.Request, u herald.User) (string, error) {
		return u.Name + " is disabled and signed out everywhere.", s.Store.SetUserDisabled(r.Context(), u.ID, true)
	},
	"enable": func(s *server, r *http.Request, u herald.User) (string, error) {
		return u.Name + " can sign in again.", s.Store.SetUserDisabled(r.Context(), u.ID, false)
	},
	"admin": func(s *server, r *http.Request, u herald.User) (string, error) {
		return u.Name + " is an administrator now.", s.Store.SetUserAdmin(r.Context(), u.ID, true)
	},
	"unadmin": func(s *server, r *http.Request, u herald.User) (string, error) {
		return u.Name + " is no longer an administrator.", s.Store.SetUserAdmin(r.Context(), u.ID, false)
	},
}

// onUser is POST /admin/users/{id}/{action}: disable, enable, admin,
// unadmin, or password (a new one Herald makes and shows once). An
// administrator cannot disable or demote themselves.
func (s *server) onUser(w http.ResponseWriter, r *http.Request) error {
	me, err := s.adminUser(r, "manage users")
	if err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	target, err := s.Store.User(r.Context(), id)
	if err != nil {
		return fmt.Errorf("user %d: %w", id, err)
	}
	action := r.PathValue("action")
	if action == "password" {
		pw, err := newPassword()
		if err != nil {
			return err
		}
		if err := s.Auth.SetPassword(r.Context(), id, pw); err != nil {
			return fmt.Errorf("reset password of %s: %w", target.Name, err)
		}
		if _, err := s.Store.DeleteOtherSessions(r.Context(), id, ""); err != nil {
			return err
		}
		return s.showPassword(w, r, target.Name, pw, "New password for "+target.Name+"; they were signed out everywhere.")
	}
	act, ok := userActions[action]
	if !ok {
		return herald.Errorf(herald.ENOTFOUND, "there is no page at %s", r.URL.Path)
	}
	if id == me.ID && (action == "disable" || action == "unadmin") {
		return s.adminProblem(w, r, herald.Errorf(herald.EINVALID, "You cannot %s yourself: ask another administrator", map[string]string{"disable": "disable", "unadmin": "demote"}[action]), "")
	}
	notice, err := act(s, r, *target)
	if err != nil {
		return fmt.Errorf("%s user %d: %w", action, id, err)
	}
	http.Redirect(w, r, "/admin?"+queryOf("done", notice)+"#users", http.StatusSeeOther)
	return nil
}

// adminTopicsPage is GET /admin/topics: the topic catalogue by kind, paged.
type adminTopicsPage struct {
	layout
	Kind   string
	Query  string
	Kinds  []string
	Topics []topicRow
	Prev   string
	Next   string
}

func (*adminTopicsPage) templateName() string { return "admin-topics.html" }

// adminTopicsSize is how many topics a catalogue page lists.
const adminTopicsSize = 50

func (s *server) adminTopics(w http.ResponseWriter, r *http.Request) error {
	u, err := s.adminUser(r, "manage topics")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	p := &adminTopicsPage{layout: layout{Title: "Topic catalogue", User: u, Nav: "admin"}, Kind: q.Get("kind"),
		Query: strings.TrimSpace(q.Get("q")), Kinds: topicKinds}
	ts, err := s.Store.Topics(r.Context(), herald.TopicFilter{Query: p.Query, Kind: p.Kind, Limit: adminTopicsSize + 1,
		Offset: (page - 1) * adminTopicsSize})
	if err != nil {
		return fmt.Errorf("topic catalogue: %w", err)
	}
	rd, err := s.reader(r.Context(), u.ID)
	if err != nil {
		return err
	}
	for i, t := range ts {
		if i == adminTopicsSize {
			break
		}
		p.Topics = append(p.Topics, s.topicRow(*t, rd, r.URL.RequestURI()))
	}
	pageURL := func(n int) string {
		v := url.Values{"page": {strconv.Itoa(n)}}
		if p.Kind != "" {
			v.Set("kind", p.Kind)
		}
		if p.Query != "" {
			v.Set("q", p.Query)
		}
		return "/admin/topics?" + v.Encode()
	}
	if len(ts) > adminTopicsSize {
		p.Next = pageURL(page + 1)
	}
	if page > 1 {
		p.Prev = pageURL(page - 1)
	}
	p.Title = cmp.Or(p.Kind, "Topic") + " catalogue"
	return s.render(w, r, http.StatusOK, p)
}
