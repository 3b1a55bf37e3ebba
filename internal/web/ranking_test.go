package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/rank"
)

func withRanking() envOption {
	return func(d *Deps) {
		p := rank.NewPersonal(d.Store)
		d.Feed, d.Ranking = p, p
	}
}

// TestRankedWebPages: the For you view links each story to its why page,
// which lists the features that counted; the ranking settings save a
// preset and show what mutes hid; "fewer like this" teaches the model.
func TestRankedWebPages(t *testing.T) {
	e := newEnv(t, withRanking())
	nk := herald.StoryTopic{Topic: herald.Topic{Slug: "north-korea", Name: "North Korea", Kind: "place"}, Salience: 0.9}
	id := e.seedStory(herald.Story{Title: "Missile test", ContentHTML: "<p>A missile test over the sea.</p>",
		Authors: []string{"Kim Writer"}, PublishedAt: time.Now().Add(-time.Hour)}, nk)
	e.signIn()
	if r := e.post("/topics/north-korea/follow", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("follow: %d", r.StatusCode)
	}
	feed := e.get("/?view=foryou")
	if !strings.Contains(feed.Body, fmt.Sprintf(`href="/why/%d"`, id)) || !strings.Contains(feed.Body, `Because you follow <a href="/topics/north-korea"`) {
		t.Fatalf("For you view has no why link or reason:\n%s", feed.Body)
	}
	why := e.get(fmt.Sprintf("/why/%d", id))
	for _, want := range []string{"Because you follow North Korea", "<th scope=\"row\">follow</th>", "Snooze Example News for a week"} {
		if why.StatusCode != 200 || !strings.Contains(why.Body, want) {
			t.Errorf("why page: %d, want %q in it", why.StatusCode, want)
		}
	}
	if r := e.post("/settings/ranking", url.Values{"preset": {"discover"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save ranking: %d %s", r.StatusCode, r.Body)
	}
	if r := e.post("/mutes/author/Kim%20Writer", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("mute author: %d", r.StatusCode)
	}
	page := e.get("/settings/ranking")
	for _, want := range []string{`value="discover" checked`, "Your mutes hid 1 story this week", "author Kim Writer"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("ranking settings lack %q", want)
		}
	}
	if strings.Contains(e.get("/?view=foryou").Body, "Missile test") {
		t.Errorf("a muted author's story is in the For you view")
	}
	if r := e.post(fmt.Sprintf("/stories/%d/less", id), url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("fewer like this: %d", r.StatusCode)
	}
	m, err := e.store.ReaderModel(t.Context(), e.user.ID)
	if err != nil || m.Profile == nil {
		t.Errorf("after fewer like this, profile %s, %v: want one learned", m.Profile, err)
	}
}

func TestHeadlinesForSignedOutVisitors(t *testing.T) {
	closed := newEnv(t, withRanking())
	if r := closed.get("/headlines"); r.StatusCode == http.StatusOK {
		t.Errorf("headlines without --public-headlines answer a signed-out visitor %d", r.StatusCode)
	}
	open := newEnv(t, withRanking(), func(d *Deps) { d.PublicHeadlines = true })
	if r := open.get("/headlines"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "<h1>Headlines</h1>") {
		t.Errorf("public headlines: %d", r.StatusCode)
	}
	if r := open.get("/"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/headlines" {
		t.Errorf("signed-out front page with public headlines: %d to %q, want the headlines", r.StatusCode, r.Header.Get("Location"))
	}
}

// A signed-in reader's navigation links to the headlines, marked on their page.
func TestHeadlinesInNavigation(t *testing.T) {
	e := newEnv(t, withRanking())
	e.signIn()
	wantContains(t, e.get("/saved"), `<a href="/headlines">Headlines</a>`)
	wantContains(t, e.get("/headlines"), `<a href="/headlines" aria-current="page">Headlines</a>`)
}
