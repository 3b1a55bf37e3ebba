package api_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/api"
	"github.com/heraldnews/herald/internal/rank"
)

// rankThemes are the words of the stories of the ranking tests: a reader
// reads the first two themes and skips the others.
var rankThemes = []string{
	"rocket launch orbit satellite astronauts space station mission",
	"recipe bake oven flour dough bread kitchen chef",
	"football league match goal striker stadium coach",
	"election ballot parliament vote minister coalition",
	"stock market shares investors bank interest rates",
}

type rankEnv struct {
	*routeEnv
	ranked  *rank.Personal
	byTheme map[int][]int64 // fresh story ids by theme
	history map[int][]int64
	norway  []int64 // fresh stories carrying the followed place
}

// newRankEnv seeds 10 days of history and a fresh day of stories over
// five themes from four sources, a third of them about Norway.
func newRankEnv(t *testing.T) *rankEnv {
	var ranked *rank.Personal
	e := &rankEnv{routeEnv: newRouteEnv(t, func(d *api.Deps) {
		ranked = rank.NewPersonal(d.Store)
		d.Feed, d.Ranking = ranked, ranked
	}), byTheme: map[int][]int64{}, history: map[int][]int64{}}
	e.ranked = ranked
	srcs := []*herald.Source{e.alpha, e.beta, addSource(t, e.store, "https://gamma.example/feed", "Gamma"),
		addSource(t, e.store, "https://delta.example/feed", "Delta")}
	now := time.Now().UTC()
	n := 0
	add := func(theme int, at time.Time, fresh bool) {
		n++
		s := &herald.Story{SourceID: srcs[n%4].ID, ExternalID: fmt.Sprintf("rank-%d", n), URL: fmt.Sprintf("https://x.example/%d", n),
			Title: fmt.Sprintf("%s %d", strings.Fields(rankThemes[theme])[0], n), ContentHTML: "<p>" + rankThemes[theme] + fmt.Sprintf(" item%d</p>", n),
			PublishedAt: at, Authors: []string{fmt.Sprintf("Writer %d", n%3)}}
		if n%3 == 0 {
			s.Topics = []herald.StoryTopic{{Topic: herald.Topic{Slug: "norway", Name: "Norway", Kind: "place"}, Salience: 0.8}}
		}
		res, err := e.store.UpsertStory(context.Background(), s)
		if err != nil {
			t.Fatalf("seed: %v", err)
		}
		if fresh {
			e.byTheme[theme] = append(e.byTheme[theme], res.ID)
			if n%3 == 0 {
				e.norway = append(e.norway, res.ID)
			}
		} else {
			e.history[theme] = append(e.history[theme], res.ID)
		}
	}
	for d := 10; d >= 2; d-- {
		for th := range rankThemes {
			add(th, now.Add(-time.Duration(d)*24*time.Hour+time.Duration(th)*time.Minute), false)
		}
	}
	for i := range 30 {
		add(i%5, now.Add(-time.Duration(i+1)*17*time.Minute), true)
	}
	if err := ranked.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r := e.do(t, http.MethodPut, "/api/v1/follows/topics/norway", e.tokA, nil); r.status != 200 {
		t.Fatalf("follow: %d %s", r.status, r.body)
	}
	return e
}

// read posts what a reader interested in themes 0 and 1 does: opens and
// reads those stories of the history, sees the others and leaves them.
func (e *rankEnv) read(t *testing.T) {
	var evs []herald.Event
	for th, ids := range e.history {
		for _, id := range ids {
			at := time.Now().Add(-3 * 24 * time.Hour)
			evs = append(evs, herald.Event{StoryID: id, Kind: herald.EventImpression, At: at})
			if th < 2 {
				evs = append(evs, herald.Event{StoryID: id, Kind: herald.EventOpen, At: at},
					herald.Event{StoryID: id, Kind: herald.EventRead, At: at, DwellMS: 60000})
			}
		}
	}
	if r := e.do(t, http.MethodPost, "/api/v1/events", e.tokA, evs); r.status != http.StatusAccepted {
		t.Fatalf("events: %d %s", r.status, r.body)
	}
}

type rankItem struct {
	Story   herald.Story          `json:"story"`
	Score   float64               `json:"score"`
	Reasons []herald.Reason       `json:"reasons"`
	Explain []herald.Contribution `json:"explain"`
}

