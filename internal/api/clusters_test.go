package api_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/heraldnews/herald"
	"github.com/heraldnews/herald/internal/api"
	"github.com/heraldnews/herald/internal/cluster"
	"github.com/heraldnews/herald/internal/storetest"
)

// clusterEnv is a routeEnv with a third source and, stored after the seeded
// stories and clustered by the real worker: the same earthquake told by three
// outlets, a football match and a bank decision.
type clusterEnv struct {
	*routeEnv
	gamma                  *herald.Source
	quake                  []int64 // by Alpha, Beta, Gamma, oldest first
	football, bank, quakeC int64   // quakeC: the quake's cluster
}

var quakeTexts = []string{
	"A magnitude 7.1 earthquake struck the coast of Chile near Valparaiso on Tuesday night, damaging the harbour and cutting power to thousands of homes. Rescuers searched collapsed buildings, the national emergency office said.",
	"An earthquake of magnitude 7.1 shook Chile on Tuesday night. In Valparaiso the harbour was damaged, thousands of homes lost power and rescuers searched collapsed buildings, the emergency office said.",
	"Chile's emergency office said rescuers were searching collapsed buildings in Valparaiso after a 7.1 magnitude earthquake hit the coast on Tuesday night, damaging the harbour and leaving thousands of homes without power.",
}

func newClusterEnv(t *testing.T, path string, opts ...func(*api.Deps)) *clusterEnv {
	t.Helper()
	e := &clusterEnv{routeEnv: newRouteEnvOn(t, path, opts...)}
	e.gamma = addSource(t, e.store, "https://gamma.example/feed", "Gamma Daily")
	// The worker starts after the seeded stories (their made-up cluster ids stay).
	if err := e.store.SaveClusterChanges(t.Context(), cluster.Changes{Meta: cluster.Meta{Seq: 1, LastStory: slices.Max(e.ids),
		NextClusterID: 1000}}); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	for i, src := range []*herald.Source{e.alpha, e.beta, e.gamma} {
		e.quake = append(e.quake, e.add(t, src, fmt.Sprintf("quake-%d", i), "Earthquake damages Valparaiso harbour in Chile",
			quakeTexts[i], now.Add(time.Duration(i-30)*time.Minute)))
	}
	e.football = e.add(t, e.alpha, "football", "Arsenal beat Chelsea in the London derby",
		"Arsenal beat Chelsea two goals to one at the Emirates Stadium on Sunday, with a late header deciding the London derby.", now.Add(-20*time.Minute))
	e.bank = e.add(t, e.beta, "bank", "Brazil's central bank raises interest rates",
		"The Central Bank of Brazil raised its benchmark interest rate by half a point on Wednesday, citing stubborn inflation in Sao Paulo.", now.Add(-10*time.Minute))
	w := &cluster.Worker{Store: e.store, Config: cluster.DefaultConfig()}
	if _, err := w.Drain(t.Context()); err != nil {
		t.Fatalf("cluster: %v", err)
	}
	st, err := e.store.Story(t.Context(), e.quake[0])
	if err != nil {
		t.Fatal(err)
	}
	e.quakeC = st.ClusterID
	return e
}

// add stores a story of src about one subject.
func (e *clusterEnv) add(t *testing.T, src *herald.Source, ext, title, text string, at time.Time) int64 {
	t.Helper()
	res, err := e.store.UpsertStory(t.Context(), &herald.Story{SourceID: src.ID, ExternalID: ext, URL: "https://news.example/" + ext,
		Title: title, ContentHTML: "<p>" + text + "</p>", PublishedAt: at, Topics: []herald.StoryTopic{{Topic: herald.Topic{Slug: "chile-" + ext,
			Name: "Chile " + ext, Kind: herald.KindPlace}, Salience: 0.5}}})
	if err != nil {
		t.Fatal(err)
	}
	return res.ID
}

func TestClustersAPISQLite(t *testing.T) { testClustersAPI(t, "") }

func TestClustersAPIPostgres(t *testing.T) { testClustersAPI(t, storetest.PostgresURL(t)) }

func testClustersAPI(t *testing.T, url string) {
	if url == "" {
		url = t.TempDir() + "/herald.db"
	}
	e := newClusterEnv(t, url)
	t.Run("collapse", e.testCollapse)
	t.Run("clusters", e.testClusters)
	t.Run("follow", e.testFollow)
	t.Run("merge and embargo", e.testMergeAndEmbargo)
}

