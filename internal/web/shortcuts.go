package web

import "net/http"

// shortcutsPage is GET /shortcuts: the keyboard shortcuts, which the "?"
// key also shows over any page.
type shortcutsPage struct {
	layout
	Keys []shortcut
}

func (*shortcutsPage) templateName() string { return "shortcuts.html" }

// shortcut is one key and what it does.
type shortcut struct{ Key, Does string }

// shortcuts are the keys the page script handles (static/app.js).
var shortcuts = []shortcut{
	{"j", "next story"}, {"k", "previous story"}, {"o", "open the story"}, {"s", "save or unsave it"},
	{"m", "mark it read or unread"}, {"f", "follow its main topic"}, {"/", "search"}, {"?", "show these shortcuts"},
}

func (s *server) shortcuts(w http.ResponseWriter, r *http.Request) error {
	u, err := s.user(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, &shortcutsPage{layout: layout{Title: "Keyboard shortcuts", User: u}, Keys: shortcuts})
}
