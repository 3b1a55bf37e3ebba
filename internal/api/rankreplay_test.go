package api_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/api"
	"github.com/heraldnews/herald/internal/rank"
)

// TestRankedFeedReplay plays a replay of `herald eval rank` (made by
// go run ./internal/rank/replaygen, path in HERALD_RANK_REPLAY) through the
// real server: stories stored, each reader's follows and events sent to the
// API, the first page of GET /api/v1/feed?limit=10 scored. It prints the
// figures beside those of rank.Replay on the same file, which should be
// close: the offline replay runs the same ranker. Skipped without the file.
func TestRankedFeedReplay(t *testing.T) {
	path := os.Getenv("HERALD_RANK_REPLAY")
	if path == "" {
		t.Skip("HERALD_RANK_REPLAY names no replay file")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	offline, err := rank.Replay(f, rank.DefaultWeights())
	if err != nil {
		t.Fatal(err)
	}
	f.Seek(0, 0)
	var ranked *rank.Personal
	e := newRouteEnv(t, func(d *api.Deps) { ranked = rank.NewPersonal(d.Store); d.Feed, d.Ranking = ranked, ranked })
	sources, ids, slugs := map[int64]int64{}, map[int64]int64{}, map[int64]string{}
	var shift time.Duration
	var sum [3]float64
	readers := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var stories []rank.ReplayStory
	for sc.Scan() {
		var l struct {
			Story  *rank.ReplayStory  `json:"story"`
			Reader *rank.ReplayReader `json:"reader"`
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		if l.Story != nil {
			stories = append(stories, *l.Story)
			continue
		}
		rd := l.Reader
		if readers == 0 {
			shift = time.Now().Add(-time.Minute).Sub(rd.Now)
			for _, s := range stories {
				if sources[s.SourceID] == 0 {
					sources[s.SourceID] = addSource(t, e.store, fmt.Sprintf("https://replay.example/%d", s.SourceID), s.Source).ID
				}
				st := &herald.Story{SourceID: sources[s.SourceID], ExternalID: strconv.FormatInt(s.ID, 10),
					URL: fmt.Sprintf("https://replay.example/s/%d", s.ID), Title: s.Title, ContentHTML: "<p>" + s.Text + "</p>",
					PublishedAt: s.Published.Add(shift), Section: s.Section}
				for _, tp := range s.Topics {
					st.Topics = append(st.Topics, herald.StoryTopic{Topic: herald.Topic{Slug: tp.Slug, Name: tp.Name, Kind: herald.KindPlace}, Salience: tp.Salience})
					slugs[tp.ID] = tp.Slug
				}
				res, err := e.store.UpsertStory(t.Context(), st)
				if err != nil {
					t.Fatal(err)
				}
				ids[s.ID] = res.ID
			}
		}
		_, tok := addUser(t, e.store, e.auth, "replay-"+rd.ID)
		for _, tp := range rd.Follows.Topics {
			if r := e.do(t, http.MethodPut, "/api/v1/follows/topics/"+slugs[tp], tok, nil); r.status != 200 {
				t.Fatalf("follow: %d %s", r.status, r.body)
			}
		}
		for i := 0; i < len(rd.Events); i += 500 {
			batch := rd.Events[i:min(i+500, len(rd.Events))]
			evs := make([]herald.Event, len(batch))
			for k, ev := range batch {
				evs[k] = herald.Event{StoryID: ids[ev.StoryID], Kind: ev.Kind, At: ev.At.Add(shift), DwellMS: ev.DwellMS}
			}
			if r := e.do(t, http.MethodPost, "/api/v1/events", tok, evs); r.status != http.StatusAccepted {
				t.Fatalf("events: %d %s", r.status, r.body)
			}
		}
		var page rankPage
		e.do(t, http.MethodGet, "/api/v1/feed?limit=10", tok, nil).decodeInto(t, 200, &page)
		rel := map[string]float64{}
		for id, g := range rd.Relevant {
			n, _ := strconv.ParseInt(id, 10, 64)
			rel[strconv.FormatInt(ids[n], 10)] = g
		}
		var got []int64
		for _, it := range page.Items {
			got = append(got, it.Story.ID)
		}
		n, r, m := rank.Metrics(got, rel)
		sum[0], sum[1], sum[2] = sum[0]+n, sum[1]+r, sum[2]+m
		readers++
	}
	k := float64(readers)
	t.Logf("through the API: ndcg@10 %.4f recall@10 %.4f mrr %.4f over %d readers; offline replay: %+v",
		sum[0]/k, sum[1]/k, sum[2]/k, readers, offline)
	if d := sum[0]/k - offline.NDCG10; d < -0.05 {
		t.Errorf("the server's feed scores %.4f below the offline replay", -d)
	}
}