func (e *clusterEnv) testCollapse(t *testing.T) {
	var page herald.StoryPage
	e.do(t, "GET", "/api/v1/stories?limit=20", e.tokA, nil).decodeInto(t, http.StatusOK, &page)
	var quakes []*herald.Story
	for _, s := range page.Items {
		if slices.Contains(e.quake, s.ID) {
			quakes = append(quakes, s)
		}
	}
	if len(quakes) != 1 || quakes[0].ID != e.quake[2] {
		t.Fatalf("collapsed listing has quake stories %v, want only the newest (%d)", storyIDs(quakes), e.quake[2])
	}
	ref := quakes[0].Cluster
	if ref == nil || ref.ID != e.quakeC || ref.Size != 3 || ref.Outlets != 3 || len(ref.Sources) != 3 || ref.Sources[0].ID != e.alpha.ID {
		t.Fatalf("cluster of the kept story = %+v; want cluster %d of 3 stories from 3 outlets, Alpha first", ref, e.quakeC)
	}
	if ref.Reason != "3 outlets" {
		t.Errorf("reason = %q, want \"3 outlets\"", ref.Reason)
	}
	e.do(t, "GET", "/api/v1/stories?limit=20&collapse=false", e.tokA, nil).decodeInto(t, http.StatusOK, &page)
	n := 0
	for _, s := range page.Items {
		if slices.Contains(e.quake, s.ID) && s.Cluster != nil && s.Cluster.ID == e.quakeC {
			n++
		}
	}
	if n != 3 {
		t.Errorf("collapse=false lists %d quake stories with their cluster, want 3", n)
	}
	var one herald.Story
	e.do(t, "GET", fmt.Sprintf("/api/v1/stories/%d", e.quake[0]), e.tokA, nil).decodeInto(t, http.StatusOK, &one)
	if one.Cluster == nil || one.Cluster.ID != e.quakeC {
		t.Errorf("GET story: cluster = %+v, want cluster %d", one.Cluster, e.quakeC)
	}
	var alone herald.Story
	e.do(t, "GET", fmt.Sprintf("/api/v1/stories/%d", e.football), e.tokA, nil).decodeInto(t, http.StatusOK, &alone)
	if alone.Cluster != nil || alone.ClusterID == 0 {
		t.Errorf("GET a story alone in its cluster: cluster %d, ref %+v; want a cluster id and no ref", alone.ClusterID, alone.Cluster)
	}
}

func (e *clusterEnv) testClusters(t *testing.T) {
	var list struct {
		Items      []*herald.Cluster `json:"items"`
		NextCursor string            `json:"next_cursor"`
	}
	e.do(t, "GET", "/api/v1/clusters", e.tokA, nil).decodeInto(t, http.StatusOK, &list)
	if len(list.Items) != 1 || list.Items[0].ID != e.quakeC || list.Items[0].Size != 3 || list.NextCursor != "" {
		t.Fatalf("GET /api/v1/clusters = %+v, want the quake's cluster alone", list)
	}
	var c herald.Cluster
	e.do(t, "GET", fmt.Sprintf("/api/v1/clusters/%d", e.quakeC), e.tokA, nil).decodeInto(t, http.StatusOK, &c)
	if got := storyIDs(c.Stories); !slices.Equal(got, e.quake) || len(c.Outlets) != 3 || len(c.Timeline) != 3 || c.Following {
		t.Fatalf("GET cluster = stories %v, %d outlets, %d timeline entries, following %v; want %v, 3, 3, false",
			got, len(c.Outlets), len(c.Timeline), c.Following, e.quake)
	}
	if c.Timeline[0].Kind != herald.TimelineFirst || c.Timeline[1].Kind != herald.TimelineAlso || c.Headline == nil {
		t.Errorf("timeline = %+v, headline %v", c.Timeline, c.Headline)
	}
	e.do(t, "GET", "/api/v1/clusters/987654", e.tokA, nil).wantError(t, http.StatusNotFound, "not_found")
	e.do(t, "GET", "/api/v1/clusters?cursor=zz", e.tokA, nil).wantError(t, http.StatusBadRequest, "invalid")
	e.do(t, "GET", "/api/v1/clusters", "", nil).wantError(t, http.StatusUnauthorized, "unauthorized")
}

// feedReasons returns, by story id, the reason kinds of userA's feed.
func (e *clusterEnv) feedReasons(t *testing.T) map[int64][]string {
	var feed struct {
		Items []herald.FeedItem `json:"items"`
	}
	e.do(t, "GET", "/api/v1/feed", e.tokA, nil).decodeInto(t, http.StatusOK, &feed)
	out := map[int64][]string{}
	for _, it := range feed.Items {
		for _, r := range it.Reasons {
			out[it.Story.ID] = append(out[it.Story.ID], r.Kind)
		}
		if r := it.Reasons[0]; r.Kind == herald.ReasonCluster && (r.Text != "Because you follow this story" ||
			it.Cluster == nil || it.Cluster.ID != e.quakeC || r.ClusterID != e.quakeC) {
			t.Errorf("feed item %d: reason %+v, cluster %+v", it.Story.ID, r, it.Cluster)
		}
	}
	return out
}

