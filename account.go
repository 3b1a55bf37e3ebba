package herald

import (
	"context"
	"time"
)

// Themes a reader can pick (Preferences.Theme).
const (
	ThemeSystem = "system"
	ThemeLight  = "light"
	ThemeDark   = "dark"
)

// Views of the reader's front page (Preferences.DefaultView).
const (
	ViewForYou    = "foryou"    // the ranked feed
	ViewFollowing = "following" // what the reader follows, newest first
	ViewLatest    = "latest"    // every story, newest first
)

// Page size bounds (Preferences.PageSize).
const (
	MinPageSize     = 10
	MaxPageSize     = 100
	DefaultPageSize = 30
)

// Preferences are one reader's settings. The zero value is not valid: use
// DefaultPreferences.
type Preferences struct {
	DisplayName string `json:"display_name"`
	Theme       string `json:"theme"`
	PageSize    int    `json:"page_size"`
	DefaultView string `json:"default_view"`
}

// DefaultPreferences are the settings of a reader who changed none.
func DefaultPreferences() Preferences {
	return Preferences{Theme: ThemeSystem, PageSize: DefaultPageSize, DefaultView: ViewForYou}
}

// Validate returns EINVALID naming the first field out of bounds.
func (p Preferences) Validate() error {
	switch {
	case len([]rune(p.DisplayName)) > 100:
		return Errorf(EINVALID, "display_name: at most 100 characters")
	case p.Theme != ThemeSystem && p.Theme != ThemeLight && p.Theme != ThemeDark:
		return Errorf(EINVALID, "theme: choose system, light or dark")
	case p.PageSize < MinPageSize || p.PageSize > MaxPageSize:
		return Errorf(EINVALID, "page_size: choose from %d to %d stories a page", MinPageSize, MaxPageSize)
	case p.DefaultView != ViewForYou && p.DefaultView != ViewFollowing && p.DefaultView != ViewLatest:
		return Errorf(EINVALID, "default_view: choose foryou, following or latest")
	}
	return nil
}

// SavedSearch is a search a reader follows: it lists beside their topics and
// opens as the search's results.
type SavedSearch struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"-"`
	Name      string    `json:"name"`
	Query     string    `json:"query"`
	Section   string    `json:"section,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// HistoryEntry is one story a reader read, for their data export.
type HistoryEntry struct {
	StoryID int64     `json:"story_id"`
	Title   string    `json:"title"`
	URL     string    `json:"url"`
	ReadAt  time.Time `json:"read_at"`
}

// AccountStore keeps what the settings and administration pages need beyond
// UserStore: the list of users, their sessions, preferences, saved searches
// and reading history. Every per-reader method is scoped to one user.
type AccountStore interface {
	// Users lists every user by name.
	Users(ctx context.Context) ([]User, error)
	// SetUserAdmin makes a user an administrator or not; ENOTFOUND if none.
	SetUserAdmin(ctx context.Context, userID int64, admin bool) error
	// SetUserDisabled disables a user (their sessions end, their tokens and
	// password stop working) or enables them again; ENOTFOUND if none.
	SetUserDisabled(ctx context.Context, userID int64, disabled bool) error
	// DeleteUser removes a user and everything that is theirs: sessions,
	// tokens, follows, mutes, reading state, preferences, saved searches.
	// ENOTFOUND if none.
	DeleteUser(ctx context.Context, userID int64) error

	// Sessions lists a user's unexpired sessions at now, newest first.
	Sessions(ctx context.Context, userID int64, now time.Time) ([]Session, error)
	// DeleteUserSession ends one of the user's sessions; ENOTFOUND if the
	// user has no session with that id hash.
	DeleteUserSession(ctx context.Context, userID int64, idHash string) error
	// DeleteOtherSessions ends every session of the user but keep (an id
	// hash, "" for none) and returns how many it ended.
	DeleteOtherSessions(ctx context.Context, userID int64, keep string) (int, error)

	// Preferences returns a user's settings, DefaultPreferences when they
	// changed none.
	Preferences(ctx context.Context, userID int64) (Preferences, error)
	// SetPreferences stores a user's settings; EINVALID when they do not
	// validate, ENOTFOUND for an unknown user.
	SetPreferences(ctx context.Context, userID int64, p Preferences) error

	// SavedSearches lists a user's saved searches by name.
	SavedSearches(ctx context.Context, userID int64) ([]SavedSearch, error)
	// SaveSearch stores s for s.UserID and sets its ID and CreatedAt;
	// EINVALID for an empty query, ECONFLICT when the user saved that query
	// (and section) already.
	SaveSearch(ctx context.Context, s *SavedSearch) error
	// DeleteSavedSearch removes one of the user's saved searches; ENOTFOUND
	// if the user has none with that id.
	DeleteSavedSearch(ctx context.Context, userID, id int64) error

	// ReadHistory lists the stories a user read, most recent first, at most
	// limit of them.
	ReadHistory(ctx context.Context, userID int64, limit int) ([]HistoryEntry, error)
}