type rankPage struct {
	Items      []rankItem `json:"items"`
	NextCursor string     `json:"next_cursor"`
}

func (e *rankEnv) feed(t *testing.T, query string) rankPage {
	t.Helper()
	var p rankPage
	e.do(t, http.MethodGet, "/api/v1/feed?"+query, e.tokA, nil).decodeInto(t, 200, &p)
	return p
}

func TestRankedFeedLearnsFromEvents(t *testing.T) {
	e := newRankEnv(t)
	before := e.feed(t, "limit=10")
	for _, it := range before.Items {
		if len(it.Reasons) == 0 || it.Reasons[0].Text != "Because you follow Norway" {
			t.Fatalf("cold start item %d: reasons %+v, want the follow", it.Story.ID, it.Reasons)
		}
	}
	e.read(t)
	p := e.feed(t, "limit=10&explain=1")
	liked := append(slices.Clone(e.byTheme[0]), e.byTheme[1]...)
	top := 0
	for _, it := range p.Items[:6] {
		if slices.Contains(liked, it.Story.ID) {
			top++
		}
	}
	if top < 5 {
		t.Errorf("after reading themes 0 and 1, %d of the first 6 items are about them, want at least 5", top)
	}
	for _, it := range p.Items {
		if len(it.Reasons) == 0 || len(it.Explain) == 0 {
			t.Errorf("item %d: reasons %v, explain %v: want both", it.Story.ID, it.Reasons, it.Explain)
		}
		for _, ids := range e.history {
			if slices.Contains(ids, it.Story.ID) && slices.Contains(liked, it.Story.ID) {
				t.Errorf("item %d was read, and is in the feed", it.Story.ID)
			}
		}
	}
	// Discovery: liked stories outside the followed place make the feed.
	discovered := slices.ContainsFunc(p.Items, func(it rankItem) bool {
		return !slices.Contains(e.norway, it.Story.ID) && slices.Contains(liked, it.Story.ID)
	})
	if !discovered {
		t.Errorf("no liked story from outside the follows in the feed")
	}
	var why herald.FeedItem
	e.do(t, http.MethodGet, fmt.Sprintf("/api/v1/feed/why/%d", p.Items[0].Story.ID), e.tokA, nil).decodeInto(t, 200, &why)
	if len(why.Explain) == 0 || len(why.Reasons) == 0 {
		t.Errorf("why: %+v, want reasons and explain", why)
	}
}

func TestRankedFeedPagingIsStable(t *testing.T) {
	e := newRankEnv(t)
	e.read(t)
	seen := map[int64]bool{}
	q := "limit=4"
	pages := 0
	for {
		p := e.feed(t, q)
		for _, it := range p.Items {
			if seen[it.Story.ID] {
				t.Fatalf("page %d repeats story %d", pages, it.Story.ID)
			}
			seen[it.Story.ID] = true
		}
		pages++
		// Scores change between pages: the reader reads more.
		if pages == 1 {
			e.do(t, http.MethodPost, "/api/v1/events", e.tokA, []herald.Event{{StoryID: e.byTheme[2][0], Kind: herald.EventMoreLike}})
		}
		if p.NextCursor == "" || pages > 20 {
			break
		}
		q = "limit=4&cursor=" + p.NextCursor
	}
	all := e.feed(t, "limit=200")
	if len(seen) < len(all.Items)-1 {
		t.Errorf("paged %d stories, one page of 200 has %d", len(seen), len(all.Items))
	}
	latest := e.feed(t, "limit=5&order=latest")
	for i := 1; i < len(latest.Items); i++ {
		if latest.Items[i].Story.PublishedAt.After(latest.Items[i-1].Story.PublishedAt) {
			t.Errorf("order=latest: item %d newer than item %d", i, i-1)
		}
	}
	if r := e.do(t, http.MethodGet, "/api/v1/feed?cursor=r1.nope.4", e.tokA, nil); r.status != 400 {
		t.Errorf("expired cursor: %d, want 400", r.status)
	}
}

