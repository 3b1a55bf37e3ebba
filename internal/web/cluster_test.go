package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/cluster"
)

// derailment is one event told by three outlets in their own words, and
// rail news that shares its topics but is another story.
var derailment = []struct{ source, title, text string }{
	{"Harbour Gazette", "Freight train derails at Kestrel Junction",
		"Eleven wagons of a freight train left the rails at Kestrel Junction before dawn, closing the main line to Norrbridge. A tank wagon of diesel overturned on the embankment and the two drivers were unhurt."},
	{"Saltmarsh Courier", "Diesel seeps into the Kestrel Brook after the derailment",
		"A tank wagon spilled diesel into the Kestrel Brook when eleven freight wagons derailed at Kestrel Junction. Engineers laid booms across the brook while the main line to Norrbridge stayed closed after the derailment."},
	{"Calderia Today", "Kestrel Junction line to reopen after the derailment",
		"Investigators blamed a cracked rail for the Kestrel Junction derailment, in which eleven freight wagons left the rails and a diesel tank wagon overturned. The main line to Norrbridge reopens on Friday."},
}

// clusterEnv stores the derailment (an hour apart, the latest 20 minutes
// ago), a rail
// story sharing its topics and an unrelated one, and clusters them with the
// engine and worker that serve uses.
func clusterEnv(t *testing.T) (e *env, ids []int64, related, lone int64) {
	e = newEnv(t)
	start := time.Now().Add(-2*time.Hour - 20*time.Minute) // the latest story is 20 minutes old
	rail := []herald.StoryTopic{topic("kestrel-junction", "Kestrel Junction", herald.KindPlace, 0.9),
		topic("calderian-rail", "Calderian Rail", herald.KindOrganisation, 0.6)}
	for i, d := range derailment {
		ids = append(ids, e.seedFrom(d.source, herald.Story{Title: d.title, Summary: d.text, ContentHTML: "<p>" + d.text + "</p>",
			PublishedAt: start.Add(time.Duration(i) * time.Hour)}, rail...))
	}
	related = e.seedFrom("Harbour Gazette", herald.Story{Title: "Calderian Rail orders new signals",
		Summary: "The company bought a modern signalling system, to be fitted next summer.", PublishedAt: start.Add(-6 * 24 * time.Hour)}, rail...)
	lone = e.seedFrom("Harbour Gazette", herald.Story{Title: "Rovers win the derby", Summary: "A late goal settled the match.",
		PublishedAt: start.Add(-time.Hour)}, topic("rovers", "Westhaven Rovers", herald.KindOrganisation, 0.9))
	w := cluster.Worker{Store: e.store.(cluster.Store), Config: cluster.DefaultConfig()}
	if _, err := w.Step(context.Background()); err != nil {
		t.Fatalf("cluster the stories: %v", err)
	}
	return e, ids, related, lone
}

// seedFrom stores a story from the source titled source, created on first use.
func (e *env) seedFrom(source string, s herald.Story, topics ...herald.StoryTopic) int64 {
	e.t.Helper()
	ctx := context.Background()
	feed := "https://" + strings.ReplaceAll(strings.ToLower(source), " ", "-") + ".example/feed"
	src, err := e.store.SourceByURL(ctx, feed)
	if herald.IsNotFound(err) {
		src = &herald.Source{URL: feed, Title: source, FullText: herald.FullTextAuto}
		err = e.store.CreateSource(ctx, src)
	}
	if err != nil {
		e.t.Fatal(err)
	}
	s.SourceID, s.URL, s.Topics = src.ID, strings.TrimSuffix(feed, "feed")+url.PathEscape(s.Title), topics
	res, err := e.store.UpsertStory(ctx, &s)
	if err != nil {
		e.t.Fatal(err)
	}
	return res.ID
}

// clusterOf returns the cluster the story is in.
func (e *env) clusterOf(story int64) string {
	e.t.Helper()
	refs, err := e.store.ClusterRefs(context.Background(), e.user.ID, []int64{story})
	if err != nil || refs[story] == nil {
		e.t.Fatalf("story %d is in no cluster (%v)", story, err)
	}
	return itoa(refs[story].ID)
}

