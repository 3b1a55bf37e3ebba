package web

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/heraldnews/herald"
)

// signInAdmin creates the administrator "root" and signs the client in as root.
func (e *env) signInAdmin() {
	e.t.Helper()
	if _, err := e.auth.CreateUser(context.Background(), "root", "admin password", true); err != nil {
		e.t.Fatal(err)
	}
	resp := e.post("/login", url.Values{"name": {"root"}, "password": {"admin password"}})
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("sign in as root: status %d, want 303", resp.StatusCode)
	}
}

func TestTopicAdminFormsOnlyForAdmins(t *testing.T) {
	e := newEnv(t)
	e.seedStory(herald.Story{Title: "Harbour news"}, topic("westhaven", "Westhaven", herald.KindPerson, 0.8))
	e.signIn()
	page := e.get("/topics/westhaven")
	wantStatus(t, page, http.StatusOK)
	wantLacks(t, page, "Manage this topic", "/topics/westhaven/merge")
	for _, path := range []string{"/topics/westhaven/rename", "/topics/westhaven/merge"} {
		resp := e.post(path, url.Values{"name": {"Mischief"}, "kind": {"place"}, "into": {"westhaven"}})
		wantStatus(t, resp, http.StatusForbidden)
	}
	got, err := e.store.TopicBySlug(context.Background(), "westhaven")
	if err != nil || got.Name != "Westhaven" || got.Kind != herald.KindPerson {
		t.Errorf("after a reader's attempts: %+v, %v; want the topic unchanged", got, err)
	}
}

func TestTopicAdminRenameAndMerge(t *testing.T) {
	e := newEnv(t)
	e.seedStory(herald.Story{Title: "Harbour reopens"}, topic("westhaven", "Westhaven", herald.KindPerson, 0.8))
	e.seedStory(herald.Story{Title: "Bay regatta"}, topic("westhaven-bay", "Westhaven Bay", herald.KindPlace, 0.7))
	e.signInAdmin()

	page := e.get("/topics/westhaven")
	wantContains(t, page, "Manage this topic", `action="/topics/westhaven/rename"`, `<option value="person" selected>`,
		`<option value="westhaven-bay">Westhaven Bay (1)</option>`)
	wantLacks(t, page, `<option value="westhaven">`) // not offered as a merge target for itself

	resp := e.post("/topics/westhaven/rename", url.Values{"name": {"Westhaven"}, "kind": {"place"}})
	wantStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/topics/westhaven" {
		t.Errorf("rename redirects to %q, want /topics/westhaven", loc)
	}
	wantContains(t, e.get("/topics/westhaven"), `<option value="place" selected>`)

	resp = e.post("/topics/westhaven/rename", url.Values{"name": {"  "}, "kind": {"place"}})
	wantStatus(t, resp, http.StatusBadRequest)

	resp = e.post("/topics/westhaven-bay/merge", url.Values{"into": {"http://example.org/topics/westhaven"}})
	wantStatus(t, resp, http.StatusOK)
	wantText(t, resp, "Merge “Westhaven Bay” into “Westhaven”?", "This cannot be undone")
	if _, err := e.store.TopicBySlug(context.Background(), "westhaven-bay"); err != nil {
		t.Fatalf("the merge happened before it was confirmed: %v", err)
	}
	resp = e.post("/topics/westhaven-bay/merge", url.Values{"into": {"westhaven"}, "confirm": {"yes"}})
	wantStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/topics/westhaven" {
		t.Errorf("merge redirects to %q, want /topics/westhaven", loc)
	}
	old := e.get("/topics/westhaven-bay")
	wantStatus(t, old, http.StatusMovedPermanently)
	if loc := old.Header.Get("Location"); loc != "/topics/westhaven" {
		t.Errorf("merged topic's page redirects to %q, want /topics/westhaven", loc)
	}
	page = e.get("/topics/westhaven")
	wantContains(t, page, "Harbour reopens", "Bay regatta")

	resp = e.post("/topics/westhaven/merge", url.Values{"into": {"atlantis"}})
	wantStatus(t, resp, http.StatusNotFound)
}
