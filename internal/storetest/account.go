package storetest

import (
	"testing"
	"time"

	"github.com/heraldnews/herald"
)

var accountTests = []namedTest{
	{"Preferences", testPreferences},
	{"Sessions", testSessions},
	{"DisableAndDeleteUser", testDisableAndDeleteUser},
	{"SavedSearches", testSavedSearches},
	{"ReadHistory", testReadHistory},
}

func testPreferences(t *testing.T, s herald.Store) {
	ctx := t.Context()
	ada := newUser(t, s, "ada")
	got, err := s.Preferences(ctx, ada.ID)
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "defaults", herald.DefaultPreferences(), got)
	want := herald.Preferences{DisplayName: "Ada L.", Theme: herald.ThemeDark, PageSize: 50, DefaultView: herald.ViewLatest}
	if err := s.SetPreferences(ctx, ada.ID, want); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Preferences(ctx, ada.ID)
	diff(t, "stored", want, got)
	for name, bad := range map[string]herald.Preferences{
		"theme":     {Theme: "neon", PageSize: 30, DefaultView: herald.ViewForYou},
		"page size": {Theme: herald.ThemeLight, PageSize: 1000, DefaultView: herald.ViewForYou},
		"view":      {Theme: herald.ThemeLight, PageSize: 30, DefaultView: "random"},
	} {
		wantCode(t, s.SetPreferences(ctx, ada.ID, bad), herald.EINVALID)
		_ = name
	}
	wantCode(t, s.SetPreferences(ctx, 1<<40, herald.DefaultPreferences()), herald.ENOTFOUND)
}

