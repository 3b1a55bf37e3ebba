package main

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// step runs one journey of the suite as a subtest on the shared browser.
func (b *browser) step(name string, f func()) {
	parent := b.t
	parent.Run(name, func(t *testing.T) {
		b.t = t
		defer func() { b.t = parent }()
		f()
	})
}

// clickAndLoad clicks sel and waits for the next document to load.
func (b *browser) clickAndLoad(sel string) {
	b.t.Helper()
	var marked bool
	b.eval(`window.heraldOldPage = true`, &marked)
	b.run(chromedp.Click(chromedp.CSS(sel)))
	b.waitFor(`!window.heraldOldPage && document.readyState === "complete"`)
}

// waitFor polls a script until it is true, for up to ten seconds.
func (b *browser) waitFor(cond string) {
	b.t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](cond)); err == nil && ok {
			return
		}
	}
	b.t.Fatalf("timed out waiting for %s", cond)
}

func (b *browser) path() string {
	b.t.Helper()
	var p string
	b.eval(`location.pathname + location.search`, &p)
	return p
}

func TestBrowserJourneys(t *testing.T) {
	if testing.Short() {
		t.Skip("browser suite skipped in -short mode")
	}
	b := newBrowser(t)
	b.step("sign in", func() {
		b.open("/settings")
		if !strings.HasPrefix(b.path(), "/login") {
			b.t.Fatalf("signed-out /settings went to %s, want the sign-in page", b.path())
		}
		b.checkAxe("login")
		b.run(chromedp.SendKeys(chromedp.CSS("#name"), "demo"), chromedp.SendKeys(chromedp.CSS("#password"), "demo"))
		b.clickAndLoad(`form[action="/login"] button`)
		if p := b.path(); p != "/settings" {
			b.t.Fatalf("after sign-in: %s, want /settings", p)
		}
		b.wantText("h1", "Settings")
	})
	b.step("follow a topic from far down the list, then the feed explains", func() {
		b.open("/topics")
		n := b.count(`form[action$="/follow"] button`)
		if n < 10 {
			b.t.Fatalf("%d follow buttons on /topics", n)
		}
		sel := fmt.Sprintf(`li:nth-of-type(%d) form[action$="/follow"] button`, min(n, 12))
		b.clickAndLoad(sel)
		var hash string
		b.eval(`location.hash`, &hash)
		if !strings.HasPrefix(hash, "#topic-") {
			b.t.Errorf("after following, the page is at %q, want the topic's anchor", hash)
		}
		b.open("/?view=foryou")
		if b.count(".card") == 0 {
			b.t.Fatal("For you is empty after following a topic")
		}
		b.wantText(".card .reason", "Because you follow")
	})
	b.step("open a story: it is read", func() {
		b.open("/?view=latest")
		var href string
		b.eval(`document.querySelector(".card .card-link").getAttribute("href")`, &href)
		b.clickAndLoad(".card .card-link")
		if b.path() != href {
			b.t.Fatalf("opened %s, want %s", b.path(), href)
		}
		if b.count("figure.lead img[width][height]") != 1 {
			b.t.Error("the story page has no lead image with its size")
		}
		b.open("/?view=latest")
		if b.count(".card:first-of-type.is-read") != 1 {
			b.t.Error("the story just opened is not shown as read")
		}
	})
	b.step("cards on screen for a second are sent as impressions when the page is left", func() {
		before := b.impressions()
		b.open("/?view=latest")
		time.Sleep(1500 * time.Millisecond)
		b.open("/saved") // leaving the page sends the batch
		deadline := time.Now().Add(10 * time.Second)
		for b.impressions() == before {
			if time.Now().After(deadline) {
				b.t.Fatalf("no impression recorded after cards were on screen (%d before)", before)
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	b.step("save in place with the script, then on the Saved page", func() {
		b.open("/?view=latest")
		b.run(chromedp.Click(chromedp.CSS(`.card:nth-of-type(2) form.toggle[data-toggle="save"] button`)))
		b.waitFor(`(f => f.querySelector("button").classList.contains("is-on") && !f.dataset.busy)(document.querySelector('.card:nth-of-type(2) form.toggle[data-toggle="save"]'))`)
		b.open("/saved")
		if n := b.count(".card"); n != 1 {
			b.t.Fatalf("%d stories saved, want 1", n)
		}
	})
	b.step("save without JavaScript", func() {
		b.scripts(false)
		defer b.scripts(true)
		b.open("/?view=latest")
		b.clickAndLoad(`.card:nth-of-type(3) form.toggle[data-toggle="save"] button`)
		if b.count(`.card:nth-of-type(3) form.toggle[data-toggle="save"] button.is-on`) != 1 {
			b.t.Error("the saved story's button does not say so after the page came back")
		}
		b.open("/saved")
		if n := b.count(".card"); n != 2 {
			b.t.Fatalf("%d stories saved, want 2", n)
		}
		b.open("/?view=latest")
		b.clickAndLoad(`form.mark-all button`)
		b.wantText(".undo", "as read")
		b.clickAndLoad(`.undo button`)
		if b.count(".card.is-read") > 1 {
			b.t.Error("undo left stories read")
		}
	})
	b.step("search, marked results, follow the search", func() {
		b.open("/search?q=storm")
		if b.count(".card") == 0 || b.count(".card mark") == 0 {
			b.t.Fatal("no highlighted results for storm")
		}
		b.clickAndLoad(`form[action="/searches"] button`)
		b.wantText(".list-tools", "Unfollow this search")
		b.open("/following")
		b.wantText("#searches-title + ul", "storm")
		b.open(`/search?q=%22storm+isolde%22+-sport`)
		if b.count(".card") == 0 {
			b.t.Error("no results for a phrase with an exclusion")
		}
	})
	b.step("a story told by several outlets: once in the list, Full coverage, follow it", func() {
		b.open("/?view=latest")
		if b.count(".card .coverage") < 3 {
			b.t.Fatalf("%d cards stand for a story cluster on the latest page, want at least 3", b.count(".card .coverage"))
		}
		b.wantText(".card .coverage", "outlets")
		b.clickAndLoad(".card .coverage a")
		if !strings.HasPrefix(b.path(), "/clusters/") {
			b.t.Fatalf("Full coverage went to %s", b.path())
		}
		if b.count(".coverage-head h1") != 1 {
			b.t.Error("the Full coverage page has no headline")
		}
		if b.count(".cards .card") < 3 || b.count(".timeline li") < 3 || b.count(".outlets li") < 3 {
			b.t.Error("the Full coverage page lists fewer than three stories, timeline entries or outlets")
		}
		b.clickAndLoad(`.coverage-head form[action$="/follow"] button`)
		b.wantText(".coverage-head", "you follow this story")
		b.open("/following")
		b.wantText("#stories-title + ul", "outlets")
		b.clickAndLoad(`#stories-title + ul form[action$="/unfollow"] button`)
		b.wantText("#stories-title ~ p", "You follow no stories")
	})
	b.step("settings: theme, token", func() {
		b.open("/settings")
		b.run(chromedp.Click(chromedp.CSS(`input[name="theme"][value="dark"]`)))
		b.clickAndLoad(`form[action="/settings/reading"] button`)
		var theme string
		b.eval(`document.documentElement.dataset.theme`, &theme)
		if theme != "dark" {
			b.t.Errorf("theme %q after choosing dark", theme)
		}
		b.run(chromedp.Click(chromedp.CSS(`input[name="theme"][value="system"]`)))
		b.clickAndLoad(`form[action="/settings/reading"] button`)
		b.run(chromedp.SendKeys(chromedp.CSS("#token-name"), "browser suite"))
		b.clickAndLoad(`form[action="/settings/tokens"] button`)
		var secret string
		b.eval(`document.querySelector("#new-token").value`, &secret)
		if !strings.HasPrefix(secret, "hrd_") {
			b.t.Errorf("new token %q", secret)
		}
	})
	b.step("admin: add and disable a user, topic merge asks first", func() {
		b.open("/admin")
		b.run(chromedp.SendKeys(chromedp.CSS("#new-name"), "casey"))
		b.clickAndLoad(`form[action="/admin/users"] button`)
		b.wantText(".notice", "casey")
		b.run(chromedp.Click(chromedp.CSS(`#users li:has(.row-name) details summary`)))
		b.run(chromedp.Click(chromedp.CSS(`#users details[open] form[action$="/disable"] button`)))
		b.waitFor(`document.readyState === "complete" && document.body.innerText.includes("disabled")`)
		b.open("/admin/topics?kind=place")
		if b.count("table.results tbody tr") == 0 {
			b.t.Fatal("no places in the topic catalogue")
		}
		var href, into string
		b.eval(`document.querySelector("table.results tbody tr a").getAttribute("href")`, &href)
		b.eval(`document.querySelectorAll("table.results tbody tr a")[1].getAttribute("href").split("/").pop().split("#")[0]`, &into)
		b.open(href)
		b.run(chromedp.Click(chromedp.CSS("#manage summary")), chromedp.SendKeys(chromedp.CSS("#topic-into"), into))
		b.clickAndLoad(`form[action$="/merge"] button`)
		b.wantText("h1", "Merge")
		b.wantText("main", "This cannot be undone")
	})
	b.step("keyboard", func() {
		b.open("/?view=latest")
		b.run(chromedp.KeyEvent("j"), chromedp.KeyEvent("j"))
		if b.count(".card:nth-of-type(2).is-current") != 1 {
			b.t.Fatal("j j does not make the second card current")
		}
		var focused string
		b.eval(`document.activeElement.className`, &focused)
		if focused != "card-link" {
			b.t.Errorf("focus is on %q, want the card's link", focused)
		}
		saved := b.count(`.card:nth-of-type(2) button.is-on[data-key="save"]`)
		b.run(chromedp.KeyEvent("s"))
		b.waitFor(fmt.Sprintf(`document.querySelectorAll('.card:nth-of-type(2) button.is-on[data-key="save"]').length === %d && !document.querySelector(".card:nth-of-type(2) [data-busy]")`, 1-saved))
		read := b.count(".card:nth-of-type(2).is-read")
		b.run(chromedp.KeyEvent("m"))
		b.waitFor(fmt.Sprintf(`document.querySelectorAll(".card:nth-of-type(2).is-read").length === %d && !document.querySelector(".card:nth-of-type(2) [data-busy]")`, 1-read))
		b.run(chromedp.KeyEvent("?"))
		b.waitFor(`document.querySelector("#shortcut-help").open`)
		b.run(chromedp.KeyEvent(kb.Escape))
		b.run(chromedp.KeyEvent("/"))
		b.waitFor(`document.activeElement && document.activeElement.id === "site-q"`)
		b.run(chromedp.KeyEvent(kb.Escape))
		b.run(chromedp.KeyEvent("k"))
		if b.count(".card:nth-of-type(1).is-current") != 1 {
			b.t.Error("k does not go back to the first card")
		}
		b.run(chromedp.KeyEvent("o"))
		b.waitFor(`location.pathname.startsWith("/stories/")`)
	})
	b.step("every page: light and dark, 1280 and 390 px, axe, layout shift, 320 px", func() { b.everyPage() })
}

// impressions counts the impression events the demo has recorded, read
// from its SQLite file beside the running demo.
func (b *browser) impressions() int {
	b.t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(b.data, "herald.db")+"?mode=ro")
	if err != nil {
		b.t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM events WHERE kind = 'impression'`).Scan(&n); err != nil {
		b.t.Fatalf("count impressions: %v", err)
	}
	return n
}