func TestFullCoveragePage(t *testing.T) {
	e, ids, related, lone := clusterEnv(t)
	e.signIn()
	id := e.clusterOf(ids[0])
	if got := e.clusterOf(ids[2]); got != id {
		t.Fatalf("the derailment is in clusters %s and %s, want one", id, got)
	}
	page := e.get("/clusters/" + id)
	wantStatus(t, page, http.StatusOK)
	wantText(t, page, "Full coverage", "3 outlets", "Every story, oldest first", "Timeline", "first report", "also covered",
		"Outlets, earliest first", "Topics in this story", "Kestrel Junction", "Calderian Rail")
	for _, d := range derailment {
		wantText(t, page, d.title)
	}
	text := page.Body
	if a, b, c := strings.Index(text, ">Harbour Gazette</a><span"), strings.Index(text, ">Saltmarsh Courier</a><span"), strings.Index(text, ">Calderia Today</a><span"); a < 0 || a > b || b > c {
		t.Errorf("outlets are not listed earliest first (at %d, %d, %d)", a, b, c)
	}
	wantContains(t, page, `action="/clusters/`+id+`/follow"`, `action="/topics/kestrel-junction/follow"`,
		`title="this story (Atom)" href="/clusters/`+id+`/feed.atom?key=`)
	wantLacks(t, page, "orders new signals", "Rovers win the derby")

	wantStatus(t, e.get("/clusters/999999"), http.StatusNotFound)
	wantStatus(t, e.get("/clusters/x"), http.StatusNotFound)
	for _, story := range []int64{related, lone} {
		if refs, _ := e.store.ClusterRefs(context.Background(), e.user.ID, []int64{story}); refs[story] != nil {
			t.Errorf("story %d is in cluster %d, want none", story, refs[story].ID)
		}
	}
}

func TestFollowAStory(t *testing.T) {
	e, ids, _, _ := clusterEnv(t)
	e.signIn()
	id := e.clusterOf(ids[0])
	wantText(t, e.get("/following"), "You follow no stories.")
	if loc := location(t, e.post("/clusters/"+id+"/follow", url.Values{"next": {"/clusters/" + id}})); loc != "/clusters/"+id {
		t.Errorf("follow went to %q", loc)
	}
	page := e.get("/clusters/" + id)
	wantText(t, page, "you follow this story")
	wantContains(t, page, `action="/clusters/`+id+`/unfollow"`, `>Unfollow this story<`)
	following := e.get("/following")
	wantText(t, following, derailment[2].title, "3 outlets", "until it has been quiet for 2 days")
	wantContains(t, following, `href="/clusters/`+id+`"`, `action="/clusters/`+id+`/unfollow"`)
	wantStatus(t, e.post("/clusters/"+id+"/unfollow", url.Values{"next": {"/following"}}, "Origin", "https://evil.example"), http.StatusForbidden)
	location(t, e.post("/clusters/"+id+"/unfollow", url.Values{"next": {"/following"}}))
	wantText(t, e.get("/following"), "You follow no stories.")
	wantStatus(t, e.post("/clusters/999999/follow", nil), http.StatusNotFound)
}

func TestStoryPageCoverage(t *testing.T) {
	e, ids, related, lone := clusterEnv(t)
	e.signIn()
	id := e.clusterOf(ids[0])
	page := e.get("/stories/" + itoa(ids[1]))
	wantStatus(t, page, http.StatusOK)
	wantText(t, page, "More on this story", "3 outlets", "Full coverage", derailment[0].title, derailment[2].title,
		"Related stories", "Calderian Rail orders new signals")
	wantContains(t, page, `href="/clusters/`+id+`"`, `action="/clusters/`+id+`/follow"`, `>Follow this story<`)
	if strings.Count(page.Body, `id="story-`+itoa(ids[1])+`"`) != 1 {
		t.Error("the story lists itself under More on this story")
	}
	other := e.get("/stories/" + itoa(lone))
	wantLacks(t, other, "More on this story", "Full coverage")
	wantText(t, other, "Related stories", "No other stories share this one's main topics yet.")
	wantText(t, e.get("/stories/"+itoa(related)), "Related stories", derailment[0].title)
}