func testSessions(t *testing.T, s herald.Store) {
	ctx := t.Context()
	ada, bob := newUser(t, s, "ada"), newUser(t, s, "bob")
	for i, h := range []string{"h1", "h2", "h3"} {
		sess := &herald.Session{IDHash: h, UserID: ada.ID, CreatedAt: t0.Add(time.Duration(i) * time.Hour),
			ExpiresAt: t0.Add(48 * time.Hour), UserAgent: "Browser " + h}
		if err := s.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateSession(ctx, &herald.Session{IDHash: "hb", UserID: bob.ID, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	list, err := s.Sessions(ctx, ada.ID, t0.Add(3*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var hashes, agents []string
	for _, x := range list {
		hashes, agents = append(hashes, x.IDHash), append(agents, x.UserAgent)
	}
	diff(t, "newest first", []string{"h3", "h2", "h1"}, hashes)
	diff(t, "user agents", []string{"Browser h3", "Browser h2", "Browser h1"}, agents)
	wantCode(t, s.DeleteUserSession(ctx, bob.ID, "h1"), herald.ENOTFOUND)
	wantCode(t, s.DeleteUserSession(ctx, ada.ID, "h1"), "")
	n, err := s.DeleteOtherSessions(ctx, ada.ID, "h3")
	if err != nil || n != 1 {
		t.Fatalf("DeleteOtherSessions = %d, %v; want 1", n, err)
	}
	list, _ = s.Sessions(ctx, ada.ID, t0)
	if len(list) != 1 || list[0].IDHash != "h3" {
		t.Errorf("sessions left = %+v, want only h3", list)
	}
	if list, _ := s.Sessions(ctx, bob.ID, t0.Add(2*time.Hour)); len(list) != 0 {
		t.Errorf("bob's expired session is listed: %+v", list)
	}
}

func testDisableAndDeleteUser(t *testing.T, s herald.Store) {
	ctx := t.Context()
	ada := newUser(t, s, "ada")
	newUser(t, s, "bob")
	if err := s.CreateSession(ctx, &herald.Session{IDHash: "h", UserID: ada.ID, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	tok := &herald.Token{UserID: ada.ID, Name: "x", Hash: "tokhash"}
	if err := s.CreateToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.SetUserAdmin(ctx, ada.ID, true), "")
	wantCode(t, s.SetUserDisabled(ctx, ada.ID, true), "")
	u, err := s.UserByName(ctx, "ada")
	if err != nil || !u.IsAdmin || !u.Disabled {
		t.Fatalf("ada = %+v, %v; want an admin, disabled", u, err)
	}
	_, err = s.SessionUser(ctx, "h", t0)
	wantCode(t, err, herald.ENOTFOUND)
	_, _, err = s.LookupToken(ctx, "tokhash")
	wantCode(t, err, herald.ENOTFOUND)
	wantCode(t, s.SetUserDisabled(ctx, ada.ID, false), "")
	if _, _, err := s.LookupToken(ctx, "tokhash"); err != nil {
		t.Errorf("token of an enabled user again: %v", err)
	}
	users, err := s.Users(ctx)
	if err != nil || len(users) != 2 || users[0].Name != "ada" || users[1].Name != "bob" {
		t.Fatalf("Users = %+v, %v; want ada, bob", users, err)
	}
	wantCode(t, s.DeleteUser(ctx, ada.ID), "")
	wantCode(t, s.DeleteUser(ctx, ada.ID), herald.ENOTFOUND)
	_, err = s.User(ctx, ada.ID)
	wantCode(t, err, herald.ENOTFOUND)
	wantCode(t, s.SetUserAdmin(ctx, ada.ID, true), herald.ENOTFOUND)
}

func testSavedSearches(t *testing.T, s herald.Store) {
	ctx := t.Context()
	ada, bob := newUser(t, s, "ada"), newUser(t, s, "bob")
	a := &herald.SavedSearch{UserID: ada.ID, Query: `"storm isolde" -sport`}
	b := &herald.SavedSearch{UserID: ada.ID, Name: "Anything on rates", Query: "rate*", Section: "Business"}
	for _, x := range []*herald.SavedSearch{a, b} {
		if err := s.SaveSearch(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, s.SaveSearch(ctx, &herald.SavedSearch{UserID: ada.ID, Query: "rate*", Section: "Business"}), herald.ECONFLICT)
	wantCode(t, s.SaveSearch(ctx, &herald.SavedSearch{UserID: ada.ID, Query: "  "}), herald.EINVALID)
	list, err := s.SavedSearches(ctx, ada.ID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, x := range list {
		names = append(names, x.Name)
	}
	diff(t, "by name, the query naming an unnamed one", []string{`"storm isolde" -sport`, "Anything on rates"}, names)
	wantCode(t, s.DeleteSavedSearch(ctx, bob.ID, a.ID), herald.ENOTFOUND)
	wantCode(t, s.DeleteSavedSearch(ctx, ada.ID, a.ID), "")
	if list, _ := s.SavedSearches(ctx, ada.ID); len(list) != 1 {
		t.Errorf("after delete: %+v", list)
	}
}

func testReadHistory(t *testing.T, s herald.Store) {
	ctx := t.Context()
	src := newSource(t, s, "https://a.example/feed", "A")
	a, b := newStory(src.ID, "a", t0), newStory(src.ID, "b", t0.Add(time.Minute))
	upsert(t, s, a)
	upsert(t, s, b)
	ada := newUser(t, s, "ada")
	if err := s.SetRead(ctx, ada.ID, []int64{b.ID}, true); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond)
	if err := s.SetRead(ctx, ada.ID, []int64{a.ID}, true); err != nil {
		t.Fatal(err)
	}
	h, err := s.ReadHistory(ctx, ada.ID, 10)
	if err != nil || len(h) != 2 {
		t.Fatalf("ReadHistory = %+v, %v", h, err)
	}
	diff(t, "most recent first", []int64{a.ID, b.ID}, []int64{h[0].StoryID, h[1].StoryID})
	if h[0].Title != a.Title || h[0].URL != a.URL || h[0].ReadAt.IsZero() {
		t.Errorf("entry = %+v", h[0])
	}
}