func (e *clusterEnv) testFollow(t *testing.T) {
	path := fmt.Sprintf("/api/v1/follows/clusters/%d", e.quakeC)
	var got struct {
		Following bool            `json:"following"`
		Cluster   *herald.Cluster `json:"cluster"`
	}
	e.do(t, "PUT", path, e.tokA, nil).decodeInto(t, http.StatusOK, &got)
	if !got.Following || got.Cluster.ID != e.quakeC || !got.Cluster.Following {
		t.Fatalf("PUT %s = %+v", path, got)
	}
	var follows struct {
		Items []herald.Follow `json:"items"`
	}
	e.do(t, "GET", "/api/v1/follows", e.tokA, nil).decodeInto(t, http.StatusOK, &follows)
	if len(follows.Items) != 1 || follows.Items[0].Kind != herald.FollowCluster || follows.Items[0].Cluster.ID != e.quakeC {
		t.Fatalf("GET /api/v1/follows = %+v, want the cluster", follows.Items)
	}
	reasons := e.feedReasons(t)
	for _, id := range e.quake {
		if len(reasons[id]) == 0 || reasons[id][0] != herald.ReasonCluster {
			t.Errorf("feed: story %d has reasons %v, want followed_cluster", id, reasons[id])
		}
	}
	if len(reasons) != 3 {
		t.Errorf("feed = %v, want the cluster's three stories only", reasons)
	}
	e.do(t, "PUT", "/api/v1/follows/clusters/987654", e.tokA, nil).wantError(t, http.StatusNotFound, "not_found")
	e.do(t, "DELETE", "/api/v1/follows/clusters/987654", e.tokA, nil).wantError(t, http.StatusNotFound, "not_found")
	if r := e.do(t, "DELETE", path, e.tokA, nil); r.status != http.StatusNoContent {
		t.Fatalf("DELETE %s = %d %s", path, r.status, r.body)
	}
	if got := e.feedReasons(t); len(got) != 0 {
		t.Errorf("feed after unfollowing = %v, want empty", got)
	}
}

// testMergeAndEmbargo folds the football story's cluster into the quake's
// and adds an embargoed story to it, as a worker would save them.
func (e *clusterEnv) testMergeAndEmbargo(t *testing.T) {
	ctx := context.Background()
	heldStory := &herald.Story{SourceID: e.gamma.ID, ExternalID: "held", URL: "https://news.example/held", Title: "Aftershock hits Valparaiso",
		ContentHTML: "<p>" + quakeTexts[0] + "</p>", PublishedAt: time.Now().UTC().Add(-5 * time.Minute), EmbargoUntil: time.Now().Add(time.Hour)}
	res, err := e.store.UpsertStory(ctx, heldStory)
	if err != nil {
		t.Fatal(err)
	}
	held := res.ID
	st, err := e.store.LoadClusterState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	football, _ := e.store.Story(ctx, e.football)
	ch := cluster.Changes{BaseSeq: st.Meta.Seq, Meta: st.Meta, Merges: []cluster.Merge{{From: football.ClusterID, Into: e.quakeC}}}
	ch.Meta.Seq++
	for _, c := range st.Clusters {
		if c.ID == e.quakeC {
			c.Size += 2
			ch.Clusters = append(ch.Clusters, c)
		}
	}
	for _, m := range st.Members {
		if m.StoryID == e.football {
			m.ClusterID = e.quakeC
			ch.Members = append(ch.Members, m, cluster.Member{StoryID: held, ClusterID: e.quakeC, Features: m.Features})
		}
	}
	if err := e.store.SaveClusterChanges(ctx, ch); err != nil {
		t.Fatal(err)
	}
	var c herald.Cluster
	e.do(t, "GET", fmt.Sprintf("/api/v1/clusters/%d", football.ClusterID), e.tokA, nil).decodeInto(t, http.StatusOK, &c)
	if c.ID != e.quakeC || c.Size != 4 || slices.Contains(storyIDs(c.Stories), held) {
		t.Errorf("GET the merged cluster %d = cluster %d of %d stories %v; want %d, the embargoed story hidden",
			football.ClusterID, c.ID, c.Size, storyIDs(c.Stories), e.quakeC)
	}
	if r := e.do(t, "PUT", fmt.Sprintf("/api/v1/follows/clusters/%d", football.ClusterID), e.tokB, nil); r.status != http.StatusOK {
		t.Errorf("following a merged id = %d %s, want 200", r.status, r.body)
	}
}