// TestListingsCollapseClusters: the latest stories, a topic, a source, search
// and the For-you feed show the derailment once, as its newest story, with
// its outlets, reason and a link to its Full coverage.
func TestListingsCollapseClusters(t *testing.T) {
	e, ids, related, lone := clusterEnv(t)
	e.signIn()
	id := e.clusterOf(ids[0])
	location(t, e.post("/topics/kestrel-junction/follow", nil))
	newest := `id="story-` + itoa(ids[2]) + `"`
	for _, path := range []string{"/?view=latest", "/topics/kestrel-junction", "/sources/" + e.sourceOf(ids[2]), "/search?q=derailment", "/?view=foryou", "/?view=following"} {
		page := e.get(path)
		wantStatus(t, page, http.StatusOK)
		wantText(t, page, derailment[2].title, "3 outlets · New development 20 min ago")
		wantContains(t, page, newest, `href="/clusters/`+id+`">Full coverage<`)
		for _, older := range ids[:2] {
			wantLacks(t, page, `id="story-`+itoa(older)+`"`)
		}
	}
	latest := e.get("/?view=latest")
	wantContains(t, latest, `id="story-`+itoa(related)+`"`, `id="story-`+itoa(lone)+`"`)
	if n := strings.Count(latest.Body, ">Full coverage<"); n != 1 {
		t.Errorf("the latest stories link %d clusters, want 1: stories alone in their cluster carry none", n)
	}
	// The stories of one outlet in a cluster are not collapsed away on the
	// cluster's own page, nor on the saved page.
	location(t, e.post("/stories/"+itoa(ids[0])+"/save", nil))
	wantContains(t, e.get("/saved"), `id="story-`+itoa(ids[0])+`"`)
}

// TestFollowedStoryInFeed: a followed story's developments enter the feed
// with the reason "Because you follow this story", linked to its coverage.
func TestFollowedStoryInFeed(t *testing.T) {
	e, ids, _, _ := clusterEnv(t)
	e.signIn()
	id := e.clusterOf(ids[0])
	wantText(t, e.get("/?view=foryou"), "Your feed is empty")
	location(t, e.post("/clusters/"+id+"/follow", nil))
	feed := e.get("/?view=foryou")
	wantText(t, feed, derailment[2].title, "Because you follow this story")
	wantContains(t, feed, `<a href="/clusters/`+id+`" tabindex="-1">this story</a>`)
}

// sourceOf returns the id of a story's source.
func (e *env) sourceOf(story int64) string {
	e.t.Helper()
	st, err := e.store.Story(context.Background(), story)
	if err != nil {
		e.t.Fatal(err)
	}
	return itoa(st.Source.ID)
}

// TestMarkingACollapsedCardRead: the card stands for its cluster, so marking
// it read marks the cluster's other stories read too (as feed reader apps
// do), "mark these as read" and its undo cover them, and opening one story
// reads that story only.
func TestMarkingACollapsedCardRead(t *testing.T) {
	e, ids, related, _ := clusterEnv(t)
	e.signIn()
	ctx := context.Background()
	read := func() map[int64]bool {
		states, err := e.store.StoryStates(ctx, e.user.ID, append(ids, related))
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]bool{}
		for id, st := range states {
			out[id] = st.Read
		}
		return out
	}
	e.get("/stories/" + itoa(ids[1]))
	if r := read(); !r[ids[1]] || r[ids[0]] || r[ids[2]] {
		t.Errorf("after opening story %d: read %v, want that story only", ids[1], r)
	}
	location(t, e.post("/stories/"+itoa(ids[1])+"/unread", nil))
	location(t, e.post("/stories/"+itoa(ids[2])+"/read", nil))
	if r := read(); !r[ids[0]] || !r[ids[1]] || !r[ids[2]] || r[related] {
		t.Errorf("after marking the cluster's card read: read %v, want the derailment's three stories only", r)
	}
	location(t, e.post("/stories/"+itoa(ids[2])+"/unread", nil))
	location(t, e.post("/stories/"+itoa(ids[0])+"/unread", nil))
	location(t, e.post("/stories/"+itoa(ids[1])+"/unread", nil))
	loc := location(t, e.post("/read-all", url.Values{"list": {"1"}, "ids": {itoa(ids[2]) + "," + itoa(related)}, "next": {"/?view=latest"}}))
	if r := read(); !r[ids[0]] || !r[ids[1]] || !r[ids[2]] || !r[related] {
		t.Errorf("after mark these as read: read %v, want all four", r)
	}
	u, _ := url.Parse(loc)
	location(t, e.post("/read-all/undo", url.Values{"undo": {u.Query().Get("undo")}, "next": {"/"}}))
	for id, isRead := range read() {
		if isRead {
			t.Errorf("story %d is still read after the undo", id)
		}
	}
}