func TestRankedFeedMutesAndSettings(t *testing.T) {
	e := newRankEnv(t)
	e.read(t)
	until := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	if r := e.do(t, http.MethodPut, fmt.Sprintf("/api/v1/mutes/sources/%d?until=%s", e.alpha.ID, until), e.tokA, nil); r.status != 200 {
		t.Fatalf("mute source: %d %s", r.status, r.body)
	}
	if r := e.do(t, http.MethodPut, "/api/v1/mutes/authors/Writer%201", e.tokA, nil); r.status != 200 {
		t.Fatalf("mute author: %d %s", r.status, r.body)
	}
	for _, q := range []string{"limit=50", "limit=50&order=latest"} {
		p := e.feed(t, q)
		if len(p.Items) == 0 {
			t.Errorf("%s: empty feed", q)
		}
		for _, it := range p.Items {
			if it.Story.Source.ID == e.alpha.ID || slices.Contains(it.Story.Authors, "Writer 1") {
				t.Errorf("%s: story %d of a muted source or author is in the feed", q, it.Story.ID)
			}
		}
	}
	var mutes struct {
		Others []herald.MuteTarget `json:"others"`
		Hidden int                 `json:"hidden_this_week"`
	}
	e.do(t, http.MethodGet, "/api/v1/mutes", e.tokA, nil).decodeInto(t, 200, &mutes)
	if len(mutes.Others) != 2 || mutes.Hidden == 0 {
		t.Errorf("mutes: %+v, want 2 mutes that hid stories this week", mutes)
	}
	var w rank.Weights
	e.do(t, http.MethodPut, "/api/v1/me/ranking", e.tokA, map[string]any{"preset": "discover"}).decodeInto(t, 200, &w)
	if want, _ := rank.Preset(rank.PresetDiscover); w != want {
		t.Errorf("settings = %+v, want the discover preset", w)
	}
	if r := e.do(t, http.MethodPut, "/api/v1/me/ranking", e.tokA, map[string]any{"preset": "custom", "text": 9}); r.status != 400 ||
		!strings.Contains(string(r.body), "text") {
		t.Errorf("bad weight: %d %s, want 400 naming text", r.status, r.body)
	}
}

// TestRankedFeedFollowedCluster: the ranked feed keeps a followed
// cluster's stories, all of them, each with "Because you follow this story".
func TestRankedFeedFollowedCluster(t *testing.T) {
	e := newClusterEnv(t, t.TempDir()+"/herald.db", func(d *api.Deps) {
		p := rank.NewPersonal(d.Store)
		d.Feed, d.Ranking = p, p
	})
	if r := e.do(t, "PUT", fmt.Sprintf("/api/v1/follows/clusters/%d", e.quakeC), e.tokA, nil); r.status != 200 {
		t.Fatalf("follow cluster: %d %s", r.status, r.body)
	}
	var feed struct {
		Items []herald.FeedItem `json:"items"`
	}
	e.do(t, "GET", "/api/v1/feed", e.tokA, nil).decodeInto(t, http.StatusOK, &feed)
	found := 0
	for _, it := range feed.Items {
		if !slices.Contains(e.quake, it.Story.ID) {
			continue
		}
		found++
		if r := it.Reasons[0]; r.Kind != herald.ReasonCluster || r.Text != "Because you follow this story" ||
			r.ClusterID != e.quakeC || it.Cluster == nil || it.Cluster.ID != e.quakeC {
			t.Errorf("item %d: reasons %+v, cluster %+v", it.Story.ID, it.Reasons, it.Cluster)
		}
	}
	if found != len(e.quake) {
		t.Errorf("%d of the followed cluster's %d stories in the feed", found, len(e.quake))
	}
	var heads struct {
		Sections []struct {
			Section string            `json:"section"`
			Items   []herald.FeedItem `json:"items"`
		} `json:"sections"`
	}
	e.do(t, "GET", "/api/v1/headlines", e.tokB, nil).decodeInto(t, http.StatusOK, &heads)
	if len(heads.Sections) != 1 || len(heads.Sections[0].Items) != 1 || !slices.Contains(e.quake, heads.Sections[0].Items[0].Story.ID) ||
		heads.Sections[0].Items[0].Reasons[0].Text != "Trending: 3 outlets" {
		t.Errorf("headlines = %+v, want the quake's cluster alone, trending with 3 outlets", heads)
	}
}
